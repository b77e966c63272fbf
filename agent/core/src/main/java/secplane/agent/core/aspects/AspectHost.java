package secplane.agent.core.aspects;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.agent.core.AgentLog;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.policy.Policy;
import secplane.agent.core.request.RequestContext;
import secplane.agent.core.request.Requests;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.Rule;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * Runs the aspects: keeps one subscriber array per join point (swapped atomically, read without
 * locks on the hot path), applies the policy's rule modes to findings, enforces every aspect's
 * time budget and quarantines an aspect that fails too often.
 *
 * <p>Deploying a new version of an aspect loads and activates the new one first, swaps the
 * subscriber arrays in one step and only then freezes and unloads the old one, so the join points
 * are never unguarded during an upgrade.
 */
public final class AspectHost implements Dispatcher.Handler {
    private static final LoadedAspect[] NONE = new LoadedAspect[0];

    private final ClassLoader agentLoader;
    private final ClassLoader platformLoader;
    private final EventLog events;
    private final AgentLog log;
    private final String service;
    private final Map<String, LoadedAspect> aspects = new LinkedHashMap<>();
    private volatile LoadedAspect[][] subscribers;
    private volatile Policy policy = Policy.DEFAULT;
    private volatile long budgetNanos;
    private volatile int quarantineAfter;
    private volatile int generation;

    public AspectHost(ClassLoader agentLoader, ClassLoader platformLoader, EventLog events, AgentLog log, String service,
            long budgetMillis, int quarantineAfter) {
        this.agentLoader = agentLoader;
        this.platformLoader = platformLoader;
        this.events = events;
        this.log = log;
        this.service = service;
        this.budgetNanos = budgetMillis * 1_000_000L;
        this.quarantineAfter = quarantineAfter;
        LoadedAspect[][] empty = new LoadedAspect[JoinPoints.COUNT][];
        for (int i = 0; i < empty.length; i++) {
            empty[i] = NONE;
        }
        this.subscribers = empty;
    }

    /** Held response bodies (designated exports) sent as the application wrote them since start. */
    public static long heldBodyFailures() {
        return HeldBody.failures();
    }

    // ------------------------------------------------------------------ hot path

    @Override
    public void onJoinPoint(int joinPoint, Object target, Object[] rawArgs) {
        LoadedAspect[] subs = subscribers[joinPoint];
        if (subs.length == 0) {
            return;
        }
        RequestContext request = Requests.current();
        if (request == null && Arguments.requestOnly(joinPoint)) {
            return;
        }
        if (joinPoint == JoinPoints.HTTP_RESPONSE && rawArgs.length == 1) {
            // a response stream's close(): a body held for this request is released now, before the container closes
            Object held = request.root().held();
            if (held instanceof HeldBody && ((HeldBody) held).stream == target) {
                release((HeldBody) held);
            }
            return;
        }
        // Asked before the arguments are prepared: an aspect observing a sample of requests has no use for the calls
        // of the others, and when no subscriber has, the chunk is not decoded, the column not named, the line not read.
        long unwanted = unwanted(subs, joinPoint, request);
        if (subs.length <= 64 && unwanted == -1L >>> (64 - subs.length)) {
            return;
        }
        Object[] args = Arguments.normalise(joinPoint, target, rawArgs, request);
        if (args == null) {
            return;
        }
        Call call = new Call(joinPoint, target, args, request).withRaw(rawArgs);
        for (int i = 0; i < subs.length; i++) {
            LoadedAspect a = subs[i];
            if (i < 64 && (unwanted & 1L << i) != 0) {
                continue;
            }
            if (joinPoint == JoinPoints.LOG_MESSAGE) {
                // a baseline in block mode rewrites every line, so the aspect must not sample
                args[4] = a.enforcing();
            } else if (joinPoint == JoinPoints.HTTP_RESPONSE) {
                args[2] = a.enforcing();
            } else if (joinPoint == JoinPoints.HTTP_OUTBOUND || joinPoint == JoinPoints.KAFKA_SEND) {
                // a rule that refuses exports must see every one of them, not a sample
                args[4] = a.enforcing();
            } else if (joinPoint == JoinPoints.JDBC_RESULT) {
                // an enforcing rule's events carry lineage, so every read of the request is remembered, not a sample
                args[3] = a.enforcing();
            }
            Finding finding = inspect(a, call);
            if (finding != null) {
                apply(a, call, finding);
            }
        }
    }

    /**
     * Bit i set: subscriber i (of the first 64) is not active or answered {@link secplane.aspect.Aspect#wants} with false.
     * An aspect whose {@code wants} throws is counted as wanting the call (its {@code inspect} decides) and charged a failure.
     */
    private long unwanted(LoadedAspect[] subs, int joinPoint, RequestContext request) {
        long unwanted = 0;
        String name = JoinPoints.name(joinPoint);
        for (int i = 0; i < subs.length && i < 64; i++) {
            LoadedAspect a = subs[i];
            if (a.state() != LoadedAspect.State.ACTIVE) {
                unwanted |= 1L << i;
                continue;
            }
            try {
                if (!a.aspect().wants(name, request, a.enforcing())) {
                    unwanted |= 1L << i;
                }
            } catch (Throwable t) {
                failed(a, "threw " + t + " when asked whether it wants " + name, t);
            }
        }
        return unwanted;
    }

    private Finding inspect(LoadedAspect a, Call call) {
        if (a.state() != LoadedAspect.State.ACTIVE) {
            return null;
        }
        a.called();
        // Every call is timed against the budget, except that jdbc.result, reached for every value an application
        // reads, is timed one call in 16: System.nanoTime costs 0.2-0.4 us on a kvm-clock virtual machine
        // (docs/benchmarks.md, "JDBC observation and lineage"), more than the aspect's own work on most values. An
        // aspect that is slow on some values is slow on the timed ones too, and is quarantined all the same.
        boolean timed = call.id() != JoinPoints.JDBC_RESULT || (java.util.concurrent.ThreadLocalRandom.current().nextInt() & 15) == 0;
        long start = timed ? System.nanoTime() : 0;
        Finding finding;
        try {
            finding = a.aspect().inspect(call);
        } catch (Throwable t) {
            failed(a, "threw " + t, t);
            return null;
        }
        long elapsed = timed ? System.nanoTime() - start : 0;
        if (elapsed > budgetNanos) {
            failed(a, "ran " + (elapsed / 1000) + " us on " + call.name() + ", over its budget of " + (budgetNanos / 1000) + " us", null);
        }
        return finding;
    }

    private void apply(LoadedAspect a, Call call, Finding finding) {
        Mode mode = a.modes().get(finding.rule());
        if (mode == null) {
            failed(a, "reported undeclared rule '" + finding.rule() + "'", null);
            return;
        }
        if (mode == Mode.OFF) {
            return;
        }
        if (call.id() == JoinPoints.HTTP_RESPONSE && finding.evidence().containsKey(HOLD)) {
            hold(a, call, finding, mode);
            return;
        }
        String rewrite = finding.evidence().get(REWRITE);
        if (rewrite != null || call.id() == JoinPoints.LOG_MESSAGE) {
            rewrite(a, call, finding, mode, rewrite);
            return;
        }
        String notBlocked = null;
        if (mode == Mode.BLOCK && "true".equals(finding.evidence().get(REPORT_ONLY))) {
            // an inventory record (e.g. personal data sent to an allow-listed destination): reported, never refused
            mode = Mode.OBSERVE;
        }
        if (mode == Mode.BLOCK && call.id() == JoinPoints.JDBC_RESULT) {
            // a value the application has already read from its database is observed, never withheld: failing
            // the getter would break the application's own data access, not stop a disclosure
            mode = Mode.OBSERVE;
            notBlocked = "a value read from a result set is only observed";
        } else if (mode == Mode.BLOCK && inClassInitializer(call.stack())) {
            // An exception out of a static initializer fails the class for good (every later use throws
            // NoClassDefFoundError), which would break the host far beyond this call: report instead.
            mode = Mode.OBSERVE;
            notBlocked = "inside a class initializer, where an exception would leave the class unusable";
        }
        Event event = verdict(a, call, finding, mode.wireName(), finding.evidence())
                .put("stack", java.util.Arrays.asList(Event.trim(call.stack())));
        if (notBlocked != null) {
            event.put("notBlocked", notBlocked);
        }
        Map<String, Object> http = request(call.context());
        if (http != null) {
            if (mode == Mode.BLOCK) {
                // within a request the block answers the client itself: 403 naming this event, if not too late
                http.put("response", call.context().root().forbid(event.id()));
            }
            event.put("request", http);
        }
        events.emit(event);
        if (mode == Mode.BLOCK) {
            throw new BlockedException("secplane blocked " + call.name() + " (" + finding.rule() + "): " + finding.message()
                    + " [event " + event.id() + "]", event.id());
        }
    }

    /**
     * A finding's evidence key holding the text that replaces the inspected one in {@code block} mode
     * (then reported as the verdict {@code rewrite}); it never reaches the event, since it is the whole
     * (masked) text.
     */
    static final String REWRITE = "rewrite";

    /**
     * A finding's evidence key which, set to {@code true}, makes the finding a record for the inventory: it is
     * reported as {@code observe} even when its rule is in {@code block} mode.
     */
    static final String REPORT_ONLY = "reportOnly";

    /**
     * A finding's evidence key asking the host to hold the response body (a designated export): in {@code block}
     * mode every chunk of the request is held back ({@link HeldBody}) and the aspect is called once more with the
     * whole body as {@code {String body, String content type, Boolean.TRUE, "body"}}; its {@link #REWRITE} is what is
     * sent (of any length: the Content-Length is set to it while the response is not committed), and {@link #NOT_MARKED}
     * says why the body went out as written. In {@code observe} mode one event per request reports the finding.
     */
    static final String HOLD = "hold";
    static final String NOT_MARKED = "notMarked";
    /** The fourth argument of the call with a whole held body. */
    public static final String WHOLE_BODY = "body";
    /** Request attachment: the observe event of a held-body rule was reported for this request. */
    private static final String HOLD_REPORTED = "secplane.hold-reported";

    private void hold(LoadedAspect a, Call call, Finding finding, Mode mode) {
        RequestContext request = call.context();
        if (request == null || mode == Mode.OFF) {
            return;
        }
        RequestContext root = request.root();
        if (mode != Mode.BLOCK) {
            if (root.attachment(HOLD_REPORTED) == null) {
                root.attach(HOLD_REPORTED, Boolean.TRUE);
                emit(a, call, finding, Mode.OBSERVE.wireName(), null);
            }
            return;
        }
        Object existing = root.held();
        HeldBody body;
        if (existing instanceof HeldBody) {
            body = (HeldBody) existing;
        } else if (existing == null) {
            String type = (String) call.args()[1];
            body = new HeldBody(a, request, call.target(), type, Arguments.charset(type));
            final HeldBody b = body;
            root.hold(body, () -> release(b));
        } else {
            return;
        }
        if (body.released()) {
            return; // released after a chunk that could not be held: the rest goes out as written
        }
        if (!body.take(call.raw())) {
            // cannot hold this chunk: what was held goes out first, unmarked, so that the body keeps its order
            byte[] held = body.release();
            if (held != null && held.length > 0) {
                try {
                    body.send(held);
                } catch (Throwable e) {
                    // nothing more the agent can do for this body
                }
            }
            HeldBody.failed();
            emit(a, call, finding, Mode.OBSERVE.wireName(), "a chunk could not be held (size bound or unknown write); the body was sent as written");
        }
    }

    /** Gives the aspect the whole held body, then writes its answer (or the body as written) into the held stream. */
    private void release(HeldBody body) {
        byte[] original = body.release();
        if (original == null) {
            return;
        }
        byte[] out = original;
        String notMarked = null;
        Finding finding = null;
        Object[] args = {new String(original, body.charset), body.contentType, Boolean.TRUE, WHOLE_BODY};
        Call call = new Call(JoinPoints.HTTP_RESPONSE, body.stream, args, body.context);
        try {
            // outside the per-call budget: a bulk export is marked once, and only this request waits for it
            finding = body.aspect.aspect().inspect(call);
        } catch (Throwable t) {
            failed(body.aspect, "threw " + t + " marking a held response body", t);
            notMarked = "the aspect failed: " + t;
        }
        if (finding != null && finding.evidence().get(REWRITE) != null) {
            byte[] marked = finding.evidence().get(REWRITE).getBytes(body.charset);
            if (marked.length == original.length || body.context.root().responseLength(marked.length)) {
                out = marked;
            } else {
                notMarked = "the response was already committed with the application's length; sent as written";
            }
        } else if (finding != null && notMarked == null) {
            notMarked = finding.evidence().getOrDefault(NOT_MARKED, "the aspect gave no marked body");
        }
        try {
            body.send(out);
        } catch (Throwable e) {
            notMarked = "the body could not be written: " + e;
        }
        if (notMarked != null) {
            HeldBody.failed();
        }
        if (finding != null) {
            emit(body.aspect, call, finding, out == original ? Mode.OBSERVE.wireName() : "rewrite", notMarked);
        }
    }

    private void emit(LoadedAspect a, Call call, Finding finding, String verdict, String notRewritten) {
        Map<String, String> evidence = new LinkedHashMap<>(finding.evidence());
        evidence.remove(REWRITE);
        evidence.remove(HOLD);
        evidence.remove(NOT_MARKED);
        Event event = verdict(a, call, finding, verdict, evidence);
        if (notRewritten != null) {
            event.put("notRewritten", notRewritten);
        }
        Map<String, Object> http = request(call.context());
        if (http != null) {
            event.put("request", http);
        }
        events.emit(event);
    }

    /** A verdict event's common fields; evidence values are truncated, never the whole of a large value. */
    private Event verdict(LoadedAspect a, Call call, Finding finding, String verdict, Map<String, String> evidence) {
        return Event.create()
                .put("type", "verdict")
                .put("service", service)
                .put("joinPoint", call.name())
                .put("aspect", a.id())
                .put("aspectVersion", a.version())
                .put("rule", finding.rule())
                .put("verdict", verdict)
                .put("message", finding.message())
                .put("evidence", truncated(evidence))
                .put("policyVersion", policy.version())
                .put("thread", Thread.currentThread().getName());
    }

    /** The request an event happened in (method, URI, client, the drill marker if any), or null outside a request. */
    private static Map<String, Object> request(RequestContext request) {
        if (request == null) {
            return null;
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method());
        http.put("uri", Event.truncate(request.uri()));
        http.put("clientAddress", request.clientAddress());
        String drill = request.drillMarker();
        if (drill != null) {
            http.put("drill", drill);
        }
        return http;
    }

    /**
     * Findings of join points that can be rewritten in place: in {@code block} mode the text is replaced
     * instead of the call failing (a log line must never be lost); a rewrite that cannot be applied is
     * reported as {@code observe} with {@code notRewritten}.
     */
    private void rewrite(LoadedAspect a, Call call, Finding finding, Mode mode, String text) {
        String verdict = mode.wireName();
        String notRewritten = null;
        if (mode == Mode.BLOCK) {
            if (text == null) {
                verdict = Mode.OBSERVE.wireName();
                notRewritten = "the aspect gave no replacement text";
            } else if (call.id() == JoinPoints.LOG_MESSAGE && secplane.agent.core.logs.LogEvents.rewrite(call.raw()[0], text)) {
                verdict = "rewrite";
            } else if (call.id() == JoinPoints.HTTP_RESPONSE
                    && ResponseRewrite.apply(call.raw(), (String) call.args()[0], text, Arguments.charset((String) call.args()[1]))) {
                verdict = "rewrite";
            } else {
                verdict = Mode.OBSERVE.wireName();
                notRewritten = call.id() == JoinPoints.LOG_MESSAGE
                        ? "the event could not be rewritten; the line was written as logged"
                        : "the response chunk could not be rewritten in place; it was sent as written";
            }
        }
        emit(a, call, finding, verdict, notRewritten);
    }

    static boolean inClassInitializer(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if ("<clinit>".equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> truncated(Map<String, String> evidence) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : evidence.entrySet()) {
            out.put(e.getKey(), Event.truncate(e.getValue()));
        }
        return out;
    }

    private void failed(LoadedAspect a, String why, Throwable error) {
        int count = a.fail(why);
        log.warn("aspect " + a.id() + " " + a.version() + " failure " + count + ": " + why);
        if (count >= quarantineAfter && a.state() == LoadedAspect.State.ACTIVE) {
            quarantine(a, why);
        }
    }

    private synchronized void quarantine(LoadedAspect a, String why) {
        if (a.state() != LoadedAspect.State.ACTIVE) {
            return;
        }
        a.state(LoadedAspect.State.QUARANTINED);
        rebuildSubscribers();
        try {
            a.aspect().freeze();
        } catch (Throwable ignored) {
            // already quarantined
        }
        log.warn("aspect " + a.id() + " " + a.version() + " quarantined after " + a.failures() + " failures");
        events.emit(Event.create().put("type", "aspect.quarantined").put("service", service).put("aspect", a.id())
                .put("aspectVersion", a.version()).put("failures", a.failures()).put("lastFailure", why));
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Loads, configures and activates an aspect package, replacing any running aspect with the same
     * id. Nothing changes if the new one fails at any step.
     */
    public synchronized LoadedAspect deploy(AspectPackage pkg) throws Exception {
        LoadedAspect fresh = LoadedAspect.load(pkg, agentLoader, platformLoader, log);
        try {
            configure(fresh, policy);
            fresh.aspect().activate();
        } catch (Exception | Error e) {
            safeUnload(fresh);
            throw e;
        }
        fresh.state(LoadedAspect.State.ACTIVE);
        LoadedAspect old = aspects.put(pkg.id(), fresh);
        rebuildSubscribers();
        if (old != null) {
            retire(old);
            log.info("aspect " + pkg.id() + " upgraded " + old.version() + " -> " + pkg.version() + " (" + pkg.origin() + ")");
        } else {
            log.info("aspect " + pkg.id() + " " + pkg.version() + " loaded (" + pkg.origin() + ")");
        }
        events.emit(Event.create().put("type", "aspect.deployed").put("service", service).put("aspect", pkg.id())
                .put("aspectVersion", pkg.version()).put("previousVersion", old == null ? null : old.version())
                .put("origin", pkg.origin()).put("sha256", pkg.sha256()));
        return fresh;
    }

    public synchronized void remove(String id) {
        LoadedAspect old = aspects.remove(id);
        if (old != null) {
            rebuildSubscribers();
            retire(old);
            log.info("aspect " + id + " " + old.version() + " removed");
            events.emit(Event.create().put("type", "aspect.removed").put("service", service).put("aspect", id)
                    .put("aspectVersion", old.version()));
        }
    }

    private void retire(LoadedAspect old) {
        if (old.state() != LoadedAspect.State.QUARANTINED) {
            // a quarantined aspect was frozen when it was quarantined; each step happens once
            try {
                old.aspect().freeze();
            } catch (Throwable t) {
                log.error("aspect " + old.id() + " failed to freeze", t);
            }
        }
        safeUnload(old);
    }

    private void safeUnload(LoadedAspect a) {
        try {
            if (a.aspect() != null) {
                a.aspect().unload();
            }
        } catch (Throwable t) {
            log.error("aspect " + a.id() + " failed to unload", t);
        }
        a.state(LoadedAspect.State.UNLOADED);
        a.release();
    }

    /**
     * Loads an aspect package without activating it, so that its rules are known before a policy
     * that names them is validated. Hand the result to {@link #replace} or {@link #discard}.
     */
    public LoadedAspect load(AspectPackage pkg) throws Exception {
        return LoadedAspect.load(pkg, agentLoader, platformLoader, log);
    }

    /** Unloads an aspect from {@link #load} that was never handed to {@link #replace}. */
    public void discard(LoadedAspect a) {
        if (a.state() != LoadedAspect.State.UNLOADED) {
            safeUnload(a);
        }
    }

    /**
     * Replaces aspects and the policy in one step: every fresh aspect is configured with
     * {@code next} and activated, every remaining aspect takes its config from {@code next}, and
     * only then are the subscriber arrays swapped once and the replaced or removed aspects frozen
     * and unloaded. If any aspect refuses, the fresh ones are unloaded, the others get their
     * previous config back, and nothing that runs has changed.
     *
     * @param fresh  aspects from {@link #load}, replacing running ones with the same id
     * @param remove ids of running aspects to remove
     */
    public synchronized void replace(List<LoadedAspect> fresh, Collection<String> remove, Policy next) throws Exception {
        java.util.Set<String> freshIds = new java.util.HashSet<>();
        for (LoadedAspect f : fresh) {
            freshIds.add(f.id());
        }
        Map<LoadedAspect, AspectConfig> previous = new LinkedHashMap<>();
        try {
            for (LoadedAspect f : fresh) {
                configure(f, next);
                f.aspect().activate();
            }
            for (LoadedAspect a : aspects.values()) {
                if (freshIds.contains(a.id()) || remove.contains(a.id()) || a.state() == LoadedAspect.State.UNLOADED) {
                    continue;
                }
                AspectConfig before = new AspectConfig(policy.aspect(a.id()).config());
                a.aspect().configure(new AspectConfig(next.aspect(a.id()).config()));
                previous.put(a, before);
            }
        } catch (Exception | Error e) {
            for (Map.Entry<LoadedAspect, AspectConfig> p : previous.entrySet()) {
                try {
                    p.getKey().aspect().configure(p.getValue());
                } catch (Exception ignored) {
                    // it accepted this config before
                }
            }
            for (LoadedAspect f : fresh) {
                discard(f);
            }
            throw e;
        }
        policy = next;
        if (next.budgetMillis() != null) {
            budgetNanos = next.budgetMillis() * 1_000_000L;
        }
        if (next.quarantineAfter() != null) {
            quarantineAfter = next.quarantineAfter().intValue();
        }
        List<LoadedAspect> retired = new ArrayList<>();
        Map<String, LoadedAspect> replaced = new LinkedHashMap<>();
        for (LoadedAspect f : fresh) {
            f.state(LoadedAspect.State.ACTIVE);
            LoadedAspect old = aspects.put(f.id(), f);
            if (old != null) {
                retired.add(old);
                replaced.put(f.id(), old);
            }
        }
        List<LoadedAspect> removed = new ArrayList<>();
        for (String id : remove) {
            if (!freshIds.contains(id)) {
                LoadedAspect old = aspects.remove(id);
                if (old != null) {
                    removed.add(old);
                    retired.add(old);
                }
            }
        }
        for (LoadedAspect a : aspects.values()) {
            a.modes(modes(a, next));
        }
        rebuildSubscribers();
        for (LoadedAspect old : retired) {
            retire(old);
        }
        for (LoadedAspect f : fresh) {
            LoadedAspect old = replaced.get(f.id());
            log.info("aspect " + f.id() + " " + (old == null ? "" : old.version() + " -> ") + f.version() + " deployed ("
                    + f.pkg().origin() + ")");
            events.emit(Event.create().put("type", "aspect.deployed").put("service", service).put("aspect", f.id())
                    .put("aspectVersion", f.version()).put("previousVersion", old == null ? null : old.version())
                    .put("origin", f.pkg().origin()).put("sha256", f.pkg().sha256()));
        }
        for (LoadedAspect old : removed) {
            log.info("aspect " + old.id() + " " + old.version() + " removed");
            events.emit(Event.create().put("type", "aspect.removed").put("service", service).put("aspect", old.id())
                    .put("aspectVersion", old.version()));
        }
    }

    /** The rule ids of every loaded aspect, for validating a policy before it is applied. */
    public synchronized Map<String, Map<String, Rule>> catalog() {
        Map<String, Map<String, Rule>> out = new LinkedHashMap<>();
        for (LoadedAspect a : aspects.values()) {
            out.put(a.id(), a.rules());
        }
        return out;
    }

    /**
     * Applies a policy that was already validated against {@link #catalog()}. Configs are handed
     * to every aspect first; if one refuses its config, nothing of the new policy is applied.
     */
    public synchronized void apply(Policy next) throws Exception {
        Map<LoadedAspect, AspectConfig> previous = new LinkedHashMap<>();
        List<LoadedAspect> done = new ArrayList<>();
        try {
            for (LoadedAspect a : aspects.values()) {
                if (a.state() == LoadedAspect.State.UNLOADED) {
                    continue;
                }
                previous.put(a, new AspectConfig(policy.aspect(a.id()).config()));
                a.aspect().configure(new AspectConfig(next.aspect(a.id()).config()));
                done.add(a);
            }
        } catch (Exception e) {
            for (LoadedAspect a : done) {
                try {
                    a.aspect().configure(previous.get(a));
                } catch (Exception ignored) {
                    // it accepted this config before
                }
            }
            throw e;
        }
        policy = next;
        if (next.budgetMillis() != null) {
            budgetNanos = next.budgetMillis() * 1_000_000L;
        }
        if (next.quarantineAfter() != null) {
            quarantineAfter = next.quarantineAfter().intValue();
        }
        for (LoadedAspect a : aspects.values()) {
            a.modes(modes(a, next));
        }
        rebuildSubscribers();
    }

    private void configure(LoadedAspect a, Policy p) throws Exception {
        a.aspect().configure(new AspectConfig(p.aspect(a.id()).config()));
        a.modes(modes(a, p));
    }

    private static Map<String, Mode> modes(LoadedAspect a, Policy p) {
        Map<String, Mode> modes = new LinkedHashMap<>();
        boolean enabled = p.aspect(a.id()).enabled();
        for (Rule r : a.rules().values()) {
            modes.put(r.id(), enabled ? p.modeOf(a.id(), r.id(), r.defaultMode()) : Mode.OFF);
        }
        return modes;
    }

    private void rebuildSubscribers() {
        List<List<LoadedAspect>> lists = new ArrayList<>();
        for (int i = 0; i < JoinPoints.COUNT; i++) {
            lists.add(new ArrayList<LoadedAspect>());
        }
        int mask = 0;
        for (LoadedAspect a : aspects.values()) {
            if (a.state() != LoadedAspect.State.ACTIVE || !a.anyRuleOn()) {
                continue;
            }
            for (int i = 0; i < JoinPoints.COUNT; i++) {
                if ((a.joinPointMask() & (1 << i)) != 0) {
                    lists.get(i).add(a);
                    mask |= 1 << i;
                }
            }
        }
        LoadedAspect[][] next = new LoadedAspect[JoinPoints.COUNT][];
        for (int i = 0; i < JoinPoints.COUNT; i++) {
            next[i] = lists.get(i).toArray(NONE);
        }
        subscribers = next;
        Dispatcher.setActive(mask);
        generation++;
    }

    /** Changes whenever the running set of aspects, their states or their modes change. */
    public int generation() {
        return generation;
    }

    public synchronized Collection<LoadedAspect> aspects() {
        return Collections.unmodifiableCollection(new ArrayList<>(aspects.values()));
    }

    public Policy policy() {
        return policy;
    }

    /** Unloads everything; used on detach. */
    public synchronized void shutdown() {
        Dispatcher.setActive(0);
        for (LoadedAspect a : new ArrayList<>(aspects.values())) {
            retire(a);
        }
        aspects.clear();
        rebuildSubscribers();
    }
}
