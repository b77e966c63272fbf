package secplane.aspects.deserialization;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.AspectContext;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * Java deserialization of untrusted data (CWE-502): a gadget chain is a graph of classes whose
 * {@code readObject}/{@code hashCode}/{@code compare} methods, chained, run attacker-chosen code.
 * Every class descriptor is checked, before the object is built, against a deny-list of known
 * gadget classes (resource {@code gadgets.txt}, each entry with its source) plus config
 * {@code deny}; with config {@code allow} (class names or {@code prefix.*} patterns) only listed
 * classes, arrays of them and primitives pass.
 */
public final class DeserializationAspect extends AbstractAspect {
    static final String GADGET = "deserialize.gadget";
    static final String NOT_ALLOWED = "deserialize.not-allowed";

    private volatile Matcher deny = new Matcher(Collections.<String>emptyList());
    private volatile Matcher builtinDeny = new Matcher(Collections.<String>emptyList());
    private volatile Matcher allow;

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("deserialize.class");
    }

    @Override
    public List<Rule> rules() {
        return Arrays.asList(
                new Rule(GADGET, Mode.BLOCK, "a class of a known deserialization gadget chain is being deserialized"),
                new Rule(NOT_ALLOWED, Mode.BLOCK, "allow-list mode: a class outside config 'allow' is being deserialized"));
    }

    @Override
    public void load(AspectContext context) throws Exception {
        super.load(context);
        builtinDeny = new Matcher(readList(context.resource("secplane/aspects/deserialization/gadgets.txt")));
    }

    static List<String> readList(byte[] data) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!entry.isEmpty()) {
                out.add(entry);
            }
        }
        return out;
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        Matcher d = new Matcher(config.strings("deny"));
        List<String> allowList = config.strings("allow");
        Matcher a = allowList.isEmpty() ? null : new Matcher(allowList);
        super.configure(config);
        deny = d;
        allow = a;
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String name = String.valueOf(jp.args()[0]);
        Class<?> resolved = jp.args().length > 1 ? (Class<?>) jp.args()[1] : null;
        Set<String> names = new LinkedHashSet<>();
        names.add(elementName(name));
        if (resolved != null && Proxy.isProxyClass(resolved)) {
            for (Class<?> i : resolved.getInterfaces()) {
                names.add(i.getName());
            }
        }
        for (String n : names) {
            String hit = builtinDeny.match(n);
            if (hit == null) {
                hit = deny.match(n);
            }
            if (hit != null) {
                return Finding.of(GADGET, "deserialization of gadget class " + n, "class", n, "denyEntry", hit);
            }
        }
        Matcher a = allow;
        if (a != null) {
            for (String n : names) {
                if (!isPrimitive(n) && a.match(n) == null) {
                    return Finding.of(NOT_ALLOWED, "deserialization of " + n + ", which is not in the allow-list", "class", n);
                }
            }
        }
        return null;
    }

    /** {@code [[Lcom.x.Y;} -> {@code com.x.Y}; primitive arrays -> their descriptor. */
    static String elementName(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '[') {
            i++;
        }
        if (i > 0 && i < name.length() && name.charAt(i) == 'L' && name.endsWith(";")) {
            return name.substring(i + 1, name.length() - 1);
        }
        return i > 0 ? name.substring(i) : name;
    }

    private static boolean isPrimitive(String n) {
        return n.length() == 1 && "ZBCSIJFD".indexOf(n.charAt(0)) >= 0;
    }

    /** Exact class names, and {@code package.*} / {@code prefix*} patterns. */
    static final class Matcher {
        private final Set<String> exact = new LinkedHashSet<>();
        private final List<String> prefixes = new ArrayList<>();

        Matcher(List<String> entries) {
            for (String e : entries) {
                if (e.endsWith("*")) {
                    prefixes.add(e.substring(0, e.length() - 1));
                } else {
                    exact.add(e);
                }
            }
        }

        String match(String className) {
            if (exact.contains(className)) {
                return className;
            }
            for (String p : prefixes) {
                if (className.startsWith(p)) {
                    return p + "*";
                }
            }
            return null;
        }
    }
}
