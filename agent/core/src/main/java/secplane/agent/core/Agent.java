package secplane.agent.core;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import secplane.agent.core.aspects.AspectHost;
import secplane.agent.core.aspects.AspectPackage;
import secplane.agent.core.aspects.LoadedAspect;
import secplane.agent.core.config.AgentOptions;
import secplane.agent.core.control.ControlPlane;
import secplane.agent.core.control.ControlPlaneConfig;
import secplane.agent.core.control.SnapshotEnforcer;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.inventory.Collector;
import secplane.agent.core.inventory.Inventory;
import secplane.agent.core.inventory.InventoryTracker;
import secplane.agent.core.patches.VirtualPatches;
import secplane.agent.core.weaving.Weaver;
import secplane.agent.core.request.RequestContext;
import secplane.agent.core.request.Requests;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.bootstrap.IsolatedClassLoader;

/**
 * The running agent in one JVM: options, log, events, aspects, policy, weaving, and the
 * detach path that undoes all of it. Started by {@code secplane.bootstrap.AgentEntry} through
 * reflection from inside the isolated loader.
 */
public final class Agent {
    public static final String VERSION = Agent.class.getPackage() != null && Agent.class.getPackage().getImplementationVersion() != null
            ? Agent.class.getPackage().getImplementationVersion() : "0.1.0";

    /** Quiet time after classes load from a new jar before the inventory is collected again. */
    private static final long INVENTORY_DEBOUNCE_MILLIS = 2000;

    private static volatile Agent current;

    private final Instrumentation instrumentation;
    private final AgentOptions options;
    private final File dataDir;
    private final AgentLog log;
    private final EventLog events;
    private final AspectHost host;
    private final Weaver weaver;
    private final VirtualPatches patches;
    private final Watcher watcher;
    private final ClassLoader loader;
    private final String service;
    private final boolean attached;
    private final Thread shutdownHook;
    /** Null in standalone mode, and when the control-plane options were refused. */
    private final ControlPlane controlPlane;
    /** Why the control-plane options were refused, or null. */
    private final String controlPlaneError;
    /** Null with inventory=false. */
    private final InventoryTracker inventory;

    private Agent(Instrumentation instrumentation, AgentOptions options, File dataDir, AgentLog log, File jar,
            boolean attached, ClassLoader loader) {
        this.instrumentation = instrumentation;
        this.options = options;
        this.dataDir = dataDir;
        this.log = log;
        this.attached = attached;
        this.loader = loader;
        this.service = options.get("service").isEmpty() ? defaultService() : options.get("service");
        this.events = new EventLog(new File(dataDir, "events.jsonl"), (int) options.number("events.queue"), log);
        this.host = new AspectHost(loader, loader.getParent(), events, log, service, options.number("aspect.budget.ms"),
                (int) options.number("quarantine.after"));
        this.weaver = new Weaver(instrumentation, log);
        this.inventory = options.bool("inventory") ? new InventoryTracker(Collector.forThisJvm(instrumentation),
                new File(dataDir, "inventory.json"), log, INVENTORY_DEBOUNCE_MILLIS) : null;
        ControlPlaneConfig cp = null;
        String cpError = null;
        String hostName = null;
        String instance = options.get("instance").trim();
        if (!options.get("server").trim().isEmpty() || instance.isEmpty()) {
            hostName = ControlPlane.localHostName();
        }
        // the same instance id as the control plane is told (ControlPlaneConfig), for patches' "instances"
        this.patches = new VirtualPatches(instrumentation, weaver, events, log, service,
                instance.isEmpty() ? hostName + "-" + pid() : instance);
        if (!options.get("server").trim().isEmpty()) {
            try {
                cp = ControlPlaneConfig.from(options, System.getenv(), dataDir, hostName, pid());
                cp.uploadCapacity((int) options.number("events.queue"));
            } catch (IllegalArgumentException e) {
                cpError = e.getMessage();
            }
        }
        this.controlPlaneError = cpError;
        this.watcher = new Watcher(this, jar, cp == null ? options.file("policy") : null, options.file("aspects.dir"),
                options.number("poll.ms"), options.bool("builtin"));
        if (cp != null) {
            SnapshotEnforcer enforcer = new SnapshotEnforcer(host, watcher, new SnapshotEnforcer.BasePackages() {
                @Override
                public Map<String, AspectPackage> get() {
                    return watcher.basePackages(false);
                }
            }, log, events, service, patches);
            watcher.controlledBy(enforcer);
            this.controlPlane = new ControlPlane(cp, enforcer, host, events, log, service, VERSION, hostName, pid());
            if (inventory != null) {
                final ControlPlane client = controlPlane;
                client.reportInventory();
                inventory.listener(new InventoryTracker.Listener() {
                    @Override
                    public void changed(Inventory inv) {
                        client.inventoryChanged(inv);
                    }
                });
            }
        } else {
            this.controlPlane = null;
        }
        this.shutdownHook = new Thread(new Runnable() {
            @Override
            public void run() {
                events.close();
            }
        }, "secplane-shutdown");
    }

    /** Called reflectively by AgentEntry. */
    public static void start(Instrumentation inst, String args, File jar, boolean attached, ClassLoader loader)
            throws Exception {
        long t0 = System.nanoTime();
        AgentOptions options = AgentOptions.resolve(args, System.getenv());
        File dataDir = options.file("data");
        if (dataDir == null) {
            dataDir = new File(System.getProperty("user.home"), ".secplane" + File.separator + "agent" + File.separator + pid());
        }
        if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
            throw new IOException("cannot create the agent data directory " + dataDir + "; set data=<dir> or SECPLANE_DATA");
        }
        AgentLog log = new AgentLog(new File(dataDir, "agent.log"), AgentLog.Level.valueOf(options.get("log.level").toUpperCase(java.util.Locale.ROOT)),
                10L * 1024 * 1024);
        try {
            Agent agent = new Agent(inst, options, dataDir, log, jar, attached, loader);
            agent.run(t0);
            current = agent;
        } catch (Exception | Error e) {
            log.error("agent start failed; the application runs without protection", e);
            log.close();
            Dispatcher.uninstall();
            throw e;
        }
    }

    private void run(long t0) throws Exception {
        log.info("secplane agent " + VERSION + " starting in pid " + pid() + " (" + (attached ? "attached" : "-javaagent")
                + ", Java " + System.getProperty("java.version") + ", data " + dataDir + ")");
        for (Map.Entry<String, String> e : options.asMap().entrySet()) {
            String value = AgentOptions.secret(e.getKey()) && !e.getValue().isEmpty() ? "<redacted>" : e.getValue();
            log.info("option " + e.getKey() + "=" + value + " (" + options.source(e.getKey()) + ")");
        }
        for (String w : options.warnings()) {
            log.warn(w);
        }
        events.start();
        if (controlPlaneError != null) {
            log.error("control-plane mode refused, running standalone" + (options.file("policy") == null ? "" : " with the policy file "
                    + options.file("policy")) + ": " + controlPlaneError, null);
            events.emit(Event.create().put("type", "control-plane.refused").put("service", service).put("error", controlPlaneError));
        }
        if (controlPlane != null && options.file("policy") != null) {
            log.warn("the policy file " + options.file("policy") + " is ignored: with server=" + options.get("server")
                    + " the policy comes from the control plane's signed snapshots");
        }
        watcher.loadInitial();
        if (controlPlane != null) {
            controlPlane.restore();
        }
        Dispatcher.install(host, new Runnable() {
            @Override
            public void run() {
                detach();
            }
        });
        Dispatcher.installRequests(new Requests(new Requests.Started() {
            @Override
            public void started(RequestContext context) {
                Dispatcher.dispatch(JoinPoints.HTTP_REQUEST, context.request(), new Object[0]);
            }
        }));
        weaver.addReadEdges();
        if (inventory != null) {
            inventory.start();
            final InventoryTracker tracker = inventory;
            weaver.classLoads(new Weaver.ClassLoads() {
                @Override
                public void loaded(String internalName, java.security.ProtectionDomain pd) {
                    tracker.loaded(internalName, pd);
                }
            });
        }
        weaver.install();
        patches.installed();
        watcher.start();
        if (controlPlane != null) {
            controlPlane.start();
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        log.info("agent started in " + millis + " ms; " + host.aspects().size() + " aspects, policy " + host.policy().version());
        events.emit(Event.create().put("type", "agent.started").put("service", service).put("pid", pid())
                .put("agentVersion", VERSION).put("java", System.getProperty("java.version"))
                .put("attached", attached).put("startMillis", millis).put("policyVersion", host.policy().version()));
        writeStatus("running");
    }

    /** Undoes everything: aspects unloaded, original bytecode restored, threads stopped, loader released. */
    synchronized void detach() {
        if (current != this) {
            return;
        }
        log.info("detaching");
        if (controlPlane != null) {
            controlPlane.stop();
        }
        watcher.stop();
        weaver.classLoads(null);
        if (inventory != null) {
            inventory.stop();
        }
        Dispatcher.setActive(0);
        patches.shutdown();
        host.shutdown();
        Dispatcher.uninstall();
        weaver.reset();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
        events.emit(Event.create().put("type", "agent.detached").put("service", service).put("pid", pid()));
        events.close();
        writeStatus("detached");
        log.info("detached");
        log.close();
        current = null;
        if (loader instanceof IsolatedClassLoader) {
            ((IsolatedClassLoader) loader).close();
        }
    }

    AspectHost host() {
        return host;
    }

    AgentLog log() {
        return log;
    }

    VirtualPatches patches() {
        return patches;
    }

    EventLog events() {
        return events;
    }

    String service() {
        return service;
    }

    /** @return true once after the control-plane state changed (status.json is due) */
    boolean controlPlaneChanged() {
        return controlPlane != null && controlPlane.takeChanged();
    }

    /** Writes {@code status.json}: what runs, for operators and tests. Replaced atomically. */
    synchronized void writeStatus(String state) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", state);
        status.put("agentVersion", VERSION);
        status.put("pid", pid());
        status.put("service", service);
        status.put("java", System.getProperty("java.version"));
        status.put("policyVersion", host.policy().version());
        status.put("policySource", host.policy().source());
        status.put("policyError", watcher.lastPolicyError());
        List<Map<String, Object>> aspects = new ArrayList<>();
        for (LoadedAspect a : host.aspects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("version", a.version());
            m.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("origin", a.pkg().origin());
            m.put("failures", a.failures());
            m.put("calls", a.calls());
            aspects.add(m);
        }
        status.put("aspects", aspects);
        status.put("woven", new ArrayList<>(weaver.woven()));
        status.put("instance", patches.instanceId());
        status.put("patches", patches.status());
        status.put("eventsWritten", events.written());
        status.put("eventsDropped", events.dropped());
        // rewrites (masks of log lines and response chunks) that could not be applied: sent as written
        Map<String, Object> rewrites = new LinkedHashMap<>();
        rewrites.put("logFailures", secplane.agent.core.logs.LogEvents.rewriteFailures());
        rewrites.put("responseFailures", secplane.agent.core.aspects.ResponseRewrite.failures());
        rewrites.put("heldBodyFailures", secplane.agent.core.aspects.AspectHost.heldBodyFailures());
        status.put("rewrites", rewrites);
        if (controlPlane != null) {
            status.put("controlPlane", controlPlane.status());
        } else if (controlPlaneError != null) {
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("server", options.get("server"));
            cp.put("state", "refused");
            cp.put("error", controlPlaneError);
            status.put("controlPlane", cp);
        }
        Files2.writeAtomically(new File(dataDir, "status.json"), secplane.protocol.json.Json.write(status), log);
    }

    static List<AspectPackage> builtinAspects(File jar, AgentLog log) {
        List<AspectPackage> out = new ArrayList<>();
        try {
            JarFile jf = new JarFile(jar, false);
            try {
                Enumeration<JarEntry> entries = jf.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().startsWith("inst/aspects/") && e.getName().endsWith(".jar")) {
                        byte[] bytes = Files2.readAll(jf.getInputStream(e));
                        out.add(AspectPackage.read(bytes, "built-in " + e.getName().substring("inst/aspects/".length())));
                    }
                }
            } finally {
                jf.close();
            }
        } catch (IOException e) {
            log.error("reading the built-in aspects failed", e);
        }
        return out;
    }

    static String pid() {
        try {
            File self = new File("/proc/self").getCanonicalFile();
            if (self.getName().matches("\\d+")) {
                return self.getName();
            }
        } catch (IOException ignored) {
            // not Linux
        }
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }

    private static String defaultService() {
        String command = System.getProperty("sun.java.command", "java");
        String first = command.trim().split("\\s+")[0];
        int slash = first.lastIndexOf('/');
        return slash >= 0 ? first.substring(slash + 1) : first;
    }
}
