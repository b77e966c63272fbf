package secplane.agent.core.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.agent.core.AgentLog;
import secplane.agent.core.aspects.AspectHost;
import secplane.agent.core.aspects.AspectPackage;
import secplane.agent.core.aspects.LoadedAspect;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.patches.PatchPlan;
import secplane.agent.core.patches.VirtualPatches;
import secplane.agent.core.policy.Policy;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.policy.PolicyParser;
import secplane.aspect.Rule;

/**
 * Makes the aspect host run what a verified snapshot says, whole or not at all: the bundles it
 * names on top of the base aspects (built-in and {@code aspects.dir}), the bundles of the
 * previous snapshot that it no longer names removed, and its policy, which takes the place of
 * the local policy file. The new aspects are loaded first so that the policy is validated
 * against the rules it will run with; then {@link AspectHost#replace} swaps everything in one
 * step.
 */
public final class SnapshotEnforcer {
    /** The aspects that run without the control plane, by id. */
    public interface BasePackages {
        Map<String, AspectPackage> get();
    }

    private final AspectHost host;
    private final Object lock;
    private final BasePackages base;
    private final AgentLog log;
    private final EventLog events;
    private final String service;
    /** Null where virtual patches cannot run (no instrumentation); a policy with patches is then refused. */
    private final VirtualPatches patches;
    private volatile List<AspectPackage> bundles = Collections.emptyList();
    private volatile String policyName;
    private volatile String policyText;

    /** @param lock held while the running aspects change; the watcher's, so the two never interleave */
    public SnapshotEnforcer(AspectHost host, Object lock, BasePackages base, AgentLog log, EventLog events, String service) {
        this(host, lock, base, log, events, service, null);
    }

    public SnapshotEnforcer(AspectHost host, Object lock, BasePackages base, AgentLog log, EventLog events, String service,
            VirtualPatches patches) {
        this.patches = patches;
        this.host = host;
        this.lock = lock;
        this.base = base;
        this.log = log;
        this.events = events;
        this.service = service;
    }

    /**
     * @param name       where the policy came from, for messages ("snapshot v42")
     * @param policyText the policy as JSON
     * @param next       the snapshot's bundles, already checked against their SHA-256
     * @return the self-check of the policy's virtual patches, for the ACK (empty without patches)
     * @throws SnapshotException with the reason, when nothing has changed
     */
    public List<Map<String, Object>> apply(String name, String policyText, List<AspectPackage> next) throws SnapshotException {
        synchronized (lock) {
            Map<String, AspectPackage> wanted = overlay(base.get(), next, true);
            Map<String, LoadedAspect> running = new HashMap<>();
            for (LoadedAspect a : host.aspects()) {
                running.put(a.id(), a);
            }
            List<LoadedAspect> fresh = new ArrayList<>();
            boolean handedOver = false;
            try {
                Map<String, Map<String, Rule>> catalog = new LinkedHashMap<>();
                for (AspectPackage p : wanted.values()) {
                    LoadedAspect r = running.get(p.id());
                    if (r != null && r.pkg().sha256().equals(p.sha256()) && r.state() != LoadedAspect.State.UNLOADED) {
                        catalog.put(p.id(), r.rules());
                        continue;
                    }
                    LoadedAspect loaded;
                    try {
                        loaded = host.load(p);
                    } catch (Exception | LinkageError e) {
                        throw new SnapshotException("bundle " + p.id() + " " + p.version() + " cannot be loaded: " + e);
                    }
                    fresh.add(loaded);
                    catalog.put(p.id(), loaded.rules());
                }
                Policy policy;
                try {
                    policy = PolicyParser.parse(name, policyText, catalog);
                } catch (PolicyException e) {
                    throw new SnapshotException("policy rejected: " + e.getMessage());
                }
                PatchPlan plan = PatchPlan.EMPTY;
                if (!policy.patches().isEmpty()) {
                    if (patches == null) {
                        throw new SnapshotException("policy rejected: " + name + ": /patches: this agent cannot apply virtual patches"
                                + " (no instrumentation); nothing was changed");
                    }
                    try {
                        plan = patches.plan(policy.patches());
                    } catch (PolicyException e) {
                        throw new SnapshotException("policy rejected: " + e.getMessage());
                    }
                }
                List<String> remove = new ArrayList<>();
                for (String id : running.keySet()) {
                    if (!wanted.containsKey(id)) {
                        remove.add(id);
                    }
                }
                handedOver = true;
                try {
                    host.replace(fresh, remove, policy);
                } catch (Exception | LinkageError e) {
                    throw new SnapshotException("an aspect refused the snapshot: " + e);
                }
                List<Map<String, Object>> report = patches == null ? new ArrayList<Map<String, Object>>()
                        : patches.apply(plan, policy.version());
                this.bundles = Collections.unmodifiableList(new ArrayList<>(next));
                this.policyName = name;
                this.policyText = policyText;
                log.info("policy " + policy.version() + " applied from " + name);
                events.emit(Event.create().put("type", "policy.applied").put("service", service)
                        .put("policyVersion", policy.version()).put("source", name));
                return report;
            } finally {
                if (!handedOver) {
                    for (LoadedAspect f : fresh) {
                        host.discard(f);
                    }
                }
            }
        }
    }

    /** The base aspects with the current snapshot's bundles on top, for the watcher. */
    public Map<String, AspectPackage> overlay(Map<String, AspectPackage> basePackages) {
        try {
            return overlay(basePackages, bundles, false);
        } catch (SnapshotException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bundle replaces a base aspect with the same id; a built-in one only by the same or a higher
     * version, as for {@code aspects.dir} (a downgrade of a built-in protection is refused).
     */
    private static Map<String, AspectPackage> overlay(Map<String, AspectPackage> basePackages, List<AspectPackage> next,
            boolean strict) throws SnapshotException {
        Map<String, AspectPackage> wanted = new LinkedHashMap<>(basePackages);
        for (AspectPackage p : next) {
            AspectPackage current = wanted.get(p.id());
            if (current != null && current.origin().startsWith("built-in")
                    && AspectPackage.compareVersions(p.version(), current.version()) < 0) {
                if (strict) {
                    throw new SnapshotException("bundle " + p.id() + " " + p.version() + " is older than the built-in "
                            + current.version() + "; downgrades of a built-in aspect are refused");
                }
                continue;
            }
            wanted.put(p.id(), p);
        }
        return wanted;
    }

    /** The current state of the virtual patches, for heartbeats; empty without any. */
    public List<Map<String, Object>> patchStates() {
        return patches == null ? new ArrayList<Map<String, Object>>() : patches.report();
    }

    /** The policy of the last applied snapshot, or null before the first. */
    public String policyText() {
        return policyText;
    }

    public String policyName() {
        return policyName;
    }

    public List<AspectPackage> bundles() {
        return bundles;
    }
}
