package secplane.testaspects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.AspectContext;
import secplane.aspect.Finding;
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * Does what its config says: config {@code behaviour} is one of {@code finding} (rule test.hit),
 * {@code quiet-finding} (rule test.quiet, off by default), {@code undeclared}, {@code throw},
 * {@code slow} (sleeps 30 ms, then a finding), {@code visible} (a finding whose message says
 * whether the class named by the join point's first argument is visible to this aspect), or
 * {@code unwanted} (answers {@code wants} with false and journals the question; a finding if inspected anyway),
 * {@code wants-throws} (its {@code wants} throws; a finding when inspected), or
 * anything else for no finding. Config {@code reject: true} makes configure fail.
 */
public final class ScriptedAspect extends AbstractAspect {
    public static final String JOURNAL_PROPERTY = "secplane.testaspects.journal";
    public static final String HIT = "test.hit";
    public static final String QUIET = "test.quiet";

    @Override
    public Set<String> joinPoints() {
        return Set.of("jndi.lookup", "probe");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule(HIT, Mode.BLOCK, "what the test asks for"), new Rule(QUIET, Mode.OFF, "off unless named"));
    }

    @Override
    public void load(AspectContext context) throws Exception {
        super.load(context);
        record("load");
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        if (config.bool("reject", false)) {
            record("configure-rejected");
            throw new IllegalArgumentException("config rejected on request");
        }
        super.configure(config);
        record("configure " + config.string("behaviour", "none"));
    }

    @Override
    public void activate() {
        record("activate");
    }

    @Override
    public void freeze() {
        record("freeze");
    }

    @Override
    public void unload() {
        record("unload");
        super.unload();
    }

    @Override
    public boolean wants(String joinPoint, HttpRequest request, boolean enforcing) {
        String behaviour = config().string("behaviour", "none");
        if ("unwanted".equals(behaviour)) {
            record("wants " + joinPoint + " enforcing=" + enforcing);
            return false;
        }
        if ("wants-throws".equals(behaviour)) {
            throw new IllegalStateException("wants bug on request");
        }
        return true;
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String behaviour = config().string("behaviour", "none");
        switch (behaviour) {
            case "unwanted":
            case "wants-throws":
            case "finding":
                return Finding.of(HIT, "hit by " + context().aspectVersion(), "name", String.valueOf(jp.args()[0]));
            case "quiet-finding":
                return Finding.of(QUIET, "quiet");
            case "undeclared":
                return Finding.of("test.undeclared", "not in rules()");
            case "throw":
                throw new IllegalStateException("aspect bug on request");
            case "slow":
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Finding.of(HIT, "slow");
            case "visible":
                return Finding.of(HIT, visible(String.valueOf(jp.args()[0])) ? "visible" : "hidden");
            default:
                return null;
        }
    }

    private boolean visible(String className) {
        try {
            Class.forName(className, false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void record(String step) {
        String journal = System.getProperty(JOURNAL_PROPERTY);
        if (journal == null) {
            return;
        }
        AspectContext c = context();
        String line = (c == null ? "?" : c.aspectVersion()) + " " + step + "\n";
        try {
            Files.write(Paths.get(journal), line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
