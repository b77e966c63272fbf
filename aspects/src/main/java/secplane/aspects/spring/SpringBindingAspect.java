package secplane.aspects.spring;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * Spring data binding that walks from a bound object into its class loader: CVE-2022-22965
 * (Spring4Shell: {@code class.module.classLoader.resources.context.parent.pipeline.first.*}
 * rewrites Tomcat's access log into a JSP shell) and its ancestor CVE-2010-1622
 * ({@code class.classLoader.URLs[0]}). No form field of a real application is named after
 * {@code class}, {@code module}, {@code classLoader} or {@code protectionDomain}; Spring's own
 * fix (5.3.18) likewise stops binding at {@code Class} except for {@code name}.
 */
public final class SpringBindingAspect extends AbstractAspect {
    static final String RULE = "spring.classloader-binding";

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("spring.bind");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule(RULE, Mode.BLOCK,
                "data binding through class, module, classLoader or protectionDomain (CVE-2022-22965 family)"));
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String path = String.valueOf(jp.args()[0]);
        String segment = dangerousSegment(path);
        if (segment == null) {
            return null;
        }
        return Finding.of(RULE, "data binding through '" + segment + "' in property path " + path,
                "propertyPath", path, "segment", segment,
                "target", jp.target() == null ? "" : jp.target().getClass().getName());
    }

    /** Splits {@code a.b[c]['d'].e} into names and keys, and returns the first dangerous one. */
    static String dangerousSegment(String path) {
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '.';
            if (c == '.' || c == '[' || c == ']') {
                String s = current.toString().trim();
                if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
                    s = s.substring(1, s.length() - 1);
                }
                String lower = s.toLowerCase(Locale.ROOT);
                if (lower.equals("class") || lower.equals("module") || lower.equals("classloader")
                        || lower.equals("protectiondomain")) {
                    return s;
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return null;
    }
}
