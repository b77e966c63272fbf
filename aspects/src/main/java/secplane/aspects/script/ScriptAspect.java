package secplane.aspects.script;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * javax.script evaluation (CWE-94). Script engines reached with user input are a classic code
 * injection sink (e.g. CVE-2022-22947 Spring Cloud Gateway, Nashorn in rule engines). Two rules:
 * every evaluation, off by default (turn it on to inventory what a service evaluates), and a
 * script that reaches into process, reflection or class-loading APIs of the JVM, observed by
 * default. Process starts from script frames are blocked by the process aspect regardless.
 */
public final class ScriptAspect extends AbstractAspect {
    static final String EVAL = "script.eval";
    static final String JAVA_ACCESS = "script.java-access";

    private static final Pattern DANGEROUS = Pattern.compile(
            "java\\.lang\\.(Runtime|ProcessBuilder|System|reflect|ClassLoader|Class\\b)|Java\\.type\\s*\\(|importPackage|"
                    + "getRuntime\\s*\\(|\\.exec\\s*\\(|forName\\s*\\(|javax\\.script|sun\\.misc\\.Unsafe");

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("script.eval");
    }

    @Override
    public List<Rule> rules() {
        return Arrays.asList(
                new Rule(EVAL, Mode.OFF, "any javax.script evaluation (inventory)"),
                new Rule(JAVA_ACCESS, Mode.OBSERVE, "a script reaches into process, reflection or class-loading APIs"));
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String script = String.valueOf(jp.args()[0]);
        String engine = jp.target() == null ? "" : jp.target().getClass().getName();
        java.util.regex.Matcher m = DANGEROUS.matcher(script.length() > 65536 ? script.substring(0, 65536) : script);
        if (m.find()) {
            return Finding.of(JAVA_ACCESS, "script reaches " + m.group() + " (" + engine + ")", "script", script,
                    "engine", engine, "match", m.group());
        }
        return Finding.of(EVAL, "script evaluated by " + engine, "script", script, "engine", engine);
    }
}
