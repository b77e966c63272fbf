package secplane.aspects.jndi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * JNDI injection (CVE-2021-44228 / -45046 Log4Shell, CVE-2021-42392 H2 console, CVE-2022-22963 and
 * the jackson/fastjson JNDI gadgets): a lookup of a remote URL makes the JVM connect to an
 * attacker's LDAP/RMI/DNS server and, depending on the JDK, load and run its code or deserialize
 * its objects. Ordinary applications look up only {@code java:} names of their container, or a
 * directory they configured; so every lookup of a URL whose scheme is not {@code java} is a
 * finding unless its {@code scheme://host[:port]} is allow-listed in config {@code allow}.
 */
public final class JndiAspect extends AbstractAspect {
    static final String REMOTE = "jndi.remote-lookup";

    /** Schemes the JDK and common providers resolve through a network connection. */
    private static final Set<String> KNOWN_REMOTE = new HashSet<>(Arrays.asList(
            "ldap", "ldaps", "rmi", "dns", "iiop", "iiopname", "corba", "corbaname", "nis", "nds", "http", "https"));

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("\\d{1,5}");

    private volatile List<String> allow = Collections.emptyList();

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("jndi.lookup");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule(REMOTE, Mode.BLOCK,
                "JNDI lookup of a remote URL (ldap, rmi, dns, iiop, ...) not in the allow-list"));
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        List<String> a = new ArrayList<>();
        for (String entry : config.strings("allow")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (!e.matches("[a-z][a-z0-9+.-]*://[^/]+")) {
                throw new IllegalArgumentException("jndi allow entry '" + entry + "' must be scheme://host[:port]");
            }
            a.add(e);
        }
        super.configure(config);
        allow = a;
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String name = String.valueOf(jp.args()[0]);
        String trimmed = name.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            return null; // a relative name in the application's own initial context
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("java") || !SCHEME.matcher(scheme).matches()) {
            return null;
        }
        String authority = authority(trimmed.substring(colon + 1));
        String key = scheme + "://" + authority.toLowerCase(Locale.ROOT);
        for (String a : allow) {
            if (key.equals(a) || (a.indexOf(':', a.indexOf("://") + 3) < 0 && key.startsWith(a + ":")
                    && PORT.matcher(key.substring(a.length() + 1)).matches())) {
                return null;
            }
        }
        return Finding.of(REMOTE, (KNOWN_REMOTE.contains(scheme) ? "remote" : "non-local") + " JNDI lookup of " + scheme
                + "://" + authority, "name", name, "scheme", scheme, "authority", authority);
    }

    private static String authority(String rest) {
        String r = rest.startsWith("//") ? rest.substring(2) : rest;
        int end = r.length();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return r.substring(0, end);
    }
}
