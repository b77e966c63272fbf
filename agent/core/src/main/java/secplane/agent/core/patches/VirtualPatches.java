package secplane.agent.core.patches;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import secplane.agent.core.AgentLog;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.weaving.PatchHook;
import secplane.agent.core.weaving.Weaver;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;

/**
 * Runs the virtual patches of the policy in force: checks a new set against this JVM
 * ({@link #plan}), weaves it into the loaded classes by retransformation and into classes that
 * load later through the weaver ({@link #apply}), verifies that every loaded copy of each class
 * carries its hook ({@link #report}), and decides, on the trampoline's call from a patched method,
 * what that method does ({@link #onPatch}).
 *
 * <p>Each method a patch changes has a slot: a number woven into the method, the index of its rule
 * in {@link #rules} and, below 63, its own bit of {@code Dispatcher.patches}. A slot is kept for as
 * long as the same patch names the same method, so that a change of action or value needs no
 * retransformation; a slot whose hook may still be woven somewhere is not given to another method.
 */
public final class VirtualPatches implements Dispatcher.PatchHandler {
    /** The length of the argument text a {@code block-if} pattern is matched against. */
    public static final int MAX_MATCHED = 4096;
    /** Events per second per patch; the rest are counted and reported with the next one. */
    static final int EVENTS_PER_SECOND = 10;

    private final Instrumentation instrumentation;
    private final Weaver weaver;
    private final EventLog events;
    private final AgentLog log;
    private final String service;
    private final String instanceId;

    /** By slot; read without locks by {@link #onPatch}. */
    private volatile Rule[] rules = new Rule[0];
    private volatile String policyVersion = "built-in";
    private PatchPlan plan = PatchPlan.EMPTY;
    private final Map<String, Integer> slotByKey = new HashMap<>();
    /**
     * Slots of removed hooks that a loaded class may still carry (the JVM refused to retransform it
     * back), by internal class name: never given to another method while that is so, since its hook
     * would reach the other method's rule.
     */
    private final Map<Integer, String> stale = new HashMap<>();
    private final Map<String, Counters> counters = new HashMap<>();
    /** Why a loaded copy of a patch's class was not retransformed, by patch id, from the last apply. */
    private final Map<String, String> failures = new HashMap<>();
    /** Retransformation time of the apply that last touched each patch, by patch id. */
    private final Map<String, Long> retransformMillis = new HashMap<>();
    private Map<String, String> lastStates = new HashMap<>();
    private int seenWeaverGeneration = -1;

    public VirtualPatches(Instrumentation instrumentation, Weaver weaver, EventLog events, AgentLog log, String service,
            String instanceId) {
        this.instrumentation = instrumentation;
        this.weaver = weaver;
        this.events = events;
        this.log = log;
        this.service = service;
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Checks a policy's patches against this JVM; changes nothing.
     *
     * @throws PolicyException naming the field and why, ending "nothing was changed"
     */
    public PatchPlan plan(List<PatchSpec> specs) throws PolicyException {
        if (specs.isEmpty()) {
            return PatchPlan.EMPTY;
        }
        return PatchPlanner.plan(specs, instanceId, instrumentation.getAllLoadedClasses(), new PatchPlanner.Modifiable() {
            @Override
            public boolean test(Class<?> c) {
                return instrumentation.isModifiableClass(c);
            }
        });
    }

    // ------------------------------------------------------------------ hot path

    @Override
    public Object onPatch(int slot, Object target, Object[] args) {
        Rule[] table = rules;
        Rule r = slot >= 0 && slot < table.length ? table[slot] : null;
        if (r == null) {
            return Dispatcher.PROCEED;
        }
        try {
            switch (r.spec.action()) {
                case RETURN:
                    r.counters.hits.incrementAndGet();
                    emit(r, "patched", null, "virtual patch " + r.spec.id() + " returned " + ReturnValues.describe(r.returnValue)
                            + " from " + r.spec.shortName() + " without running it");
                    return r.returnValue;
                case THROW: {
                    r.counters.hits.incrementAndGet();
                    String message = r.spec.message() != null ? r.spec.message() : "blocked by secplane virtual patch " + r.spec.id();
                    String id = emit(r, "block", null, "virtual patch " + r.spec.id() + " stopped " + r.spec.shortName());
                    throw new BlockedException(message, id);
                }
                case BLOCK_IF: {
                    String text = bounded(args[r.spec.arg()]);
                    if (!r.spec.matches().matcher(text).find()) {
                        return Dispatcher.PROCEED;
                    }
                    r.counters.hits.incrementAndGet();
                    String why = "argument " + r.spec.arg() + " of " + r.spec.shortName() + " matches " + r.spec.matches().pattern();
                    String id = emit(r, "block", text, "virtual patch " + r.spec.id() + ": " + why);
                    String message = r.spec.message() != null ? r.spec.message()
                            : "blocked by secplane virtual patch " + r.spec.id() + ": " + why + (id == null ? "" : " [event " + id + "]");
                    throw new BlockedException(message, id);
                }
                default:
                    return Dispatcher.PROCEED;
            }
        } catch (BlockedException e) {
            throw e;
        } catch (Throwable t) {
            if (r.counters.failureLogged.compareAndSet(false, true)) {
                log.error("virtual patch " + r.spec.id() + " failed on " + r.spec.shortName() + r.descriptor
                        + "; the original method runs (logged once)", t);
            }
            return Dispatcher.PROCEED;
        }
    }

    /** {@code String.valueOf(arg)}, the first {@link #MAX_MATCHED} characters; a char array as its text. */
    static String bounded(Object arg) {
        if (arg == null) {
            return "null";
        }
        if (arg instanceof CharSequence) {
            CharSequence cs = (CharSequence) arg;
            return (cs.length() > MAX_MATCHED ? cs.subSequence(0, MAX_MATCHED) : cs).toString();
        }
        if (arg instanceof char[]) {
            char[] c = (char[]) arg;
            return new String(c, 0, Math.min(c.length, MAX_MATCHED));
        }
        String s = String.valueOf(arg);
        return s.length() > MAX_MATCHED ? s.substring(0, MAX_MATCHED) : s;
    }

    /** @return the event id, or null when the patch's event rate was exceeded (the event is counted instead) */
    private String emit(Rule r, String verdict, String argument, String message) {
        long suppressed = r.counters.admit();
        if (suppressed < 0) {
            return null;
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("class", r.spec.className());
        evidence.put("method", r.spec.method() + r.descriptor);
        if (argument != null) {
            evidence.put("argument", Event.truncate(argument));
        }
        if (!r.spec.advisories().isEmpty()) {
            evidence.put("advisories", join(r.spec.advisories()));
        }
        Event e = Event.create()
                .put("type", "verdict")
                .put("service", service)
                .put("joinPoint", "patch")
                .put("aspect", "virtual-patch")
                .put("rule", r.spec.id())
                .put("verdict", verdict)
                .put("message", message)
                .put("evidence", evidence)
                .put("policyVersion", policyVersion)
                .put("thread", Thread.currentThread().getName())
                .put("stack", java.util.Arrays.asList(Event.trim(new Throwable().getStackTrace())));
        if (suppressed > 0) {
            e.put("suppressed", suppressed);
        }
        events.emit(e);
        return e.id();
    }

    // ------------------------------------------------------------------ applying

    /**
     * Puts a checked set of patches in force in place of the current one: new hooks are woven into
     * the loaded copies of their classes, removed ones taken out (the classes get their original
     * bytecode back), and classes whose hooks did not change are left alone.
     *
     * @return the self-check of every patch, as sent in an ACK (with {@code retransformMillis})
     */
    public synchronized List<Map<String, Object>> apply(PatchPlan next, String version) {
        policyVersion = version;
        Map<String, Integer> nextSlots = new HashMap<>();
        Map<Integer, Rule> nextRules = new HashMap<>();
        Map<String, List<PatchHook>> hooks = new LinkedHashMap<>();
        Map<String, Set<String>> idsByClass = new HashMap<>();
        Set<Integer> taken = new HashSet<>(slotByKey.values());
        taken.addAll(stale.keySet());
        Set<String> ids = new HashSet<>();
        for (PatchPlan.Planned p : next.patches) {
            ids.add(p.spec.id());
            Counters c = counters.get(p.spec.id());
            if (c == null) {
                c = new Counters();
                counters.put(p.spec.id(), c);
            }
            String internal = p.spec.internalName();
            for (PatchPlan.Target t : p.targets) {
                String key = p.spec.id() + "\n" + p.spec.className() + "\n" + t.method + t.descriptor;
                Integer slot = slotByKey.get(key);
                if (slot == null) {
                    slot = 0;
                    while (taken.contains(slot)) {
                        slot++;
                    }
                }
                taken.add(slot);
                nextSlots.put(key, slot);
                nextRules.put(slot, new Rule(p.spec, t.descriptor, t.returnValue, c));
                List<PatchHook> list = hooks.get(internal);
                if (list == null) {
                    list = new ArrayList<>();
                    hooks.put(internal, list);
                }
                list.add(new PatchHook(t.method, t.descriptor, slot));
            }
            addId(idsByClass, internal, p.spec.id());
        }
        counters.keySet().retainAll(ids);
        Map<String, List<PatchHook>> previous = weaver.patchHooks();
        for (PatchPlan.Planned p : plan.patches) {
            if (previous.containsKey(p.spec.internalName())) {
                addId(idsByClass, p.spec.internalName(), p.spec.id());
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        for (String name : union(previous.keySet(), hooks.keySet())) {
            List<PatchHook> before = previous.get(name);
            List<PatchHook> after = hooks.get(name);
            if (before == null ? after != null : !before.equals(after)) {
                changed.add(name);
            }
        }

        int size = 0;
        long mask = 0;
        for (Integer slot : nextRules.keySet()) {
            size = Math.max(size, slot + 1);
            mask |= Dispatcher.patchBit(slot);
        }
        Rule[] table = new Rule[size];
        for (Map.Entry<Integer, Rule> e : nextRules.entrySet()) {
            table[e.getKey()] = e.getValue();
        }
        // rules first, so that a guard bit is never set for a slot without its rule; a removed
        // patch is out of force from here on, even before its hook is taken out
        rules = table;
        Dispatcher.installPatches(nextRules.isEmpty() ? null : this);
        Dispatcher.setPatches(mask);
        weaver.patchHooks(hooks);

        Map<String, Long> nanos = new HashMap<>();
        Set<String> failedClasses = new HashSet<>();
        failures.keySet().retainAll(ids);
        for (String name : changed) {
            if (idsByClass.containsKey(name)) {
                failures.keySet().removeAll(idsByClass.get(name));
            }
        }
        if (!changed.isEmpty() && weaver.installed()) {
            for (Class<?> c : loadedOf(changed)) {
                String name = c.getName().replace('.', '/');
                long t0 = System.nanoTime();
                String error = weaver.retransform(c);
                long elapsed = System.nanoTime() - t0;
                Set<String> affected = idsByClass.containsKey(name) ? idsByClass.get(name) : Collections.<String>emptySet();
                for (String id : affected) {
                    Long n = nanos.get(id);
                    nanos.put(id, (n == null ? 0 : n) + elapsed);
                    if (error != null && ids.contains(id) && !failures.containsKey(id)) {
                        failures.put(id, error);
                    }
                }
                if (error != null) {
                    failedClasses.add(name);
                }
                log.info("retransformed " + c.getName() + " (loader: " + Loaders.describe(c.getClassLoader()) + ") in "
                        + String.format(java.util.Locale.ROOT, "%.1f", elapsed / 1e6) + " ms"
                        + (error == null ? "" : "; the JVM refused it: " + error));
            }
        }
        for (PatchPlan.Planned p : next.patches) {
            if (p.foundBy != null) {
                // a JDK class in a named module that loads later must be able to call the trampoline
                weaver.ensureReadEdgeFor(p.spec.className());
            }
        }
        for (PatchPlan.Planned p : plan.patches) {
            for (PatchPlan.Target t : p.targets) {
                Integer slot = slotByKey.get(p.spec.id() + "\n" + p.spec.className() + "\n" + t.method + t.descriptor);
                if (slot != null && !nextSlots.containsValue(slot) && failedClasses.contains(p.spec.internalName())) {
                    stale.put(slot, p.spec.internalName());
                }
            }
        }
        releaseStaleSlots();
        Set<String> removed = new LinkedHashSet<>();
        for (PatchPlan.Planned p : plan.patches) {
            if (!ids.contains(p.spec.id())) {
                removed.add(p.spec.id());
            }
        }
        slotByKey.clear();
        slotByKey.putAll(nextSlots);
        PatchPlan before = plan;
        plan = next;
        for (String id : ids) {
            if (nanos.containsKey(id)) {
                retransformMillis.put(id, (nanos.get(id) + 999_999) / 1_000_000);
            }
        }
        retransformMillis.keySet().retainAll(ids);

        List<Map<String, Object>> report = report();
        for (Map<String, Object> m : report) {
            Long ms = nanos.containsKey(m.get("id")) ? (nanos.get(m.get("id")) + 999_999) / 1_000_000 : 0L;
            if (!"out-of-scope".equals(m.get("state"))) {
                m.put("retransformMillis", ms);
            }
        }
        if (weaver.installed()) {
            announce(before, next, changed, removed, report);
        }
        return report;
    }

    private void announce(PatchPlan before, PatchPlan next, Set<String> changed, Set<String> removed, List<Map<String, Object>> report) {
        Set<String> touched = new HashSet<>();
        for (PatchPlan.Planned p : next.patches) {
            if (changed.contains(p.spec.internalName())) {
                touched.add(p.spec.id());
            }
        }
        Set<String> known = new HashSet<>();
        for (PatchPlan.Planned p : before.patches) {
            known.add(p.spec.id());
        }
        for (PatchSpec s : before.outOfScope) {
            known.add(s.id());
        }
        Map<String, String> states = new HashMap<>();
        for (Map<String, Object> m : report) {
            String id = (String) m.get("id");
            states.put(id, (String) m.get("state"));
            if (touched.contains(id) || !known.contains(id) || !m.get("state").equals(lastStates.get(id))) {
                log.info("virtual patch " + id + ": " + m.get("state") + (m.get("detail") == null ? "" : ": " + m.get("detail"))
                        + (m.containsKey("retransformMillis") ? " (retransformed in " + m.get("retransformMillis") + " ms)" : ""));
                Event e = Event.create().put("type", "patch.applied").put("service", service).put("patch", id)
                        .put("state", m.get("state")).put("classes", m.get("classes")).put("detail", m.get("detail"))
                        .put("policyVersion", policyVersion);
                if (m.containsKey("retransformMillis")) {
                    e.put("retransformMillis", m.get("retransformMillis"));
                }
                events.emit(e);
            }
        }
        for (String id : removed) {
            log.info("virtual patch " + id + " removed");
            events.emit(Event.create().put("type", "patch.removed").put("service", service).put("patch", id)
                    .put("policyVersion", policyVersion));
        }
        lastStates = states;
        seenWeaverGeneration = weaver.patchGeneration();
    }

    /** After the weaving is installed at start: the loaded classes have just been patched; log how that went. */
    public synchronized void installed() {
        if (plan.isEmpty()) {
            return;
        }
        announce(PatchPlan.EMPTY, plan, Collections.<String>emptySet(), Collections.<String>emptySet(), report());
    }

    /**
     * Logs the patches whose state changed since the last look (a class loaded and was woven);
     * cheap when nothing was patched in between.
     *
     * @return true if a patch's state changed
     */
    public synchronized boolean refresh() {
        if (plan.patches.isEmpty() || weaver.patchGeneration() == seenWeaverGeneration) {
            return false;
        }
        seenWeaverGeneration = weaver.patchGeneration();
        boolean changed = false;
        Map<String, String> states = new HashMap<>();
        for (Map<String, Object> m : report()) {
            String id = (String) m.get("id");
            states.put(id, (String) m.get("state"));
            if (!m.get("state").equals(lastStates.get(id))) {
                changed = true;
                log.info("virtual patch " + id + " is now " + m.get("state") + ": " + m.get("detail"));
                events.emit(Event.create().put("type", "patch.applied").put("service", service).put("patch", id)
                        .put("state", m.get("state")).put("classes", m.get("classes")).put("detail", m.get("detail"))
                        .put("policyVersion", policyVersion));
            }
        }
        lastStates = states;
        return changed;
    }

    /** Takes every patch out of force; the weaver's reset then restores the original bytecode. */
    public synchronized void shutdown() {
        Dispatcher.setPatches(0);
        Dispatcher.installPatches(null);
        rules = new Rule[0];
        plan = PatchPlan.EMPTY;
        slotByKey.clear();
        stale.clear();
    }

    /** Frees the stale slots that no loaded class carries any more. */
    private void releaseStaleSlots() {
        if (stale.isEmpty()) {
            return;
        }
        Set<Integer> carried = new HashSet<>();
        for (Class<?> c : loadedOf(new HashSet<>(stale.values()))) {
            for (int slot : weaver.patchSlots(c)) {
                carried.add(slot);
            }
        }
        stale.keySet().retainAll(carried);
    }

    // ------------------------------------------------------------------ self-check

    /**
     * The state of every patch of the policy in force, checked now: for each in-scope patch, every
     * loaded class of its name must carry its hook as the weaver recorded it. Entries: {@code id},
     * {@code state} ({@code active}, {@code waiting-for-class}, {@code failed}, {@code out-of-scope}),
     * {@code classes} (loaded copies carrying the hook) and {@code detail}.
     */
    public synchronized List<Map<String, Object>> report() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (plan.isEmpty()) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (PatchPlan.Planned p : plan.patches) {
            names.add(p.spec.internalName());
        }
        Map<String, List<Class<?>>> loaded = new HashMap<>();
        for (Class<?> c : names.isEmpty() ? Collections.<Class<?>>emptyList() : loadedOf(names)) {
            String name = c.getName().replace('.', '/');
            List<Class<?>> list = loaded.get(name);
            if (list == null) {
                list = new ArrayList<>();
                loaded.put(name, list);
            }
            list.add(c);
        }
        for (PatchPlan.Planned p : plan.patches) {
            Set<Integer> slots = new HashSet<>();
            for (PatchPlan.Target t : p.targets) {
                Integer s = slotByKey.get(p.spec.id() + "\n" + p.spec.className() + "\n" + t.method + t.descriptor);
                if (s != null) {
                    slots.add(s);
                }
            }
            List<Class<?>> copies = loaded.containsKey(p.spec.internalName()) ? loaded.get(p.spec.internalName())
                    : Collections.<Class<?>>emptyList();
            Set<String> wovenIn = new LinkedHashSet<>();
            Set<String> missingIn = new LinkedHashSet<>();
            int woven = 0;
            for (Class<?> c : copies) {
                boolean has = false;
                for (int s : weaver.patchSlots(c)) {
                    has |= slots.contains(s);
                }
                if (has) {
                    woven++;
                    wovenIn.add(Loaders.describe(c.getClassLoader()));
                } else {
                    missingIn.add(Loaders.describe(c.getClassLoader()));
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.spec.id());
            String what = p.spec.shortName();
            if (copies.isEmpty()) {
                m.put("state", "waiting-for-class");
                m.put("classes", 0);
                m.put("detail", p.foundBy != null
                        ? "class found by " + p.foundBy + ", not loaded yet; woven when it loads"
                        : "no copy of the class is loaded now; woven when it loads");
            } else if (missingIn.isEmpty()) {
                m.put("state", "active");
                m.put("classes", woven);
                m.put("detail", what + " woven in " + woven + " loaded class" + (woven == 1 ? "" : "es") + " ("
                        + loaders(wovenIn) + ")");
            } else {
                m.put("state", "failed");
                m.put("classes", woven);
                String why = failures.get(p.spec.id());
                m.put("detail", what + " woven in " + woven + " of " + copies.size() + " loaded classes; not in "
                        + loaders(missingIn) + (why == null ? (weaver.installed() ? "" : ": the agent's weaving is not installed yet")
                        : ": " + why));
            }
            out.add(m);
        }
        for (PatchSpec s : plan.outOfScope) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("state", "out-of-scope");
            m.put("classes", 0);
            m.put("detail", "instance " + instanceId + " is not among the patch's instances");
            out.add(m);
        }
        return out;
    }

    /** {@link #report()} with, for local status, each patch's hits and last retransformation time. */
    public synchronized List<Map<String, Object>> status() {
        List<Map<String, Object>> out = report();
        for (Map<String, Object> m : out) {
            Counters c = counters.get(m.get("id"));
            if (c != null) {
                m.put("hits", c.hits.get());
            }
            Long ms = retransformMillis.get(m.get("id"));
            if (ms != null) {
                m.put("retransformMillis", ms);
            }
        }
        return out;
    }

    private static String loaders(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        String shown = list.size() <= 5 ? join(list) : join(list.subList(0, 5)) + " and " + (list.size() - 5) + " more";
        return (list.size() == 1 ? "loader: " : "loaders: ") + shown;
    }

    private List<Class<?>> loadedOf(Set<String> internalNames) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (internalNames.contains(c.getName().replace('.', '/'))) {
                out.add(c);
            }
        }
        return out;
    }

    private static void addId(Map<String, Set<String>> map, String key, String id) {
        Set<String> set = map.get(key);
        if (set == null) {
            set = new LinkedHashSet<>();
            map.put(key, set);
        }
        set.add(id);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String join(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p);
        }
        return sb.toString();
    }

    /** One woven method's patch: what the trampoline does for its slot. */
    static final class Rule {
        final PatchSpec spec;
        final String descriptor;
        final Object returnValue;
        final Counters counters;

        Rule(PatchSpec spec, String descriptor, Object returnValue, Counters counters) {
            this.spec = spec;
            this.descriptor = descriptor;
            this.returnValue = returnValue;
            this.counters = counters;
        }
    }

    /** Per patch: how often it acted, its event budget, and whether its failure was logged. */
    static final class Counters {
        final AtomicLong hits = new AtomicLong();
        final AtomicBoolean failureLogged = new AtomicBoolean();
        private long windowStart;
        private int inWindow;
        private long suppressed;

        /** @return -1 if this event is over the rate (and counted), else how many were suppressed before it */
        synchronized long admit() {
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= EVENTS_PER_SECOND) {
                suppressed++;
                return -1;
            }
            inWindow++;
            long s = suppressed;
            suppressed = 0;
            return s;
        }
    }
}
