package secplane.aspects.process;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * Command execution (CWE-78) as the last step of an exploit: a process started while a
 * deserialization, JNDI, expression-language or script-engine frame is on the stack was started by
 * data, not by the application's own logic (Log4Shell, commons-collections gadgets, Spring Cloud
 * Function SpEL CVE-2022-22963, Struts OGNL CVE-2017-5638, Confluence OGNL CVE-2022-26134).
 * A service that never starts processes can say so with rule {@code process.never}.
 */
public final class ProcessAspect extends AbstractAspect {
    static final String EXPLOIT_FRAME = "process.exploit-frame";
    static final String NEVER = "process.never";

    /** Frame prefix -> what it means. Order matters only for the message. */
    private static final String[][] DEFAULT_FRAMES = {
        {"java.io.ObjectInputStream.readObject", "deserialization"},
        {"java.io.ObjectInputStream.readOrdinaryObject", "deserialization"},
        {"javax.naming.", "JNDI"},
        {"com.sun.jndi.", "JNDI"},
        {"org.springframework.expression.", "SpEL expression"},
        {"ognl.", "OGNL expression"},
        {"org.mvel2.", "MVEL expression"},
        {"org.apache.commons.jexl", "JEXL expression"},
        {"javax.el.", "EL expression"},
        {"jakarta.el.", "EL expression"},
        {"org.apache.el.", "EL expression"},
        {"com.sun.el.", "EL expression"},
        {"javax.script.", "script engine"},
        {"jdk.nashorn.", "script engine"},
        {"org.openjdk.nashorn.", "script engine"},
        {"org.mozilla.javascript.", "script engine"},
        {"com.oracle.truffle.js.", "script engine"},
        {"org.codehaus.groovy.jsr223.", "script engine"},
        {"bsh.", "script engine"},
        {"freemarker.template.utility.Execute", "template engine"},
        {"org.apache.velocity.", "template engine"},
        {"com.alibaba.fastjson.", "JSON deserialization"},
        {"org.yaml.snakeyaml.constructor.", "YAML deserialization"},
        {"com.fasterxml.jackson.databind.deser.", "JSON deserialization"},
        {"com.thoughtworks.xstream.", "XML deserialization"},
        {"java.beans.XMLDecoder", "XML deserialization"},
    };

    private volatile String[][] frames = DEFAULT_FRAMES;

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("process.start");
    }

    @Override
    public List<Rule> rules() {
        return Arrays.asList(
                new Rule(EXPLOIT_FRAME, Mode.BLOCK,
                        "process started from a deserialization, JNDI, expression-language or script-engine frame"),
                new Rule(NEVER, Mode.OFF, "the service declares that it never starts processes"));
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        List<String[]> f = new ArrayList<>(Arrays.asList(DEFAULT_FRAMES));
        for (String extra : config.strings("frames")) {
            f.add(new String[] {extra, "configured frame"});
        }
        super.configure(config);
        frames = f.toArray(new String[0][]);
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String[] command = (String[]) jp.args()[0];
        String line = join(command);
        String[][] prefixes = frames;
        for (StackTraceElement e : jp.stack()) {
            String className = e.getClassName();
            for (String[] f : prefixes) {
                if (matches(className, e.getMethodName(), f[0])) {
                    return Finding.of(EXPLOIT_FRAME, "process started from a " + f[1] + " frame: " + line,
                            "command", line, "frame", e.toString(), "via", f[1]);
                }
            }
        }
        return Finding.of(NEVER, "process started by a service that declares it never starts processes: " + line,
                "command", line);
    }

    /**
     * Whether {@code className + "." + method} starts with {@code prefix}, without building that
     * string for every frame of every inspected stack.
     */
    static boolean matches(String className, String method, String prefix) {
        int cl = className.length();
        if (prefix.length() <= cl) {
            return className.startsWith(prefix);
        }
        int rest = prefix.length() - cl - 1;
        return prefix.startsWith(className) && prefix.charAt(cl) == '.' && method.length() >= rest
                && method.regionMatches(0, prefix, cl + 1, rest);
    }

    private static String join(String[] command) {
        StringBuilder sb = new StringBuilder();
        for (String c : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
