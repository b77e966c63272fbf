package secplane.server.bundles;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import secplane.server.agents.AgentRoutes;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Bodies;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Aspect bundles (docs/protocol.md "Aspect bundles"): jars named by their SHA-256, which a signed
 * snapshot lists, so the snapshot's signature covers the bundle's bytes.
 */
public final class BundleRoutes {
    public static final int MAX_BUNDLE = 16 << 20;

    private BundleRoutes() {
    }

    public static void routes(Javalin app, Store store) {
        app.post("/v1/bundles", ctx -> {
            byte[] jar = Bodies.read(ctx, MAX_BUNDLE, "the bundle");
            Manifest manifest;
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
                manifest = in.getManifest();
            } catch (IOException e) {
                throw ApiError.invalid("the body is not a jar: " + e.getMessage());
            }
            if (manifest == null) {
                throw ApiError.invalid("the jar has no META-INF/MANIFEST.MF; an aspect jar names itself with Secplane-Aspect-Id, -Version and -Class (docs/agent.md)");
            }
            Attributes a = manifest.getMainAttributes();
            String id = a.getValue("Secplane-Aspect-Id");
            String version = a.getValue("Secplane-Aspect-Version");
            if (id == null || version == null || a.getValue("Secplane-Aspect-Class") == null) {
                throw ApiError.invalid("the jar's manifest must name Secplane-Aspect-Id, Secplane-Aspect-Version and Secplane-Aspect-Class (docs/agent.md)");
            }
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") || version.length() > 100) {
                throw ApiError.invalid("Secplane-Aspect-Id '" + id + "' must be letters, digits, '.', '_' or '-'");
            }
            String sha = sha256(jar);
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                Map<String, Object> existing = describe(c, sha);
                if (existing != null) {
                    return existing;
                }
                if (Sql.one(c, "SELECT sha256 FROM bundles WHERE id = ? AND version = ?", rs -> rs.getString(1), id, version).isPresent()) {
                    throw ApiError.conflict("bundle " + id + " " + version + " exists with other content; raise Secplane-Aspect-Version");
                }
                Sql.update(c, "INSERT INTO bundles (sha256, id, version, size, content, uploaded_at, uploaded_by) VALUES (?,?,?,?,?,?,?)",
                        sha, id, version, (long) jar.length, jar, System.currentTimeMillis(), op.actor());
                Map<String, Object> after = describe(c, sha);
                Audit.record(c, op, "bundle.upload", "bundle/" + id, null, after);
                return after;
            });
            Http.json(ctx, 201, out);
        });

        app.get("/v1/bundles", ctx -> {
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.query(c, "SELECT sha256 FROM bundles ORDER BY id, uploaded_at", rs -> rs.getString(1)).stream().map(s -> {
                    try {
                        return (Object) describe(c, s);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
            });
            Http.json(ctx, 200, Map.of("bundles", rows));
        });

        // {ref} is a SHA-256 (64 hex digits) for download, so an agent fetches exactly what its snapshot names.
        app.get("/v1/bundles/{sha256}", ctx -> {
            AgentRoutes.checkProtocol(ctx);
            String sha = ctx.pathParam("sha256").toLowerCase();
            byte[] jar = store.transaction(c -> {
                Principal p = Tokens.authenticate(c, ctx);
                if (p.kind() == Principal.Kind.ENROL) {
                    throw ApiError.forbidden("an enrolment token cannot download bundles; use the agent token");
                }
                return Sql.one(c, "SELECT content FROM bundles WHERE sha256 = ?", rs -> rs.getBytes(1), sha)
                        .orElseThrow(() -> ApiError.notFound("no bundle with SHA-256 " + sha));
            });
            ctx.status(200).contentType("application/java-archive").result(jar);
        });

        app.delete("/v1/bundles/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                List<String> shas = Sql.query(c, "SELECT sha256 FROM bundles WHERE id = ? OR sha256 = ?", rs -> rs.getString(1), id, id.toLowerCase());
                if (shas.isEmpty()) {
                    throw ApiError.notFound("no bundle " + id + "; GET /v1/bundles lists them");
                }
                for (String sha : shas) {
                    List<String> users = Sql.query(c, "SELECT s.service || ' v' || s.version FROM snapshots s WHERE s.version = "
                            + "(SELECT MAX(version) FROM snapshots t WHERE t.service = s.service) AND s.bundles LIKE ?", rs -> rs.getString(1), "%" + sha + "%");
                    if (!users.isEmpty()) {
                        throw ApiError.conflict("bundle " + id + " is named by the current policy of " + String.join(", ", users)
                                + "; push a policy without it first, then delete it");
                    }
                }
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("bundles", shas.stream().map(s -> {
                    try {
                        return (Object) describe(c, s);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList());
                for (String sha : shas) {
                    Sql.update(c, "DELETE FROM bundles WHERE sha256 = ?", sha);
                }
                Audit.record(c, op, "bundle.delete", "bundle/" + id, before, null);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("deleted", shas);
                return m;
            });
            Http.json(ctx, 200, out);
        });
    }

    static Map<String, Object> describe(Connection c, String sha) throws SQLException {
        return Sql.one(c, "SELECT sha256, id, version, size, uploaded_at, uploaded_by FROM bundles WHERE sha256 = ?", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getString(2));
            m.put("version", rs.getString(3));
            m.put("sha256", rs.getString(1));
            m.put("size", rs.getLong(4));
            m.put("uploadedAt", Http.time(rs.getLong(5)));
            m.put("uploadedBy", rs.getString(6));
            return m;
        }, sha).orElse(null);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
