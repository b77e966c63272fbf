package secplane.agent.core.control;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * A snapshot whose signature verified (docs/protocol.md, "Signed snapshot"). Nothing of a
 * document is trusted before the Ed25519 signature over the canonical JSON of its
 * {@code snapshot} member checks out with the configured key; only the version is read first,
 * so that a NACK can name it.
 */
final class SignedSnapshot {
    /** A bundle as the snapshot names it; the signature covers its SHA-256 and so its bytes. */
    static final class Bundle {
        final String id;
        final String version;
        final String sha256;
        final long size;

        Bundle(String id, String version, String sha256, long size) {
            this.id = id;
            this.version = version;
            this.sha256 = sha256;
            this.size = size;
        }
    }

    final String text;
    final long version;
    final String service;
    final String issuedAt;
    final Map<String, Object> policy;
    final List<Bundle> bundles;

    private SignedSnapshot(String text, long version, String service, String issuedAt, Map<String, Object> policy,
            List<Bundle> bundles) {
        this.text = text;
        this.version = version;
        this.service = service;
        this.issuedAt = issuedAt;
        this.policy = policy;
        this.bundles = bundles;
    }

    /** Thrown with the version the document claims (0 if none), so that the NACK can name it. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final long version;

        Rejected(long version, String message) {
            super(message);
            this.version = version;
        }
    }

    /** The version a document claims, before anything is verified; 0 if it names none. */
    static long claimedVersion(Object root) {
        if (root instanceof Map && ((Map<?, ?>) root).get("snapshot") instanceof Map) {
            Object v = ((Map<?, ?>) ((Map<?, ?>) root).get("snapshot")).get("version");
            if (v instanceof Long) {
                return (Long) v;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static SignedSnapshot verify(String text, PublicKey key, String keyId) throws Rejected {
        Object root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new Rejected(0, "snapshot is not valid JSON: " + e.getMessage());
        }
        long claimed = claimedVersion(root);
        if (!(root instanceof Map) || !(((Map<?, ?>) root).get("snapshot") instanceof Map)) {
            throw new Rejected(claimed, "document has no 'snapshot' object");
        }
        Map<String, Object> doc = (Map<String, Object>) root;
        Map<String, Object> snapshot = (Map<String, Object>) doc.get("snapshot");
        Object sig = doc.get("signature");
        if (!(sig instanceof Map)) {
            throw new Rejected(claimed, "snapshot is not signed (no 'signature' object); this agent applies only snapshots signed "
                    + "with key " + keyId);
        }
        Map<String, Object> signature = (Map<String, Object>) sig;
        if (!"Ed25519".equals(signature.get("alg"))) {
            throw new Rejected(claimed, "signature algorithm '" + signature.get("alg") + "' is not supported; expected Ed25519");
        }
        if (!(signature.get("value") instanceof String)) {
            throw new Rejected(claimed, "signature has no 'value'");
        }
        boolean valid;
        try {
            valid = secplane.protocol.Signatures.verify(key, snapshot, (String) signature.get("value"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            Object named = signature.get("keyId");
            throw new Rejected(claimed, "signature does not verify with key " + keyId
                    + (named == null ? "" : " (the snapshot names key " + named + ")"));
        }
        return parse(text, snapshot, claimed);
    }

    @SuppressWarnings("unchecked")
    private static SignedSnapshot parse(String text, Map<String, Object> s, long claimed) throws Rejected {
        if (!(s.get("version") instanceof Long) || (Long) s.get("version") < 1) {
            throw new Rejected(claimed, "snapshot/version must be a positive integer, not " + s.get("version"));
        }
        if (!(s.get("service") instanceof String)) {
            throw new Rejected(claimed, "snapshot/service must be a string");
        }
        Object policy = s.get("policy");
        if (policy != null && !(policy instanceof Map)) {
            throw new Rejected(claimed, "snapshot/policy must be an object");
        }
        List<Bundle> bundles = new ArrayList<>();
        Object list = s.get("bundles");
        if (list != null && !(list instanceof List)) {
            throw new Rejected(claimed, "snapshot/bundles must be an array");
        }
        if (list != null) {
            int i = 0;
            for (Object o : (List<Object>) list) {
                String at = "snapshot/bundles/" + i++;
                if (!(o instanceof Map)) {
                    throw new Rejected(claimed, at + " must be an object");
                }
                Map<String, Object> b = (Map<String, Object>) o;
                Object sha = b.get("sha256");
                if (!(sha instanceof String) || !((String) sha).matches("[0-9a-f]{64}")) {
                    throw new Rejected(claimed, at + "/sha256 must be 64 lower-case hex digits, not " + sha);
                }
                if (!(b.get("id") instanceof String) || !(b.get("version") instanceof String)) {
                    throw new Rejected(claimed, at + " must name an id and a version");
                }
                Object size = b.get("size");
                bundles.add(new Bundle((String) b.get("id"), (String) b.get("version"), (String) sha,
                        size instanceof Long ? (Long) size : -1));
            }
        }
        Map<String, Object> p = policy == null ? Collections.<String, Object>emptyMap() : (Map<String, Object>) policy;
        return new SignedSnapshot(text, (Long) s.get("version"), (String) s.get("service"),
                s.get("issuedAt") instanceof String ? (String) s.get("issuedAt") : null, p, Collections.unmodifiableList(bundles));
    }

    String policyText() {
        return Json.write(policy);
    }
}
