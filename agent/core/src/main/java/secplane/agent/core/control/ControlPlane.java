package secplane.agent.core.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import secplane.agent.core.AgentLog;
import secplane.agent.core.aspects.AspectHost;
import secplane.agent.core.aspects.AspectPackage;
import secplane.agent.core.aspects.LoadedAspect;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.events.Iso;
import secplane.agent.core.inventory.Inventory;
import secplane.protocol.json.Json;

/**
 * The agent's side of the control-plane protocol (docs/protocol.md, "Agent calls"): enrolment,
 * heartbeats, the snapshot long-poll with ACK/NACK, event upload and, when the agent keeps one,
 * inventory upload, each on its own daemon thread.
 *
 * <p>The server is never needed for the agent to protect its host: every network failure is
 * contained and logged to the agent log, retried with capped exponential backoff and jitter, and
 * the last good snapshot keeps running. A snapshot is applied only after its signature, version,
 * service, policy and bundles all check out; the last good one is persisted and re-verified at
 * the next start, before the first poll.
 */
public final class ControlPlane {
    public enum State { ENROLLING, CONNECTED, UNREACHABLE }

    private static final long MAX_DOCUMENT = 4L * 1024 * 1024;
    private static final int CALL_TIMEOUT_MILLIS = 30_000;

    private final ControlPlaneConfig config;
    private final SnapshotEnforcer enforcer;
    private final AspectHost host;
    private final EventLog events;
    private final AgentLog log;
    private final String service;
    private final String agentVersion;
    private final String hostName;
    private final String pid;
    private final Http http;
    private final SnapshotStore store;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final Object tokenLock = new Object();
    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean running;
    private volatile State state = State.ENROLLING;
    private volatile String agentId;
    /** Never logged, never written to a file. */
    private volatile String agentToken;
    private volatile long heartbeatMillis = 10_000;
    private volatile int waitSeconds;
    private volatile long appliedVersion;
    private volatile String lastContact;
    private volatile Map<String, Object> lastNack;
    private volatile long uploaded;
    /** Only the control thread reads and writes it. */
    private long lastNackedVersion = -1;
    /** False once the server refused a heartbeat for its {@code patches} member. */
    private volatile boolean heartbeatPatches = true;

    /** True when the agent keeps an inventory: heartbeats carry its version and it is uploaded. */
    private volatile boolean inventoryReported;
    /** The latest inventory, or null before the first collection. */
    private volatile Inventory inventory;
    /** Until then (epoch millis) the server is taken not to know inventories: none is offered. */
    private volatile long inventoryPausedUntil;
    private final Object inventoryLock = new Object();
    /** Guarded by {@link #inventoryLock}: the version the server took (or refused for good) with {@link #inventorySentToken}. */
    private long inventorySentVersion = -1;
    private String inventorySentToken;
    /** Guarded by {@link #inventoryLock}: System.nanoTime() when the server answered that upload. */
    private long inventorySentAt;

    public ControlPlane(ControlPlaneConfig config, SnapshotEnforcer enforcer, AspectHost host, EventLog events, AgentLog log,
            String service, String agentVersion, String hostName, String pid) {
        this.config = config;
        this.enforcer = enforcer;
        this.host = host;
        this.events = events;
        this.log = log;
        this.service = service;
        this.agentVersion = agentVersion;
        this.hostName = hostName;
        this.pid = pid;
        this.http = new Http(config.servers, new Http.Failover() {
            @Override
            public void moved(String from, String to, String why) {
                movedReplica(from, to, why);
            }
        });
        this.store = new SnapshotStore(config.dataDir);
        this.waitSeconds = Math.min(60, config.maxWaitSeconds);
        // from here on, so that what happens at start (a refused snapshot.json) reaches the server too
        events.enableUpload(config.uploadCapacity);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Re-verifies and applies the persisted snapshot, if any, so that an agent restarting while
     * the server is unreachable enforces its last good snapshot. A snapshot that fails any check
     * (a tampered file, a missing bundle) is refused with a log line and an event, and the
     * built-in default keeps running until the control plane sends one.
     */
    public void restore() {
        String text;
        try {
            text = store.load();
        } catch (IOException e) {
            refusedAtStart("cannot be read: " + e.getMessage(), 0);
            return;
        }
        if (text == null) {
            log.info("no persisted snapshot in " + store.file() + "; running the built-in default until the control plane sends one");
            return;
        }
        SignedSnapshot s;
        try {
            s = SignedSnapshot.verify(text, config.key, config.keyId);
        } catch (SignedSnapshot.Rejected e) {
            refusedAtStart(e.getMessage(), e.version);
            return;
        }
        try {
            if (!service.equals(s.service)) {
                throw new SnapshotException("it is for service '" + s.service + "', this agent runs service '" + service + "'");
            }
            List<AspectPackage> bundles = new ArrayList<>();
            for (SignedSnapshot.Bundle b : s.bundles) {
                byte[] jar = store.bundle(b.sha256);
                if (jar == null) {
                    throw new SnapshotException("bundle " + b.id + " " + b.version + " (" + b.sha256 + ") is missing from the cache or "
                            + "its bytes no longer match that SHA-256");
                }
                bundles.add(read(b, jar, s.version));
            }
            enforcer.apply("snapshot v" + s.version, s.policyText(), bundles);
        } catch (SnapshotException e) {
            refusedAtStart(e.getMessage(), s.version);
            return;
        }
        appliedVersion = s.version;
        changed.set(true);
        log.info("persisted snapshot v" + s.version + " re-verified and applied from " + store.file());
        events.emit(Event.create().put("type", "snapshot.applied").put("service", service).put("snapshotVersion", s.version)
                .put("source", store.file().getPath()));
    }

    private void refusedAtStart(String why, long version) {
        String message = store.file() + " refused: " + why + "; running the built-in default until the control plane sends a snapshot";
        log.warn(message);
        events.emit(Event.create().put("type", "snapshot.rejected").put("service", service).put("snapshotVersion", version)
                .put("source", store.file().getPath()).put("error", why));
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        log.info("control plane " + config.server + ": enrolling as instance " + config.instance + " of service " + service
                + "; trusting snapshots signed with key " + config.keyId);
        thread("secplane-control", new Runnable() {
            @Override
            public void run() {
                pollLoop();
            }
        });
        thread("secplane-heartbeat", new Runnable() {
            @Override
            public void run() {
                heartbeatLoop();
            }
        });
        thread("secplane-upload", new Runnable() {
            @Override
            public void run() {
                uploadLoop();
            }
        });
        if (inventoryReported) {
            thread("secplane-inventory-upload", new Runnable() {
                @Override
                public void run() {
                    inventoryLoop();
                }
            });
        }
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops the threads and breaks any request in flight; the agent is detaching. */
    public synchronized void stop() {
        running = false;
        http.abortAll();
        synchronized (tokenLock) {
            tokenLock.notifyAll();
        }
        synchronized (inventoryLock) {
            inventoryLock.notifyAll();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    // ------------------------------------------------------------------ status

    /** {@code controlPlane} in status.json. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", http.base());
        if (config.servers.size() > 1) {
            m.put("servers", config.servers);
        }
        m.put("instance", config.instance);
        m.put("agentId", agentId);
        m.put("state", state.name().toLowerCase(Locale.ROOT));
        m.put("lastContact", lastContact);
        m.put("appliedVersion", appliedVersion);
        m.put("lastNack", lastNack);
        m.put("eventsUploaded", uploaded);
        m.put("eventsDropped", events.uploadDropped());
        return m;
    }

    /** @return true once after anything in {@link #status()} changed that is worth rewriting status.json for */
    public boolean takeChanged() {
        return changed.getAndSet(false);
    }

    public State state() {
        return state;
    }

    public long appliedVersion() {
        return appliedVersion;
    }

    public String agentId() {
        return agentId;
    }

    private void state(State next) {
        State before = state;
        state = next;
        if (before != next) {
            changed.set(true);
        }
    }

    private void contact() {
        lastContact = Iso.now();
        if (agentToken != null) {
            state(State.CONNECTED);
        }
    }

    /** Logs the first failure of a run of failures as a warning, the rest at debug level. */
    private void unreachable(String what) {
        if (!running) {
            return;
        }
        if (state != State.UNREACHABLE) {
            log.warn("control plane " + config.server + " unreachable (" + what + "); retrying with backoff"
                    + (config.servers.size() > 1 ? ", one replica after the other" : "") + "; the last good snapshot keeps running");
        } else {
            log.debug("control plane still unreachable: " + what);
        }
        state(State.UNREACHABLE);
    }

    /**
     * Requests now go to the next replica. Replicas share one database, so the agent token works
     * there too; if it does not, the 401 leads to a new enrolment as anywhere else.
     */
    private void movedReplica(String from, String to, String why) {
        String message = "control plane replica " + from + " failed (" + why + "); moving to " + to;
        if (state != State.UNREACHABLE) {
            log.info(message);
        } else {
            log.debug(message);
        }
        changed.set(true);
    }

    // ------------------------------------------------------------------ enrolment and token

    private String token() {
        return agentToken;
    }

    /** The server no longer knows the token (revoked, expired, or re-enrolled elsewhere): enrol again. */
    private void dropToken(String token, Http.Response r, String call) {
        synchronized (tokenLock) {
            if (token != null && token.equals(agentToken)) {
                log.warn(call + " answered " + r.describe() + "; enrolling again");
                agentToken = null;
                state(State.ENROLLING);
            }
        }
    }

    /** @return the agent token, waiting until enrolment gives one; null when stopping */
    private String awaitToken() throws InterruptedException {
        synchronized (tokenLock) {
            while (running && agentToken == null) {
                tokenLock.wait(1000);
            }
            return running ? agentToken : null;
        }
    }

    private boolean enrol(boolean firstAttempt) throws IOException {
        if (state != State.UNREACHABLE) {
            state(State.ENROLLING);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("instanceId", config.instance);
        body.put("host", hostName);
        body.put("pid", parsePid());
        body.put("jvm", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        body.put("agentVersion", agentVersion);
        body.put("labels", config.labels);
        Http.Response r = http.json("POST", "/v1/agents/enroll", config.enrolToken, body, CALL_TIMEOUT_MILLIS);
        if (r.status != 200) {
            String message = "enrolment at " + http.base() + " refused: " + r.describe();
            if (r.status == 401 || r.status == 403) {
                message += "; check enrol.token (a token made with 'secplane tokens create --enrol " + service + "')";
            }
            if (firstAttempt || r.status / 100 == 4) {
                log.warn(message + "; retrying with backoff");
            } else {
                log.debug(message);
            }
            if (r.status / 100 == 5 || r.status == 429) {
                unreachable("enrolment: " + r.describe());
            }
            return false;
        }
        Map<?, ?> m = object(r.text(), "enrolment response");
        Object id = m.get("agentId");
        Object token = m.get("agentToken");
        if (!(id instanceof String) || !(token instanceof String)) {
            log.warn("enrolment response lacks agentId or agentToken; retrying with backoff");
            return false;
        }
        if (m.get("heartbeatSeconds") instanceof Long) {
            heartbeatMillis = Math.max(1, (Long) m.get("heartbeatSeconds")) * 1000;
        }
        if (m.get("pollSeconds") instanceof Long) {
            waitSeconds = (int) Math.max(1, Math.min(60, (Long) m.get("pollSeconds")));
        }
        synchronized (tokenLock) {
            agentId = (String) id;
            agentToken = (String) token;
            tokenLock.notifyAll();
        }
        contact();
        changed.set(true);
        log.info("enrolled at " + http.base() + " as agent " + id + " (heartbeat every " + heartbeatMillis / 1000
                + " s, long-poll " + waitSeconds + " s)");
        return true;
    }

    private Object parsePid() {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return pid;
        }
    }

    private static Map<?, ?> object(String text, String what) throws IOException {
        try {
            Object o = Json.parse(text);
            if (o instanceof Map) {
                return (Map<?, ?>) o;
            }
        } catch (RuntimeException e) {
            throw new IOException(what + " is not JSON: " + e.getMessage());
        }
        throw new IOException(what + " is not a JSON object");
    }

    private String agentPath(String tail) {
        try {
            return "/v1/agents/" + URLEncoder.encode(agentId, "UTF-8") + tail;
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sleep(long millis) throws InterruptedException {
        if (running) {
            Thread.sleep(millis);
        }
    }

    // ------------------------------------------------------------------ snapshot long-poll

    private void pollLoop() {
        Backoff backoff = new Backoff(config.backoffBaseMillis, config.backoffCapMillis);
        boolean firstEnrolment = true;
        while (running) {
            try {
                String token = token();
                if (token == null) {
                    if (enrol(firstEnrolment)) {
                        backoff.reset();
                    } else {
                        sleep(backoff.next());
                    }
                    firstEnrolment = false;
                    continue;
                }
                int wait = waitSeconds;
                Http.Response r = http.send("GET", agentPath("/snapshot?applied=" + appliedVersion + "&wait=" + wait), token, null,
                        null, (wait + 15) * 1000, MAX_DOCUMENT);
                if (r.status == 200) {
                    contact();
                    if (onSnapshot(r.text(), token)) {
                        backoff.reset();
                    } else {
                        sleep(backoff.next());
                    }
                } else if (r.status == 204) {
                    contact();
                    backoff.reset();
                } else if (r.status == 401 || r.status == 404) {
                    dropToken(token, r, "snapshot poll");
                } else {
                    unreachable("snapshot poll: " + r.describe());
                    sleep(backoff.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                unreachable(String.valueOf(e));
                try {
                    sleep(backoff.next());
                } catch (InterruptedException stop) {
                    return;
                }
            } catch (RuntimeException | LinkageError e) {
                if (!running) {
                    return;
                }
                log.error("control-plane poll failed; retrying", e);
                try {
                    sleep(backoff.next());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Verifies and applies one snapshot, then ACKs or NACKs it. A network failure while fetching
     * its bundles is not the snapshot's fault: it is neither ACKed nor NACKed, and the next poll
     * (carrying the same applied version) gets it again.
     *
     * @return false if the poll should back off: the server sent again the version just NACKed
     */
    private boolean onSnapshot(String text, String token) throws IOException, InterruptedException {
        SignedSnapshot s;
        List<Map<String, Object>> patches;
        try {
            s = SignedSnapshot.verify(text, config.key, config.keyId);
        } catch (SignedSnapshot.Rejected e) {
            return nack(e.version, e.getMessage(), token);
        }
        try {
            if (s.version <= appliedVersion) {
                throw new SnapshotException((s.version == appliedVersion ? "replay" : "downgrade") + ": snapshot version "
                        + s.version + " is not newer than the applied version " + appliedVersion);
            }
            if (!service.equals(s.service)) {
                throw new SnapshotException("snapshot is for service '" + s.service + "', this agent runs service '" + service + "'");
            }
            List<AspectPackage> bundles = new ArrayList<>();
            for (SignedSnapshot.Bundle b : s.bundles) {
                bundles.add(read(b, fetch(b, token), s.version));
            }
            patches = enforcer.apply("snapshot v" + s.version, s.policyText(), bundles);
        } catch (SnapshotException e) {
            return nack(s.version, e.getMessage(), token);
        }
        lastNackedVersion = -1;
        appliedVersion = s.version;
        changed.set(true);
        log.info("snapshot v" + s.version + " applied (" + s.bundles.size() + " bundles)");
        events.emit(Event.create().put("type", "snapshot.applied").put("service", service).put("snapshotVersion", s.version)
                .put("source", http.base()));
        persist(s);
        ack(s.version, "ACK", null, patches, token);
        return true;
    }

    private void persist(SignedSnapshot s) {
        Set<String> keep = new HashSet<>();
        try {
            for (SignedSnapshot.Bundle b : s.bundles) {
                keep.add(b.sha256);
            }
            store.save(s.text, keep);
        } catch (IOException e) {
            log.warn("snapshot v" + s.version + " runs but could not be persisted to " + store.file() + ": " + e
                    + "; after a restart without the server the agent would run the previous one");
        }
    }

    /** The bundle's bytes from the cache, or downloaded and checked against the snapshot's SHA-256. */
    private byte[] fetch(SignedSnapshot.Bundle b, String token) throws IOException, SnapshotException {
        byte[] cached = store.bundle(b.sha256);
        if (cached != null) {
            return cached;
        }
        Http.Response r = http.send("GET", "/v1/bundles/" + b.sha256, token, null, null, CALL_TIMEOUT_MILLIS,
                AspectPackage.MAX_SIZE);
        if (r.status / 100 == 5 || r.status == 429) {
            throw new IOException("bundle " + b.id + " download: " + r.describe());
        }
        if (r.status != 200) {
            throw new SnapshotException("bundle " + b.id + " " + b.version + " (" + b.sha256 + ") cannot be downloaded: " + r.describe());
        }
        String actual = SnapshotStore.sha256(r.body);
        if (!actual.equals(b.sha256)) {
            throw new SnapshotException("bundle " + b.id + " " + b.version + " downloaded with SHA-256 " + actual
                    + ", the snapshot names " + b.sha256);
        }
        if (b.size >= 0 && b.size != r.body.length) {
            throw new SnapshotException("bundle " + b.id + " is " + r.body.length + " bytes, the snapshot says " + b.size);
        }
        try {
            store.cache(b.sha256, r.body);
        } catch (IOException e) {
            log.warn("bundle " + b.id + " could not be cached: " + e);
        }
        return r.body;
    }

    private static AspectPackage read(SignedSnapshot.Bundle b, byte[] jar, long version) throws SnapshotException {
        AspectPackage p;
        try {
            p = AspectPackage.read(jar, "control plane snapshot v" + version + " bundle " + b.id + " " + b.version);
        } catch (IOException e) {
            throw new SnapshotException("bundle " + b.id + " " + b.version + " is not an aspect package: " + e.getMessage());
        }
        if (!p.id().equals(b.id) || !p.version().equals(b.version)) {
            throw new SnapshotException("bundle " + b.sha256 + " is aspect " + p.id() + " " + p.version() + ", the snapshot names "
                    + b.id + " " + b.version);
        }
        return p;
    }

    /** @return false if this version was NACKed just before (a server that resends it must not make the agent spin) */
    private boolean nack(long version, String error, String token) throws InterruptedException {
        boolean repeated = version == lastNackedVersion;
        lastNackedVersion = version;
        log.warn("snapshot v" + version + " rejected, keeping " + (appliedVersion == 0 ? "the built-in default" : "snapshot v"
                + appliedVersion) + ": " + error);
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("version", version);
        n.put("error", error);
        n.put("time", Iso.now());
        lastNack = n;
        changed.set(true);
        events.emit(Event.create().put("type", "snapshot.rejected").put("service", service).put("snapshotVersion", version)
                .put("source", http.base()).put("error", error));
        ack(version, "NACK", error, null, token);
        return !repeated;
    }

    /**
     * Reports the outcome, retrying a few times; if it never arrives, the next poll's {@code applied}
     * tells the server. An ACK carries the self-check of the snapshot's virtual patches when it has
     * any (docs/protocol.md); a server that refuses that member (400 naming it: it predates virtual
     * patches) gets the ACK without it.
     */
    private void ack(long version, String status, String error, List<Map<String, Object>> patches, String token)
            throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("status", status);
        if (error != null) {
            body.put("error", error);
        }
        if (patches != null && !patches.isEmpty()) {
            body.put("patches", patches);
        }
        Backoff backoff = new Backoff(config.backoffBaseMillis, config.backoffCapMillis);
        for (int attempt = 0; attempt < 5 && running; attempt++) {
            try {
                Http.Response r = http.json("POST", agentPath("/ack"), token, body, CALL_TIMEOUT_MILLIS);
                if (r.ok()) {
                    contact();
                    return;
                }
                if (r.status == 401 || r.status == 404) {
                    dropToken(token, r, status + " of snapshot v" + version);
                    return;
                }
                if (r.status == 400 && body.containsKey("patches") && r.describe().contains("patches")) {
                    log.warn(status + " of snapshot v" + version + " with its patch report refused (" + r.describe()
                            + "); sending it without");
                    body.remove("patches");
                    continue;
                }
                if (r.status / 100 == 4 && r.status != 429) {
                    log.warn(status + " of snapshot v" + version + " refused: " + r.describe());
                    return;
                }
                unreachable(status + ": " + r.describe());
            } catch (IOException e) {
                unreachable(String.valueOf(e));
            }
            sleep(backoff.next());
        }
    }

    // ------------------------------------------------------------------ heartbeat

    private void heartbeatLoop() {
        try {
            while (running) {
                String token = awaitToken();
                if (token == null) {
                    return;
                }
                try {
                    Map<String, Object> body = heartbeat();
                    long sentAt = System.nanoTime();
                    Http.Response r = http.json("POST", agentPath("/heartbeat"), token, body, CALL_TIMEOUT_MILLIS);
                    if (r.ok()) {
                        contact();
                        if (body.containsKey("inventoryVersion")) {
                            serverInventory(r, sentAt);
                        }
                    } else if (r.status == 400 && body.containsKey("inventoryVersion") && r.text().contains("inventoryVersion")) {
                        // a server that predates inventories refuses the field: heartbeat again at once without it
                        pauseInventory("heartbeat: " + r.describe());
                        continue;
                    } else if (r.status == 400 && body.containsKey("patches") && r.describe().contains("patches")) {
                        // a server older than virtual patches: keep the heartbeat, drop the member it does not know
                        heartbeatPatches = false;
                        log.warn("heartbeat with patch states refused (" + r.describe() + "); heartbeats go without them");
                        continue;
                    } else if (r.status == 401 || r.status == 404) {
                        dropToken(token, r, "heartbeat");
                        continue;
                    } else {
                        unreachable("heartbeat: " + r.describe());
                    }
                } catch (IOException e) {
                    unreachable(String.valueOf(e));
                } catch (RuntimeException e) {
                    log.error("heartbeat failed", e);
                }
                sleep(heartbeatMillis);
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private Map<String, Object> heartbeat() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appliedVersion", appliedVersion);
        body.put("eventsDropped", events.uploadDropped());
        List<Map<String, Object>> aspects = new ArrayList<>();
        for (LoadedAspect a : host.aspects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("version", a.version());
            m.put("state", a.state().name().toLowerCase(Locale.ROOT));
            aspects.add(m);
        }
        body.put("aspects", aspects);
        if (inventoryReported && System.currentTimeMillis() >= inventoryPausedUntil) {
            Inventory inv = inventory;
            body.put("inventoryVersion", inv == null ? 0L : inv.version());
        }
        if (heartbeatPatches) {
            List<Map<String, Object>> patches = enforcer.patchStates();
            if (!patches.isEmpty()) {
                body.put("patches", patches);
            }
        }
        return body;
    }

    // ------------------------------------------------------------------ inventory

    /** The agent keeps an inventory: heartbeats carry its version, and each new one is uploaded. Before {@link #start}. */
    public void reportInventory() {
        inventoryReported = true;
    }

    /** A new inventory version: uploaded as soon as the agent holds a token. */
    public void inventoryChanged(Inventory inv) {
        inventory = inv;
        synchronized (inventoryLock) {
            inventoryLock.notifyAll();
        }
    }

    /**
     * The heartbeat's answer may say which inventory version the server holds; one older than the
     * agent's, in an answer to a heartbeat sent after the server took the agent's, means the server
     * lost it (restored from a backup, say): it is uploaded again.
     */
    private void serverInventory(Http.Response r, long heartbeatSentAt) {
        Object stored;
        try {
            Object doc = Json.parse(r.text());
            stored = doc instanceof Map ? ((Map<?, ?>) doc).get("inventoryVersion") : null;
        } catch (RuntimeException e) {
            return;
        }
        Inventory inv = inventory;
        if (!(stored instanceof Long) || inv == null || (Long) stored >= inv.version()) {
            return;
        }
        synchronized (inventoryLock) {
            if (inventorySentVersion == inv.version() && heartbeatSentAt - inventorySentAt > 0) {
                log.info("the control plane holds inventory v" + stored + ", the agent has v" + inv.version() + "; uploading it again");
                inventorySentVersion = -1;
                inventoryLock.notifyAll();
            }
        }
    }

    /** A server that does not know inventories: they are kept locally and offered again after a while. */
    private void pauseInventory(String why) {
        inventoryPausedUntil = System.currentTimeMillis() + config.inventoryRetryMillis;
        log.info("control plane " + http.base() + " does not take inventories (" + why + "); the inventory stays in inventory.json "
                + "and is offered again in " + config.inventoryRetryMillis / 1000 + " s");
    }

    private void inventoryLoop() {
        Backoff backoff = new Backoff(config.backoffBaseMillis, config.backoffCapMillis);
        try {
            while (running) {
                String token = awaitToken();
                if (token == null) {
                    return;
                }
                Inventory inv = inventoryDue(token);
                if (inv == null) {
                    continue;
                }
                try {
                    int outcome = putInventory(inv, token);
                    if (outcome != 0) {
                        backoff.reset();
                    } else if (token.equals(agentToken)) {
                        sleep(backoff.next());
                    }
                } catch (IOException | RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    log.error("inventory upload failed; retrying", e);
                    sleep(backoff.next());
                }
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /**
     * @return the inventory to upload with this token: a version the server has not taken from this
     *         enrolment, or one the server lost; null after waiting up to a second for one
     */
    private Inventory inventoryDue(String token) throws InterruptedException {
        synchronized (inventoryLock) {
            Inventory inv = inventory;
            if (inv != null && System.currentTimeMillis() >= inventoryPausedUntil
                    && (inv.version() != inventorySentVersion || !token.equals(inventorySentToken))) {
                return inv;
            }
            inventoryLock.wait(1000);
            return null;
        }
    }

    /** @return 1 when the server stored it, -1 when it will not take it (not retried until it changes), 0 to retry */
    private int putInventory(Inventory inv, String token) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Content-Encoding", "gzip");
        byte[] body = gzip(Json.write(inv.toMap()).getBytes(StandardCharsets.UTF_8));
        try {
            Http.Response r = http.send("PUT", agentPath("/inventory"), token, headers, body, CALL_TIMEOUT_MILLIS, 1024 * 1024);
            if (r.ok()) {
                contact();
                sent(inv, token);
                log.info("inventory v" + inv.version() + " (" + inv.jars().size() + " entries, " + body.length
                        + " bytes gzip) stored by the control plane");
                return 1;
            }
            if ((r.status == 404 && lacksCall(r)) || r.status == 405 || r.status == 501) {
                pauseInventory("inventory upload: " + r.describe());
                return -1;
            }
            if (r.status == 401 || r.status == 404) {
                dropToken(token, r, "inventory upload");
                return 0;
            }
            if (r.status / 100 == 4 && r.status != 408 && r.status != 429) {
                log.warn("inventory v" + inv.version() + " refused: " + r.describe() + "; it is offered again when it changes or "
                        + "after the next enrolment");
                sent(inv, token);
                return -1;
            }
            unreachable("inventory upload: " + r.describe());
        } catch (IOException e) {
            unreachable(String.valueOf(e));
        }
        return 0;
    }

    private void sent(Inventory inv, String token) {
        synchronized (inventoryLock) {
            inventorySentVersion = inv.version();
            inventorySentToken = token;
            inventorySentAt = System.nanoTime();
        }
    }

    /**
     * @return true if a 404 comes from a server without this call: its error says "no such endpoint",
     *         or it is not the protocol's error body at all (a proxy's page). Any other 404 is about the
     *         agent, which enrols again as after any call.
     */
    private static boolean lacksCall(Http.Response r) {
        try {
            Object doc = Json.parse(r.text());
            Object message = doc instanceof Map ? ((Map<?, ?>) doc).get("message") : null;
            return !(message instanceof String) || ((String) message).startsWith("no such endpoint");
        } catch (RuntimeException e) {
            return true;
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4 + 64);
        GZIPOutputStream gz = new GZIPOutputStream(bytes);
        try {
            gz.write(raw);
        } finally {
            gz.close();
        }
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------ event upload

    /** One batch of events and the id it keeps across every retry, so the server stores it once. */
    static final class Batch {
        final String id;
        final byte[] gzip;
        final int count;

        Batch(String id, byte[] gzip, int count) {
            this.id = id;
            this.gzip = gzip;
            this.count = count;
        }
    }

    static Batch batch(List<Event> list) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GZIPOutputStream gz = new GZIPOutputStream(bytes);
        try {
            StringBuilder sb = new StringBuilder(512);
            for (Event e : list) {
                sb.setLength(0);
                Json.write(sb, e.fields());
                sb.append('\n');
                gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            gz.close();
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String id = "b-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
        return new Batch(id, bytes.toByteArray(), list.size());
    }

    private void uploadLoop() {
        Backoff backoff = new Backoff(config.backoffBaseMillis, config.backoffCapMillis);
        Batch pending = null;
        long reportedDrops = 0;
        List<Event> list = new ArrayList<>();
        while (running) {
            try {
                if (pending == null) {
                    list.clear();
                    long deadline = System.currentTimeMillis() + config.uploadIntervalMillis;
                    while (running && list.size() < config.uploadBatch) {
                        long left = deadline - System.currentTimeMillis();
                        if (left <= 0) {
                            break;
                        }
                        events.takeUpload(list, config.uploadBatch - list.size(), left);
                    }
                    long drops = events.uploadDropped();
                    if (drops > reportedDrops) {
                        list.add(Event.create().put("type", "agent.events-dropped").put("service", service)
                                .put("count", drops - reportedDrops).put("buffer", "upload"));
                        reportedDrops = drops;
                    }
                    if (list.isEmpty()) {
                        continue;
                    }
                    pending = batch(list);
                }
                String token = awaitToken();
                if (token == null) {
                    return;
                }
                int outcome = send(pending, token);
                if (outcome != 0) {
                    uploaded += outcome > 0 ? pending.count : 0;
                    pending = null;
                    backoff.reset();
                } else if (token.equals(agentToken)) {
                    sleep(backoff.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.error("event upload failed; the batch is dropped", e);
                pending = null;
            }
        }
    }

    /** @return 1 when the batch is stored, -1 when it is refused for good (logged and dropped), 0 to retry it */
    private int send(Batch batch, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-ndjson");
        headers.put("Content-Encoding", "gzip");
        headers.put("Idempotency-Key", batch.id);
        try {
            Http.Response r = http.send("POST", agentPath("/events"), token, headers, batch.gzip, CALL_TIMEOUT_MILLIS, 1024 * 1024);
            if (r.ok()) {
                contact();
                return 1;
            }
            if (r.status == 401 || r.status == 404) {
                dropToken(token, r, "event upload");
                return 0;
            }
            if (r.status == 400 || r.status == 413 || r.status == 415) {
                // the server will never take this batch; keeping it would hold back every later one
                log.warn("event batch " + batch.id + " of " + batch.count + " events refused: " + r.describe() + "; dropped");
                return -1;
            }
            unreachable("event upload: " + r.describe());
        } catch (IOException e) {
            unreachable(String.valueOf(e));
        }
        return 0;
    }

    /** The host name without a DNS lookup: the kernel's, else the environment's, else the resolver's. */
    public static String localHostName() {
        try {
            java.io.File f = new java.io.File("/proc/sys/kernel/hostname");
            if (f.isFile()) {
                String h = new String(secplane.agent.core.Files2.readAll(f), StandardCharsets.UTF_8).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        String env = System.getenv("HOSTNAME");
        if (env == null || env.isEmpty()) {
            env = System.getenv("COMPUTERNAME");
        }
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
