package secplane.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium (Debian's {@code chromium}, driven by its {@code chromedriver} over the W3C
 * WebDriver protocol), with its own fresh profile: a separate browser context, so cookies and local
 * storage of one instance are never seen by another.
 *
 * <p>Both executables are named explicitly, so Selenium Manager (which would try to download a
 * driver and a browser) is never asked. Chromium runs in a time zone other than the machine's
 * (the {@code TZ} of the driver's process, which Chromium inherits), so that a page formatting times
 * in UTC instead of the browser's zone shows up in the tests.
 *
 * <p>Everything the page writes to its console is collected; {@link #assertNoErrors} fails on any
 * SEVERE entry (an uncaught exception, a failed module import, a CSP violation, a failed request)
 * that the test did not expect.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Paths.get(System.getProperty("secplane.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Paths.get(System.getProperty("secplane.chromedriver", "/usr/bin/chromedriver"));
    /** UTC+8 all year (no daylight saving time), so the expected offset is fixed. */
    public static final String TIME_ZONE = "Asia/Shanghai";

    private static final AtomicInteger PROFILES = new AtomicInteger();

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<LogEntry> severe = new ArrayList<>();

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts a fresh browser with an empty profile under {@code target/}. */
    public static Browser start() throws Exception {
        requireInstalled();
        Path profile = Files.createDirectories(Paths.get("target", "chromium-profiles",
                ProcessHandle.current().pid() + "-" + PROFILES.incrementAndGet())).toAbsolutePath();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", TIME_ZONE, "LANG", "en_US.UTF-8"))
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking switches Chromium reaches out to the internet (updates,
        // field trials, safe browsing lists), which this machine refuses and CI should not depend on.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--lang=en-US", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw new AssertionError("Chromium (" + CHROMIUM + ") did not start under " + CHROMEDRIVER + ": " + e.getMessage()
                    + "\nInstall Debian's chromium and chromium-driver (apt-get install chromium chromium-driver, or run .ci/run).", e);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(service, driver);
    }

    /**
     * Fails, never skips, when the browser is missing: a skipped browser test would report a console
     * nobody has seen working.
     */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        assertThat(missing).as("the console's browser tests need Debian's Chromium and ChromeDriver; missing: %s. "
                + "Run .ci/run (it installs them) or: sudo apt-get install chromium chromium-driver", missing).isEmpty();
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Every SEVERE console entry so far that {@code expected} does not accept, drained from the browser's log. */
    public List<String> errors(Predicate<String> expected) {
        drain();
        List<String> out = new ArrayList<>();
        for (LogEntry e : severe) {
            if (!expected.test(e.getMessage())) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** Fails on any SEVERE console entry that {@code expected} does not accept; forgets the accepted ones. */
    public void assertNoErrors(Predicate<String> expected) {
        List<String> unexpected = errors(expected);
        severe.clear();
        assertThat(unexpected).as("errors in the browser's console (JavaScript errors, failed loads, CSP violations)").isEmpty();
    }

    private void drain() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(e);
            }
        }
    }

    /**
     * Back to a browser that has seen nothing: no cookies, no local storage, no page, and the console
     * entries so far forgotten (a failed test must not fail the next one).
     */
    public void reset() {
        if (driver.getCurrentUrl().startsWith("http")) {
            driver.executeScript("window.localStorage.clear(); window.sessionStorage.clear();");
        }
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
        drain();
        severe.clear();
    }

    /**
     * A PNG of the whole page (not only the window), through the DevTools protocol's
     * Page.captureScreenshot with captureBeyondViewport.
     */
    public Path screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Object size = driver.executeScript("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];");
        List<?> wh = (List<?>) size;
        long width = Math.max(1400, ((Number) wh.get(0)).longValue());
        long height = Math.min(6000, Math.max(1000, ((Number) wh.get(1)).longValue()));
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

}
