package secplane.agent.core.control;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.agent.core.Files2;
import secplane.agent.core.config.AgentOptions;
import secplane.protocol.Signatures;

/**
 * What the agent needs to talk to the control plane, checked once at start: a malformed server
 * URL, a missing or unreadable public key, a missing enrolment token or malformed labels refuse
 * the control-plane mode with a message that says what to set, instead of failing later.
 */
public final class ControlPlaneConfig {
    /** The option as given: one base URL, or several replicas' separated by {@code ;}. */
    final String server;
    /** The replicas' base URLs without trailing slashes, in the order the agent tries them. */
    final List<String> servers;
    final PublicKey key;
    final String keyId;
    final String enrolToken;
    final String instance;
    final Map<String, String> labels;
    final File dataDir;
    long backoffBaseMillis = 1000;
    long backoffCapMillis = 60_000;
    long uploadIntervalMillis = 1000;
    int uploadBatch = 500;
    int uploadCapacity = 10_000;
    int maxWaitSeconds = 30;
    /** How long a server that refused an inventory is taken not to know them before it is offered one again. */
    long inventoryRetryMillis = 10L * 60 * 1000;

    public ControlPlaneConfig(String server, PublicKey key, String enrolToken, String instance, Map<String, String> labels,
            File dataDir) {
        this.servers = servers(server);
        this.server = join(servers);
        this.key = key;
        this.keyId = Signatures.keyId(key);
        this.enrolToken = enrolToken;
        this.instance = instance;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        this.dataDir = dataDir;
    }

    /** Shorter delays for tests; the defaults are 1 s base, 60 s cap, uploads every second. */
    public ControlPlaneConfig timing(long backoffBaseMillis, long backoffCapMillis, long uploadIntervalMillis) {
        this.backoffBaseMillis = backoffBaseMillis;
        this.backoffCapMillis = backoffCapMillis;
        this.uploadIntervalMillis = uploadIntervalMillis;
        return this;
    }

    /** @param capacity events held for upload; beyond it they are dropped and counted */
    public ControlPlaneConfig uploadCapacity(int capacity) {
        this.uploadCapacity = capacity;
        return this;
    }

    public String server() {
        return server;
    }

    public String instance() {
        return instance;
    }

    /**
     * @param host the host name, for the default instance id {@code <host>-<pid>}
     * @throws IllegalArgumentException with a message that says what to set
     */
    public static ControlPlaneConfig from(AgentOptions options, Map<String, String> env, File dataDir, String host, String pid) {
        String server = join(servers(options.get("server")));
        String keyOption = options.get("server.key").trim();
        if (keyOption.isEmpty()) {
            throw new IllegalArgumentException("server is set but server.key is not: set server.key to the control plane's Ed25519 "
                    + "public key (base64 of its 32 bytes, as the server prints it) or to a file holding it; without it no "
                    + "snapshot could be verified");
        }
        PublicKey key = publicKey(keyOption);
        String token = options.get("enrol.token").trim();
        if (token.isEmpty()) {
            token = env.getOrDefault("SECPLANE_ENROL_TOKEN", "").trim();
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("server is set but no enrolment token is: set enrol.token or SECPLANE_ENROL_TOKEN "
                    + "to a token made with 'secplane tokens create --enrol <service>'");
        }
        String instance = options.get("instance").trim();
        if (instance.isEmpty()) {
            instance = host + "-" + pid;
        }
        return new ControlPlaneConfig(server, key, token, instance, labels(options.get("labels")), dataDir);
    }

    /**
     * {@code http://a:8443;http://b:8443}: the replicas of one control plane (one database), which
     * the agent uses one at a time, moving to the next when one fails.
     */
    static List<String> servers(String option) {
        List<String> out = new ArrayList<>();
        for (String part : option.split(";")) {
            String url = part.trim();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            if (url.isEmpty()) {
                continue;
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("server=" + option.trim() + ": '" + url + "' is not an http:// or https:// URL; set "
                        + "server=http://<host>:<port>, or several replicas as server=http://<a>:<port>;http://<b>:<port>");
            }
            if (!out.contains(url)) {
                out.add(url);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("server=" + option.trim() + " names no URL; set server=http://<host>:<port>");
        }
        return Collections.unmodifiableList(out);
    }

    private static String join(List<String> urls) {
        StringBuilder sb = new StringBuilder();
        for (String u : urls) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(u);
        }
        return sb.toString();
    }

    static PublicKey publicKey(String option) {
        String base64 = option;
        File f = new File(option);
        if (f.isFile()) {
            try {
                base64 = new String(Files2.readAll(f), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("server.key file " + f + " cannot be read: " + e.getMessage());
            }
        }
        try {
            return Signatures.publicKey(base64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("the control-plane mode verifies Ed25519 signatures, which the JDK provides from "
                    + "Java 15 on; this JVM is Java " + System.getProperty("java.version") + ". Run the application on Java 15 "
                    + "or later, or leave server unset");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("server.key" + (f.isFile() ? " file " + f : "=" + option)
                    + " is neither an existing file nor an Ed25519 public key (" + e.getMessage() + "); expected base64 of 32 bytes "
                    + "or the path of a file holding it");
        }
    }

    /** {@code zone=a;tier=web} */
    static Map<String, String> labels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("labels: '" + p + "' is not key=value; write labels=zone=a;tier=web");
            }
            out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }
}
