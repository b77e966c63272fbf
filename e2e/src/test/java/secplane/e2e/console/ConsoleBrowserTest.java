package secplane.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import secplane.e2e.PlaneApi;
import secplane.e2e.TestEnv;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Log4ShellAttack;
import secplane.testbeds.attacks.Testbed;

/**
 * The web console end to end in a real headless Chromium: a real control plane (H2, in this JVM),
 * the real agent jar in the vulnerable application (Tomcat 9.0.60, log4j-core 2.14.1) connected to
 * it, and the browser driven only through the console's {@code data-test} attributes. Logging in,
 * a real Log4Shell attempt appearing live on the Events page, a policy pushed and rolled back with
 * the agent acknowledging, a virtual patch applied and reverted from the Exposure page with the
 * exploit failing in between, a viewer unable to change anything (in the page and against the
 * API), and a screenshot of every page in English and Simplified Chinese under
 * {@code target/console-screenshots/}.
 *
 * <p>One control plane, one application JVM and one browser serve every test (starting Tomcat with
 * the agent, or Chromium, costs seconds); each test starts logged out with the browser's cookies and
 * storage cleared, and sets the policy it needs through the API first, so the tests do not depend on
 * each other's order. Every test fails on any JavaScript error in the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String SERVICE = "vulnapp";
    private static final String INSTANCE = "vuln-1";
    private static final String CVE = "CVE-2021-44228";
    /**
     * The built-in aspects as shipped (the JNDI aspect blocks Log4Shell on its own), and the data aspect
     * observing the customer endpoint's personal data, so that the Data page has a map and a violation.
     */
    private static final String DEFAULTS = "{\"version\": \"defaults\", \"aspects\": {\"data\": {\"rules\": {\"data.log-baseline\": \"observe\", "
            + "\"data.response-mask\": \"observe\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\", "
            + "\"responses\": [{\"endpoint\": \"/customers*\", \"unmaskedRoles\": [\"auditor\"]}]}}}}";
    /** Only a virtual patch defends: the aspects that stop Log4Shell on their own are off. */
    private static final String PATCH_ONLY = "{\"version\": \"patch-only\", \"aspects\": {\"jndi\": {\"enabled\": false}}}";
    static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

    /** Before login, the shell asks GET /console/session and is answered 401: the browser logs that load as an error. */
    private static final Predicate<String> SESSION_CHECK = m -> m.contains("/console/session") && m.contains("status of 401");

    @TempDir
    static Path tmp;

    private static ControlPlane plane;
    private static PlaneApi admin;
    private static String operatorToken;
    private static String viewerToken;
    private static Testbed app;
    private static String console;
    /** One browser for the class (starting Chromium costs seconds); each test begins logged out with empty storage. */
    private static Browser browser;

    /** What the browser showed when a test failed: {@code target/console-screenshots/failed-<test>.png}. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                try {
                    browser.screenshot(SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
                } catch (Exception | AssertionError e) {
                    cause.addSuppressed(e);
                }
            }
        }
    };

    @BeforeAll
    static void startThePlaneAndTheProtectedApplication() throws Exception {
        Browser.requireInstalled();
        plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0));
        admin = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
        operatorToken = operatorToken("operator", "console-operator");
        viewerToken = operatorToken("viewer", "console-viewer");
        long base = admin.push(SERVICE, DEFAULTS);
        String agent = TestEnv.agentArg(tmp.resolve("agent"), "service=" + SERVICE, "server=" + admin.url(),
                "server.key=" + plane.publicKey(), "enrol.token=" + admin.enrolToken(SERVICE), "instance=" + INSTANCE);
        app = Testbed.builder().javaHome(TestEnv.currentJavaHome()).workDir(Files.createDirectories(tmp.resolve("app")))
                .jvmArgs(agent).start();
        awaitApplied(base);
        assertThat(plane.consolePort()).as("the console's own port").isPositive().isNotEqualTo(plane.port());
        console = "http://127.0.0.1:" + plane.consolePort();
        browser = Browser.start();
    }

    @BeforeEach
    void loggedOut() {
        browser.reset();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    // ------------------------------------------------------------------ 1. log in

    @Test
    @Order(1)
    void aWrongTokenIsRefusedTheRightOneOpensTheConsoleWithItsRoleAndTheSessionLastsUntilLogout() throws Exception {
        Console c = new Console(browser, console).open();
        assertThat(c.visible(Console.test("login-token"))).as("not logged in: the login view").isTrue();

        c.submitToken("sp_op_" + "0".repeat(43));
        WebElement error = c.await(Console.test("login-error"), Duration.ofSeconds(10));
        c.await(Duration.ofSeconds(10), d -> !error.getText().isBlank());
        assertThat(c.present(By.cssSelector("[data-test^='page-']"))).as("no page behind a refused login").isFalse();
        assertThat(c.present(Console.test("role-badge"))).isFalse();

        c.login(operatorToken);
        assertThat(c.role()).isEqualTo("operator");
        assertThat(c.visible(Console.test("login-error"))).isFalse();
        Cookie cookie = c.driver().manage().getCookieNamed("secplane_session");
        assertThat(cookie).as("the session cookie").isNotNull();
        assertThat(cookie.isHttpOnly()).as("HttpOnly: page scripts cannot read the session").isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(c.script("return document.cookie")).asString().doesNotContain("secplane_session");

        c.driver().navigate().refresh();
        c.await(Console.test("role-badge"), Duration.ofSeconds(20));
        c.awaitAnyPageReady();
        assertThat(c.role()).as("a reload keeps the session").isEqualTo("operator");
        assertThat(c.visible(Console.test("login-token"))).isFalse();

        try (Browser other = Browser.start()) {
            Console fresh = new Console(other, console).open();
            assertThat(fresh.visible(Console.test("login-token"))).as("another browser context is not logged in").isTrue();
            assertThat(fresh.present(Console.test("role-badge"))).isFalse();
            other.assertNoErrors(SESSION_CHECK);
        }

        c.logout();
        assertThat(c.present(Console.test("role-badge"))).isFalse();
        c.driver().navigate().refresh();
        c.await(Console.test("login-token"), Duration.ofSeconds(20));
        assertThat(c.present(Console.test("role-badge"))).as("after logout a reload shows the login view").isFalse();
        // the refused token is answered 401 too
        browser.assertNoErrors(SESSION_CHECK);
    }

    // ------------------------------------------------------------------ 2. a real attack, live

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void aRealLog4ShellAttemptAppearsLiveOnTheEventsPageWithItsEvidenceAndStack() throws Exception {
        awaitApplied(admin.push(SERVICE, DEFAULTS));
        Console c = new Console(browser, console).open();
        c.login(operatorToken);
        c.go("events");
        WebElement live = c.driver().findElement(Console.test("events-live"));
        assertThat(live.isSelected()).as("the live stream is on by default").isTrue();
        Set<String> shown = new HashSet<>();
        c.driver().findElements(Console.test("event-row")).forEach(r -> shown.add(r.getAttribute("data-event-id")));
        c.script("window.__secplaneNotReloaded = true;");

        AttackResult attack = new Log4ShellAttack().fire(app, Log4ShellAttack.Variant.PLAIN);
        assertThat(attack.exploited()).as("the agent blocks the lookup: %s", attack.evidence()).isFalse();

        By blocked = By.cssSelector("[data-test='event-row'][data-rule='jndi.remote-lookup'][data-verdict='block']");
        // the agent uploads about every second and the page polls every 2 s
        WebElement row = c.await(Duration.ofSeconds(15), d -> {
            for (WebElement r : d.findElements(blocked)) {
                if (!shown.contains(r.getAttribute("data-event-id"))) {
                    return r;
                }
            }
            return null;
        });
        assertThat(c.script("return window.__secplaneNotReloaded === true")).as("the row came without a reload").isEqualTo(true);
        assertThat(row.getAttribute("data-service")).isEqualTo(SERVICE);
        String id = row.getAttribute("data-event-id");
        Map<String, Object> event = admin.events("service=" + SERVICE + "&rule=jndi.remote-lookup&verdict=block").stream()
                .filter(e -> id.equals(String.valueOf(e.get("id")))).findFirst()
                .orElseThrow(() -> new AssertionError("the row's data-event-id " + id + " is not a stored event"));

        c.click(row);
        WebElement detail = c.await(Console.test("event-detail"), Duration.ofSeconds(10));
        c.await(Duration.ofSeconds(10), d -> detail.getText().contains("ldap"));
        Map<String, Object> evidence = (Map<String, Object>) event.get("evidence");
        assertThat(detail.getText()).as("the evidence").contains(String.valueOf(evidence.get("scheme")));
        String frame = firstStackFrame(event);
        // a collapsed stack is still in the DOM: textContent, not the rendered text
        assertThat((String) c.script("return arguments[0].textContent", detail)).as("the stack").contains(frame);
        browser.assertNoErrors(SESSION_CHECK);
    }

    // ------------------------------------------------------------------ 3. policy push and rollback

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void anOperatorValidatesDiffsAndPushesAPolicyWatchesTheRolloutCompleteAndRollsItBack() throws Exception {
        long before = admin.push(SERVICE, DEFAULTS);
        awaitApplied(before);
        Console c = new Console(browser, console).open();
        c.login(operatorToken);
        c.go("policies");
        WebElement editor = c.await(Console.test("policy-editor"), Duration.ofSeconds(20));
        c.await(Duration.ofSeconds(10), d -> editor.getAttribute("value").contains("defaults"));

        c.setText(editor, "{\"version\": \"broken\", ");
        c.click(c.driver().findElement(Console.test("policy-validate")));
        WebElement invalid = c.await(Console.test("policy-validation", "data-valid", "false"), Duration.ofSeconds(10));
        assertThat(invalid.getText()).as("says what is wrong").isNotBlank();

        String edited = "{\"version\": \"console-edit\", \"aspects\": {\"process\": {\"rules\": {\"process.never\": \"observe\"}}}}";
        c.setText(editor, edited);
        c.click(c.driver().findElement(Console.test("policy-validate")));
        c.await(Console.test("policy-validation", "data-valid", "true"), Duration.ofSeconds(10));
        WebElement diff = c.await(Console.test("policy-diff"), Duration.ofSeconds(10));
        c.await(Duration.ofSeconds(10), d -> diff.getText().contains("console-edit"));
        assertThat(diff.getText()).contains("process.never").contains("defaults");

        boolean staged = c.present(Console.test("policy-stages"));
        if (staged) {
            // two stages, the second after a 2 s hold: a one-agent fleet still sees the rollout advance
            c.setText(c.driver().findElement(Console.test("policy-stages")), "50, 100");
            c.setText(c.driver().findElement(Console.test("policy-stage-seconds")), "2");
        }
        c.click(c.driver().findElement(Console.test("policy-push")));
        c.confirm();
        WebElement progress = c.await(Duration.ofSeconds(60), d -> c.displayed(By.cssSelector(
                "[data-test='rollout-progress'][data-state='done'][data-percent='100']")));
        assertThat(progress).isNotNull();
        long pushed = newestVersion();
        assertThat(pushed).isGreaterThan(before);
        awaitApplied(pushed);
        assertThat(policyOf(pushed)).containsEntry("version", "console-edit");
        List<Map<String, Object>> rollouts = (List<Map<String, Object>>) admin.get("/v1/rollouts?service=" + SERVICE).get("rollouts");
        assertThat(rollouts).anySatisfy(r -> assertThat(r).containsEntry("version", pushed).containsEntry("state", "done"));
        if (staged) {
            assertThat(rollouts).anySatisfy(r -> assertThat(r).containsEntry("version", pushed).containsEntry("stages", List.of(50L, 100L)));
        }
        assertThat(c.present(By.cssSelector("[data-test='rollout-row']"))).isTrue();

        c.click(c.driver().findElement(Console.test("policy-rollback")));
        c.confirm();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> newestVersion() > pushed);
        long rolledBack = newestVersion();
        awaitApplied(rolledBack);
        assertThat(policyOf(rolledBack)).as("the rollback re-issues the previous policy").containsEntry("version", "defaults");
        c.await(Duration.ofSeconds(20), d -> editor(c).contains("\"defaults\""));
        browser.assertNoErrors(SESSION_CHECK);
    }

    // ------------------------------------------------------------------ 4. a virtual patch

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void aVirtualPatchAppliedFromTheExposurePageStopsLog4ShellAndRevertingItLetsItWorkAgain() throws Exception {
        awaitApplied(admin.push(SERVICE, PATCH_ONLY));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                !((List<?>) admin.get("/v1/exposure/" + CVE).get("exposed")).isEmpty());
        String agentId = (String) admin.agents(SERVICE).get(0).get("agentId");
        Log4ShellAttack attack = new Log4ShellAttack();
        AttackResult before = attack.fire(app, Log4ShellAttack.Variant.PLAIN);
        assertThat(before.exploited()).as("without the patch (the JNDI aspect off): %s", before.evidence()).isTrue();

        try {
            Console c = new Console(browser, console).open();
            c.login(operatorToken);
            c.go("exposure");
            c.click(c.await(Console.test("advisory-row", "data-advisory", CVE), Duration.ofSeconds(20)));
            c.await(Console.test("exposed-row", "data-agent-id", agentId), Duration.ofSeconds(20));
            c.click(c.await(Console.test("patch-apply"), Duration.ofSeconds(10)));
            c.confirm();
            c.await(Duration.ofSeconds(60), d -> c.displayed(By.cssSelector("[data-test='patch-progress'][data-percent='100']")));
            Map<String, Object> status = admin.get("/v1/patches/log4shell/status");
            assertThat(((Number) status.get("active")).intValue()).as("the agent reports the patch active: %s", status).isEqualTo(1);

            AttackResult during = attack.fire(app);
            assertThat(during.exploited()).as("with the patch, every variant: %s", during.evidence()).isFalse();
            assertThat(app.healthy()).isTrue();

            long patched = newestVersion();
            c.click(c.await(Console.test("patch-revert"), Duration.ofSeconds(10)));
            c.confirm();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> newestVersion() > patched);
            awaitApplied(newestVersion());
            c.await(Duration.ofSeconds(30), d -> c.displayed(By.cssSelector("[data-test='patch-progress']:not([data-percent='100'])")));
            AttackResult after = attack.fire(app, Log4ShellAttack.Variant.PLAIN);
            assertThat(after.exploited()).as("the patch reverted, the original bytecode is back: %s", after.evidence()).isTrue();
            browser.assertNoErrors(SESSION_CHECK);
        } finally {
            awaitApplied(admin.push(SERVICE, DEFAULTS));
        }
    }

    // ------------------------------------------------------------------ 5. a viewer cannot change anything

    @Test
    @Order(5)
    void aViewerIsOfferedNoChangeAndTheServerRefusesForgedOnesAndCookieOnlyRequests() throws Exception {
        long newest = newestVersion();
        String push = Json.write(Map.of("service", SERVICE, "policy", Map.of("version", "forged"), "target", Map.of()));
        Console c = new Console(browser, console).open();
        c.login(viewerToken);
        assertThat(c.role()).isEqualTo("viewer");
        c.go("policies");
        c.assertNotOffered("policy-push");
        c.assertNotOffered("policy-rollback");
        c.go("exposure");
        c.click(c.await(Console.test("advisory-row", "data-advisory", CVE), Duration.ofSeconds(20)));
        c.await(Console.test("exposed-row"), Duration.ofSeconds(20));
        c.assertNotOffered("patch-apply");
        c.assertNotOffered("patch-revert");

        assertThat(c.fetchStatus("POST", "/v1/policies", push, true)).as("a viewer's push, as the page would send it").isEqualTo(403);
        assertThat(c.fetchStatus("POST", "/v1/patches/apply", Json.write(Map.of("patch", "log4shell", "to", "exposed:" + CVE)), true))
                .isEqualTo(403);
        assertThat(c.fetchStatus("GET", "/v1/agents?service=" + SERVICE, null, false)).as("reading is allowed").isEqualTo(200);
        browser.assertNoErrors(SESSION_CHECK.or(m -> m.contains("status of 403")));
        browser.reset();
        Console operator = new Console(browser, console).open();
        operator.login(operatorToken);
        // CSRF: a cross-site form can send the cookie but never a custom header (SameSite=Strict aside)
        assertThat(operator.fetchStatus("POST", "/v1/policies", push, false)).as("cookie without X-Secplane-Console").isEqualTo(403);
        assertThat(operator.fetchStatus("POST", "/v1/patches/apply", Json.write(Map.of("patch", "log4shell", "to", "exposed:" + CVE)), false))
                .isEqualTo(403);
        browser.assertNoErrors(SESSION_CHECK.or(m -> m.contains("status of 403")));
        assertThat(newestVersion()).as("nothing was pushed").isEqualTo(newest);
    }

    // ------------------------------------------------------------------ 6. screenshots, Chinese, time zone

    @Test
    @Order(6)
    void everyPageRendersInEnglishAndChineseWithTimesInTheBrowsersTimeZoneAndIsScreenshotted() throws Exception {
        awaitApplied(admin.push(SERVICE, DEFAULTS));
        // personal data in a response and the logs, for the Data page
        assertThat(app.send(java.net.http.HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk")).statusCode()).isEqualTo(200);
        // a drill run stored on the plane, for the Drills page
        String target = app.uri("/").toString().replaceAll("/$", "");
        admin.post("/v1/drills/targets", Map.of("url", target, "service", SERVICE));
        Path endpoints = Files.writeString(tmp.resolve("endpoints.txt"), "GET /log?msg\n");
        assertThat(secplane.cli.Main.run("drill", "--target", target, "--endpoints", endpoints.toString(), "--suite", "jndi",
                "--rate", "100", "--settle", "3", "--server", admin.url(), "--token", plane.bootstrapToken().orElseThrow()))
                .as("secplane drill").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !((List<?>) admin.get("/v1/data/map?service=" + SERVICE).get("assets")).isEmpty());
        Map<String, Object> newestEvent = admin.events("service=" + SERVICE).get(0);
        Console c = new Console(browser, console).open();
        c.screenshot("en", "login");
        // the audit trail is readable by admins only (GET /v1/audit)
        c.login(plane.bootstrapToken().orElseThrow());
        String agentId = (String) admin.agents(SERVICE).get(0).get("agentId");
        Map<String, By> data = Map.of(
                "fleet", Console.test("fleet-row", "data-agent-id", agentId),
                "events", By.cssSelector("[data-test='events-chart'] canvas"),
                "policies", Console.test("policy-editor"),
                "exposure", Console.test("advisory-row", "data-advisory", CVE),
                "data", Console.test("data-asset-row"),
                "drills", Console.test("drill-run-row"),
                "audit", Console.test("audit-row"));
        for (String page : Console.PAGES) {
            c.go(page);
            if (data.containsKey(page)) {
                c.await(data.get(page), Duration.ofSeconds(10));
            }
            c.screenshot("en", page);
        }
        c.go("events");
        c.await(By.cssSelector("[data-test='blocks-by-rule-chart'] canvas"), Duration.ofSeconds(10));
        String fleetEn = c.driver().findElement(Console.test("nav-fleet")).getText();

        c.language("zh-CN");
        c.await(Duration.ofSeconds(10), d -> d.findElement(Console.test("nav-policies")).getText().equals("策略"));
        assertThat(c.driver().findElement(Console.test("nav-events")).getText()).contains("事件");
        assertThat(c.driver().findElement(Console.test("nav-fleet")).getText()).isNotEqualTo(fleetEn);
        assertThat(c.script("return document.documentElement.lang")).isEqualTo("zh-CN");
        for (String page : Console.PAGES) {
            c.go(page);
            c.screenshot("zh-CN", page);
        }

        // the newest event's time as the browser's zone shows it: UTC+8 here, whatever the machine's zone
        c.go("events");
        String id = String.valueOf(newestEvent.get("id"));
        WebElement row = c.await(Console.test("event-row", "data-event-id", id), Duration.ofSeconds(20));
        Instant at = Instant.parse((String) newestEvent.get("time"));
        ZoneId shanghai = ZoneId.of(Browser.TIME_ZONE);
        String local24 = DateTimeFormatter.ofPattern("HH:mm").withZone(shanghai).format(at);
        String local12 = DateTimeFormatter.ofPattern("hh:mm").withZone(shanghai).format(at);
        String utc = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("UTC")).format(at);
        assertThat(row.getText()).as("the event's time in Asia/Shanghai (it was %s UTC)", utc)
                .containsAnyOf(local24, local12).containsPattern("GMT\\+8|UTC\\+8|\\+08:?00|中国标准时间");
        browser.assertNoErrors(SESSION_CHECK);
    }

    // ------------------------------------------------------------------ helpers

    private static String operatorToken(String role, String name) throws Exception {
        return (String) admin.post("/v1/tokens", Map.of("kind", "operator", "role", role, "name", name)).get("token");
    }

    private static String editor(Console c) {
        return c.driver().findElement(Console.test("policy-editor")).getAttribute("value");
    }

    @SuppressWarnings("unchecked")
    private static String firstStackFrame(Map<String, Object> event) {
        Object stack = event.get("stack");
        if (stack instanceof List<?> frames && !frames.isEmpty()) {
            return String.valueOf(frames.get(0));
        }
        if (stack instanceof String s && !s.isBlank()) {
            return s.lines().findFirst().orElseThrow().trim();
        }
        throw new AssertionError("the stored event has no stack to compare with: " + event.keySet());
    }

    @SuppressWarnings("unchecked")
    private static long newestVersion() throws Exception {
        List<Map<String, Object>> policies = (List<Map<String, Object>>) admin.get("/v1/policies?service=" + SERVICE + "&limit=1").get("policies");
        return ((Number) policies.get(0).get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyOf(long version) throws Exception {
        List<Map<String, Object>> policies = (List<Map<String, Object>>) admin.get("/v1/policies?service=" + SERVICE + "&limit=50").get("policies");
        return policies.stream().filter(p -> ((Number) p.get("version")).longValue() == version).findFirst()
                .map(p -> (Map<String, Object>) p.get("policy")).orElseThrow();
    }

    private static void awaitApplied(long version) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> agents = admin.agents(SERVICE);
            return !agents.isEmpty() && "applied".equals(agents.get(0).get("state"))
                    && ((Number) agents.get(0).get("appliedVersion")).longValue() >= version;
        });
    }
}
