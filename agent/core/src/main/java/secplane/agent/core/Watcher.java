package secplane.agent.core;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.agent.core.aspects.AspectPackage;
import secplane.agent.core.aspects.LoadedAspect;
import secplane.agent.core.control.SnapshotEnforcer;
import secplane.agent.core.events.Event;
import secplane.agent.core.patches.PatchPlan;
import secplane.agent.core.policy.Policy;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.policy.PolicyParser;

/**
 * Keeps the running aspects and policy in step with their sources: the built-in aspects, the
 * aspects directory, and the policy file. Checks every {@code poll.ms}; a change is applied whole
 * or not at all, and a rejected change leaves the last good state running, with an event and a
 * line in {@code status.json} saying why.
 */
final class Watcher {
    private final Agent agent;
    private final File jar;
    private final File policyFile;
    private final File aspectsDir;
    private final long pollMillis;
    private final boolean builtin;
    private final Map<String, String> fileStamps = new HashMap<>();
    private final Map<String, AspectPackage> dirPackages = new HashMap<>();
    private List<AspectPackage> builtins;
    private String policyStamp = "";
    private String policyText;
    private String rejectedText;
    private volatile String lastPolicyError;
    private volatile Thread thread;
    private volatile boolean running;
    /** Set in control-plane mode: the policy and the bundles of the last good snapshot. */
    private volatile SnapshotEnforcer enforcer;

    Watcher(Agent agent, File jar, File policyFile, File aspectsDir, long pollMillis, boolean builtin) {
        this.agent = agent;
        this.jar = jar;
        this.policyFile = policyFile;
        this.aspectsDir = aspectsDir;
        this.pollMillis = Math.max(50, pollMillis);
        this.builtin = builtin;
    }

    /** Control-plane mode: the policy comes from snapshots, not from the policy file. */
    void controlledBy(SnapshotEnforcer e) {
        this.enforcer = e;
    }

    String lastPolicyError() {
        return lastPolicyError;
    }

    void loadInitial() {
        builtins = builtin ? Agent.builtinAspects(jar, agent.log()) : java.util.Collections.<AspectPackage>emptyList();
        syncAspects();
        syncPolicy(true);
    }

    void start() {
        running = true;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                loop();
            }
        }, "secplane-watcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        int ticks = 0;
        int seen = -1;
        while (running) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                boolean changed = syncAspects();
                changed |= syncPolicy(changed);
                changed |= agent.patches().refresh();
                int generation = agent.host().generation();
                if (agent.controlPlaneChanged() | changed || generation != seen || ++ticks % 10 == 0) {
                    seen = generation;
                    agent.writeStatus("running");
                }
            } catch (Throwable t) {
                agent.log().error("watcher failed; retrying", t);
            }
        }
    }

    /** @return true if the set of running aspects changed */
    private synchronized boolean syncAspects() {
        boolean dirChanged = scanDirectory();
        Map<String, AspectPackage> wanted = basePackages(true);
        SnapshotEnforcer snapshots = enforcer;
        if (snapshots != null) {
            wanted = snapshots.overlay(wanted);
        }
        if (!dirChanged && sameAsRunning(wanted)) {
            return false;
        }
        boolean changed = false;
        Map<String, LoadedAspect> running = new HashMap<>();
        for (LoadedAspect a : agent.host().aspects()) {
            running.put(a.id(), a);
        }
        for (AspectPackage p : wanted.values()) {
            LoadedAspect r = running.get(p.id());
            if (r != null && r.pkg().sha256().equals(p.sha256()) && r.state() != LoadedAspect.State.UNLOADED) {
                continue;
            }
            try {
                agent.host().deploy(p);
                changed = true;
            } catch (Throwable e) {
                agent.log().error("aspect " + p.id() + " " + p.version() + " from " + p.origin() + " could not be loaded; keeping what runs", e);
                reject(p.origin(), String.valueOf(e));
            }
        }
        for (String id : running.keySet()) {
            if (!wanted.containsKey(id)) {
                agent.host().remove(id);
                changed = true;
            }
        }
        return changed;
    }

    /** The built-in aspects and those of the aspects directory that win over them, by id. */
    synchronized Map<String, AspectPackage> basePackages(boolean report) {
        Map<String, AspectPackage> wanted = new LinkedHashMap<>();
        for (AspectPackage p : builtins) {
            wanted.put(p.id(), p);
        }
        for (AspectPackage p : dirPackages.values()) {
            AspectPackage current = wanted.get(p.id());
            if (current == null || AspectPackage.compareVersions(p.version(), current.version()) > 0
                    || (current.origin().startsWith("built-in") && AspectPackage.compareVersions(p.version(), current.version()) == 0)) {
                wanted.put(p.id(), p);
            } else if (report && current.origin().startsWith("built-in")) {
                reject(p.origin(), "version " + p.version() + " is older than the built-in " + current.version() + "; downgrades are refused");
            }
        }
        return wanted;
    }

    private boolean sameAsRunning(Map<String, AspectPackage> wanted) {
        Map<String, String> running = new HashMap<>();
        for (LoadedAspect a : agent.host().aspects()) {
            running.put(a.id(), a.pkg().sha256());
        }
        if (running.size() != wanted.size()) {
            return false;
        }
        for (AspectPackage p : wanted.values()) {
            if (!p.sha256().equals(running.get(p.id()))) {
                return false;
            }
        }
        return true;
    }

    /** @return true if any jar in the directory appeared, changed or disappeared */
    private boolean scanDirectory() {
        if (aspectsDir == null) {
            return false;
        }
        File[] files = aspectsDir.listFiles();
        if (files == null) {
            files = new File[0];
        }
        Arrays.sort(files);
        boolean changed = false;
        Map<String, Boolean> seen = new HashMap<>();
        for (File f : files) {
            if (!f.isFile() || !f.getName().endsWith(".jar")) {
                continue;
            }
            String key = f.getAbsolutePath();
            seen.put(key, Boolean.TRUE);
            String stamp = f.length() + "@" + f.lastModified();
            if (stamp.equals(fileStamps.get(key))) {
                continue;
            }
            fileStamps.put(key, stamp);
            changed = true;
            try {
                dirPackages.put(key, AspectPackage.read(Files2.readAll(f), f.getPath()));
            } catch (Exception e) {
                dirPackages.remove(key);
                agent.log().error("aspect jar " + f + " rejected", e);
                reject(f.getPath(), String.valueOf(e.getMessage()));
            }
        }
        for (String key : new java.util.ArrayList<>(fileStamps.keySet())) {
            if (!seen.containsKey(key)) {
                fileStamps.remove(key);
                dirPackages.remove(key);
                changed = true;
            }
        }
        return changed;
    }

    private void reject(String origin, String why) {
        agent.events().emit(Event.create().put("type", "aspect.rejected").put("service", agent.service())
                .put("origin", origin).put("error", why));
    }

    /**
     * @param force re-validate the current text even if the file is unchanged (the aspects changed)
     * @return true if a new policy was applied
     */
    private synchronized boolean syncPolicy(boolean force) {
        SnapshotEnforcer snapshots = enforcer;
        if (snapshots != null) {
            return force && syncSnapshotPolicy(snapshots);
        }
        if (policyFile == null) {
            if (force) {
                apply(Policy.DEFAULT, null);
            }
            return force;
        }
        // the file is small and read whole every poll: a change within the file system's time
        // granularity, or one that keeps the size, is never missed
        if (!policyFile.isFile()) {
            if ("missing".equals(policyStamp) && !force) {
                return false;
            }
            policyStamp = "missing";
            if (policyText == null) {
                lastPolicyError = policyFile + ": not found; running the built-in default policy";
                agent.log().warn(lastPolicyError);
                apply(Policy.DEFAULT, null);
                return true;
            }
            lastPolicyError = policyFile + ": disappeared; keeping policy " + agent.host().policy().version();
            agent.log().warn(lastPolicyError);
            return false;
        }
        policyStamp = "present";
        String text;
        try {
            byte[] bytes = Files2.readAll(policyFile);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return rejected(policyFile + ": cannot be read: " + e.getMessage());
        }
        if ((text.equals(policyText) || text.equals(rejectedText)) && !force) {
            return false;
        }
        try {
            Policy p = PolicyParser.parse(policyFile.getPath(), text, agent.host().catalog());
            if (!apply(p, text)) {
                rejectedText = text;
                return false;
            }
            lastPolicyError = null;
            return true;
        } catch (PolicyException e) {
            rejectedText = text;
            return rejected(e.getMessage());
        }
    }

    /** The running aspects changed under a snapshot's policy: validate it again against them. */
    private boolean syncSnapshotPolicy(SnapshotEnforcer e) {
        String text = e.policyText();
        if (text == null) {
            return apply(Policy.DEFAULT, null);
        }
        try {
            return apply(PolicyParser.parse(e.policyName(), text, agent.host().catalog()), text);
        } catch (PolicyException ex) {
            return rejected(ex.getMessage());
        }
    }

    private boolean apply(Policy p, String text) {
        PatchPlan patches;
        try {
            // checked against this JVM before anything changes: a patch that cannot work rejects the policy whole
            patches = agent.patches().plan(p.patches());
        } catch (PolicyException e) {
            return rejected(e.getMessage());
        }
        try {
            agent.host().apply(p);
        } catch (Exception e) {
            return rejected(p.source() + ": an aspect refused its config: " + e.getMessage());
        }
        agent.patches().apply(patches, p.version());
        policyText = text;
        agent.log().info("policy " + p.version() + " applied from " + p.source());
        agent.events().emit(Event.create().put("type", "policy.applied").put("service", agent.service())
                .put("policyVersion", p.version()).put("source", p.source()));
        return true;
    }

    private boolean rejected(String error) {
        lastPolicyError = error;
        agent.log().warn("policy rejected, keeping " + agent.host().policy().version() + ": " + error);
        agent.events().emit(Event.create().put("type", "policy.rejected").put("service", agent.service())
                .put("error", error).put("policyVersion", agent.host().policy().version()));
        agent.writeStatus("running");
        return false;
    }
}
