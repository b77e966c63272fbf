package secplane.agent.core.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, merged from four sources. Highest precedence first:
 * <ol>
 *   <li>the agent argument: {@code -javaagent:secplane-agent.jar=key=value,key=value} or the
 *       options of {@code secplane attach};</li>
 *   <li>environment variables {@code SECPLANE_<KEY>} (upper case, dots and dashes as underscores,
 *       e.g. {@code SECPLANE_POLICY}, {@code SECPLANE_ASPECTS_DIR});</li>
 *   <li>a properties file named by {@code config=} (argument) or {@code SECPLANE_CONFIG};</li>
 *   <li>built-in defaults.</li>
 * </ol>
 * Unknown keys are rejected with the list of known ones, so that a typo does not silently leave
 * a protection unconfigured.
 */
public final class AgentOptions {
    /** key -> {default, description}. */
    private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        known("config", "", "properties file with further options");
        known("data", "", "directory for the agent's log, events and state (default: ~/.secplane/agent/<pid>)");
        known("policy", "", "policy file (JSON or YAML); reloaded when it changes");
        known("aspects.dir", "", "directory of additional or upgraded aspect jars; watched for changes");
        known("service", "", "service name reported in events (default: the main class or jar)");
        known("poll.ms", "1000", "how often the policy file and aspects directory are checked, in ms");
        known("log.level", "info", "agent log level: debug, info, warn, error");
        known("aspect.budget.ms", "100", "time budget of one aspect call; overruns count as failures");
        known("quarantine.after", "5", "failures (exceptions or overruns) before an aspect is quarantined");
        known("events.queue", "10000", "events buffered in memory before new ones are dropped and counted");
        known("builtin", "true", "load the built-in aspects");
        known("inventory", "true", "keep the runtime inventory (JDK, every jar in use with SHA-256 and coordinates) in <data>/inventory.json and report it to the control plane");
        known("server", "", "control plane base URL, e.g. http://cp.internal:8080, or several replicas separated by ; (used one at a time, the next when one fails); empty: standalone (local policy file)");
        known("server.key", "", "the control plane's Ed25519 public key (base64 of 32 bytes) or a file holding it; required with server");
        known("enrol.token", "", "enrolment token for this service (or SECPLANE_ENROL_TOKEN); never logged");
        known("instance", "", "instance id reported to the control plane and matched by virtual patches' instances (default: <host>-<pid>)");
        known("labels", "", "labels reported to the control plane, e.g. zone=a;tier=web");
    }

    private static void known(String key, String defaultValue, String description) {
        KNOWN.put(key, new String[] {defaultValue, description});
    }

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private final java.util.List<String> warnings;

    private AgentOptions(Map<String, String> values, Map<String, String> sources, java.util.List<String> warnings) {
        this.values = values;
        this.sources = sources;
        this.warnings = warnings;
    }

    /** Things worth a line in the agent log, such as unknown SECPLANE_ variables. */
    public java.util.List<String> warnings() {
        return java.util.Collections.unmodifiableList(warnings);
    }

    public static Map<String, String[]> known() {
        return Collections.unmodifiableMap(KNOWN);
    }

    public static AgentOptions resolve(String agentArgs, Map<String, String> env) throws IOException {
        Map<String, String> fromArgs = parseArgs(agentArgs);
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (String key : KNOWN.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                fromEnv.put(key, v);
            }
        }
        java.util.List<String> warnings = new java.util.ArrayList<>();
        for (String name : env.keySet()) {
            // other secplane tools share the prefix, so an unknown name is a warning, not an error
            if (name.startsWith("SECPLANE_") && !isKnownEnv(name)) {
                warnings.add("environment variable " + name + " is not an agent option; agent options: " + knownEnvNames());
            }
        }
        String configPath = fromArgs.containsKey("config") ? fromArgs.get("config") : fromEnv.get("config");
        Map<String, String> fromFile = new LinkedHashMap<>();
        if (configPath != null && !configPath.isEmpty()) {
            Properties p = new Properties();
            InputStream in = new FileInputStream(configPath);
            try {
                p.load(in);
            } finally {
                in.close();
            }
            for (String key : p.stringPropertyNames()) {
                check(key, "config file " + configPath);
                fromFile.put(key, p.getProperty(key).trim());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : KNOWN.entrySet()) {
            values.put(e.getKey(), e.getValue()[0]);
            sources.put(e.getKey(), "default");
        }
        merge(values, sources, fromFile, "config file");
        merge(values, sources, fromEnv, "environment");
        merge(values, sources, fromArgs, "agent argument");
        return new AgentOptions(values, sources, warnings);
    }

    private static void merge(Map<String, String> values, Map<String, String> sources, Map<String, String> layer,
            String source) {
        for (Map.Entry<String, String> e : layer.entrySet()) {
            values.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), source);
        }
    }

    static Map<String, String> parseArgs(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return out;
        }
        for (String part : args.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("agent argument '" + p + "' is not key=value; known keys: " + KNOWN.keySet());
            }
            String key = p.substring(0, eq).trim();
            check(key, "agent argument");
            out.put(key, p.substring(eq + 1).trim());
        }
        return out;
    }

    private static void check(String key, String where) {
        if (!KNOWN.containsKey(key)) {
            throw new IllegalArgumentException("unknown option '" + key + "' in " + where + "; known options: " + KNOWN.keySet());
        }
    }

    public static String envName(String key) {
        return "SECPLANE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean isKnownEnv(String name) {
        for (String key : KNOWN.keySet()) {
            if (envName(key).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String knownEnvNames() {
        StringBuilder sb = new StringBuilder();
        for (String key : KNOWN.keySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(envName(key));
        }
        return sb.toString();
    }

    /** Options whose values are secrets: shown as {@code <redacted>} wherever options are printed. */
    public static boolean secret(String key) {
        return "enrol.token".equals(key);
    }

    public String get(String key) {
        return values.get(key);
    }

    public String source(String key) {
        return sources.get(key);
    }

    public long number(String key) {
        String v = values.get(key);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " (from " + sources.get(key) + ") is not a number");
        }
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(values.get(key).trim());
    }

    public File file(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : new File(v);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
