package secplane.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Server-side request forgery (CWE-918): a URL whose host (or scheme) came from a request input
 * and that leads to a loopback, private, link-local, shared or cloud-metadata address, in any
 * literal form a client accepts or through DNS.
 *
 * <p>{@link #addresses()} is what the caller should connect to: the addresses this check resolved
 * and checked, so that a second DNS answer (DNS rebinding) cannot move the connection elsewhere.
 * It is empty when the host did not come from an input (connect as the code would), or when the
 * host did not resolve.
 */
public final class SsrfCheck {
    static final String RULE = "ssrf";
    private static final SsrfCheck NONE = new SsrfCheck(Verdict.none(), Collections.<InetAddress>emptyList());

    private final Verdict verdict;
    private final List<InetAddress> addresses;

    private SsrfCheck(Verdict verdict, List<InetAddress> addresses) {
        this.verdict = verdict;
        this.addresses = addresses;
    }

    static SsrfCheck none() {
        return NONE;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The checked addresses for the host as java.net.URL reads it, in the resolver's order; unmodifiable. */
    public List<InetAddress> addresses() {
        return addresses;
    }

    @Override
    public String toString() {
        return verdict + " " + addresses;
    }

    static SsrfCheck check(String rawUrl, List<Input> inputs, Resolver resolver) {
        String url = Text.cap(rawUrl);
        int schemeEnd = UrlHosts.schemeEnd(url);
        if (schemeEnd < 0) {
            return NONE; // a relative reference: the code chose the host
        }
        String scheme = url.substring(0, schemeEnd).trim().toLowerCase(Locale.ROOT);
        if (UrlHosts.isDangerousScheme(scheme)) {
            // The input wrote the scheme: it covers the ':' after it ("file:///etc/passwd"), or it is the scheme
            // alone in a parameter the code puts before "://". A word of the request's own path ("/file/read")
            // that equals a scheme the code or the container uses (a class loader's file: URL) chose nothing.
            Input from = coveringInput(url, inputs, schemeEnd, schemeEnd + 1);
            if (from == null) {
                from = schemeAlone(scheme, inputs);
            }
            if (from != null) {
                return new SsrfCheck(Verdict.attack(RULE, from, Text.who(from) + " makes the code fetch a " + scheme + ": URL "
                        + Text.show(url) + ", which reads local files or speaks to non-HTTP services", "technique", "scheme", "url", url,
                        "scheme", scheme), Collections.<InetAddress>emptyList());
            }
        }
        List<UrlHosts.Target> targets = UrlHosts.targets(url);
        if (targets.isEmpty()) {
            return NONE;
        }
        Input from = null;
        for (int t = 0; t < targets.size() && from == null; t++) {
            UrlHosts.Target target = targets.get(t);
            from = coveringInput(target.text, inputs, target.hostStart, target.hostEnd);
        }
        if (from == null) {
            return NONE;
        }
        List<InetAddress> connect = Collections.emptyList();
        String[] lastName = {null};
        InetAddress[][] lastAnswer = {null};
        for (int i = 0; i < targets.size(); i++) {
            UrlHosts.Target t = targets.get(i);
            List<InetAddress> checked = new ArrayList<>(2);
            Verdict v = host(t, from, url, resolver, checked, lastName, lastAnswer);
            if (i == 0) {
                connect = Collections.unmodifiableList(checked);
            }
            if (v != null) {
                return new SsrfCheck(v, connect);
            }
        }
        return new SsrfCheck(Verdict.none(), connect);
    }

    /** The first input with an occurrence in {@code text} that overlaps {@code [from, to)}, or null. */
    /** A parameter (not a path segment) whose whole value is {@code scheme}. */
    private static Input schemeAlone(String scheme, List<Input> inputs) {
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in != null && !"path".equals(in.source()) && in.value() != null && in.value().trim().equalsIgnoreCase(scheme)) {
                return in;
            }
        }
        return null;
    }

    private static Input coveringInput(String text, List<Input> inputs, int from, int to) {
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || Text.blank(v)) {
                continue;
            }
            if (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                String stripped = v.replace("\t", "").replace("\n", "").replace("\r", "");
                if (text.indexOf(v) < 0) {
                    v = stripped; // the WHATWG reading dropped them from the URL
                }
            }
            int s = text.indexOf(v);
            for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = text.indexOf(v, s + 1)) {
                if (s < to && s + v.length() > from) {
                    return in;
                }
            }
        }
        return null;
    }

    /** Checks one reading's host; fills {@code checked} with what it resolved to. */
    private static Verdict host(UrlHosts.Target t, Input in, String url, Resolver resolver, List<InetAddress> checked,
                                String[] lastName, InetAddress[][] lastAnswer) {
        String h = t.host;
        if (h.startsWith("[")) {
            String inside = h.endsWith("]") ? h.substring(1, h.length() - 1) : h.substring(1);
            byte[] a = Addresses.ipv6(inside);
            if (a == null) {
                return null;
            }
            add(checked, h, a);
            return found(Addresses.classify(a), t, in, url, h, "an IPv6 literal");
        }
        byte[] v6 = Addresses.ipv6(h);
        if (v6 != null) {
            add(checked, h, v6);
            return found(Addresses.classify(v6), t, in, url, h, "an IPv6 literal without brackets");
        }
        long java = Addresses.javaLiteral(h);
        long aton = Addresses.inetAton(h);
        if (java >= 0) {
            add(checked, h, Addresses.v4Bytes(java));
            Verdict v = found(Addresses.classify4(java), t, in, url, h, "an IPv4 literal");
            if (v != null) {
                return v;
            }
        }
        if (aton >= 0 && aton != java) {
            Verdict v = found(Addresses.classify4(aton), t, in, url, h, "an IPv4 number the way inet_aton, curl and browsers read it ("
                    + dotted(aton) + ")");
            if (v != null) {
                return v;
            }
        }
        if (java >= 0) {
            return null;
        }
        if (aton >= 0) {
            add(checked, h, Addresses.v4Bytes(aton)); // what glibc's resolver answers for it, without asking DNS
            return null;
        }
        String name = Addresses.internalName(h);
        if (name != null) {
            return found(name, t, in, url, h, "a host name");
        }
        InetAddress[] answer;
        if (h.equals(lastName[0])) {
            answer = lastAnswer[0];
        } else {
            try {
                answer = resolver.resolve(h);
            } catch (UnknownHostException | SecurityException unresolved) {
                answer = null;
            }
            lastName[0] = h;
            lastAnswer[0] = answer;
        }
        if (answer == null) {
            return null;
        }
        checked.addAll(Arrays.asList(answer));
        for (InetAddress a : answer) {
            if (a == null) {
                continue;
            }
            String why = Addresses.classify(a.getAddress());
            if (why != null) {
                return found(why, t, in, url, h, "a name that resolves to " + a.getHostAddress());
            }
        }
        return null;
    }

    private static Verdict found(String why, UrlHosts.Target t, Input in, String url, String host, String readAs) {
        if (why == null) {
            return null;
        }
        String reason = Text.who(in) + " sends the request to " + why + ": host " + Text.show(host) + " is " + readAs
                + (t.how.startsWith("as java.net") ? "" : ", " + t.how);
        return Verdict.attack(RULE, in, reason, "technique", "internal-address", "url", url, "host", host, "category", why,
                "reading", t.how);
    }

    private static void add(List<InetAddress> out, String host, byte[] a) {
        try {
            out.add(InetAddress.getByAddress(a));
        } catch (UnknownHostException cannotHappenForFourOrSixteenBytes) {
            // InetAddress.getByAddress only refuses other lengths
        }
    }

    private static String dotted(long v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
