package secplane.agent.core.aspects;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import secplane.agent.core.AgentLog;
import secplane.aspect.Aspect;
import secplane.aspect.AspectContext;
import secplane.aspect.Mode;
import secplane.aspect.Rule;
import secplane.bootstrap.JoinPoints;

/** An aspect instance in its own loader, with its lifecycle state, rule modes and failure count. */
public final class LoadedAspect {
    public enum State { LOADED, ACTIVE, FROZEN, QUARANTINED, UNLOADED }

    private final AspectPackage pkg;
    private volatile AspectClassLoader loader;
    private volatile Aspect aspect;
    private final Map<String, Rule> rules;
    private final int joinPointMask;
    private volatile Map<String, Mode> modes = Collections.emptyMap();
    /** Whether a rule is in block mode: asked on every call, so kept beside the modes rather than searched for. */
    private volatile boolean enforcing;
    private volatile State state = State.LOADED;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private volatile String lastFailure;

    private LoadedAspect(AspectPackage pkg, AspectClassLoader loader, Aspect aspect, Map<String, Rule> rules, int mask) {
        this.pkg = pkg;
        this.loader = loader;
        this.aspect = aspect;
        this.rules = rules;
        this.joinPointMask = mask;
    }

    static LoadedAspect load(final AspectPackage pkg, ClassLoader agentLoader, ClassLoader platform, final AgentLog log)
            throws Exception {
        AspectClassLoader loader = new AspectClassLoader(pkg, agentLoader, platform);
        Class<?> type = loader.loadClass(pkg.className());
        if (!Aspect.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(pkg.origin() + ": " + pkg.className() + " does not implement " + Aspect.class.getName());
        }
        Aspect aspect = (Aspect) type.getDeclaredConstructor().newInstance();
        int mask = 0;
        Set<String> names = aspect.joinPoints();
        for (String name : names) {
            int id = JoinPoints.id(name);
            if (id < 0) {
                throw new IllegalArgumentException(pkg.origin() + ": aspect " + pkg.id() + " subscribes to unknown join point '" + name + "'");
            }
            mask |= 1 << id;
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<Rule> declared = aspect.rules();
        for (Rule r : declared) {
            rules.put(r.id(), r);
        }
        aspect.load(new AspectContext() {
            @Override
            public String aspectId() {
                return pkg.id();
            }

            @Override
            public String aspectVersion() {
                return pkg.version();
            }

            @Override
            public void log(String message) {
                log.info("[" + pkg.id() + "] " + message);
            }

            @Override
            public byte[] resource(String name) throws IOException {
                byte[] b = pkg.entry(name);
                if (b == null) {
                    throw new IOException("aspect " + pkg.id() + " has no resource " + name);
                }
                return b.clone();
            }
        });
        return new LoadedAspect(pkg, loader, aspect, Collections.unmodifiableMap(rules), mask);
    }

    public String id() {
        return pkg.id();
    }

    public String version() {
        return pkg.version();
    }

    public AspectPackage pkg() {
        return pkg;
    }

    Aspect aspect() {
        return aspect;
    }

    public Map<String, Rule> rules() {
        return rules;
    }

    int joinPointMask() {
        return joinPointMask;
    }

    Map<String, Mode> modes() {
        return modes;
    }

    void modes(Map<String, Mode> modes) {
        this.modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
        this.enforcing = modes.containsValue(Mode.BLOCK);
    }

    /** Whether a rule of this aspect is in block mode. */
    boolean enforcing() {
        return enforcing;
    }

    boolean anyRuleOn() {
        for (Mode m : modes.values()) {
            if (m != Mode.OFF) {
                return true;
            }
        }
        return false;
    }

    public State state() {
        return state;
    }

    void state(State s) {
        state = s;
    }

    int fail(String why) {
        lastFailure = why;
        return failures.incrementAndGet();
    }

    public int failures() {
        return failures.get();
    }

    public String lastFailure() {
        return lastFailure;
    }

    void called() {
        calls.incrementAndGet();
    }

    public long calls() {
        return calls.get();
    }

    /** Drops the references to the aspect and its loader, so both can be collected. */
    void release() {
        aspect = null;
        loader = null;
    }
}
