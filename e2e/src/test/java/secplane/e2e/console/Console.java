package secplane.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console as its users see it, addressed only through the {@code data-test} attributes of
 * the console's contract (docs/console.md "Testing"): never by text, layout or CSS class, which
 * change with the language and the style sheet.
 */
public final class Console {
    public static final List<String> PAGES = List.of("fleet", "events", "policies", "exposure", "data", "drills", "audit");

    private final Browser browser;
    private final String url;

    public Console(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    public ChromeDriver driver() {
        return browser.driver();
    }

    public String url() {
        return url;
    }

    public static By test(String id) {
        return By.cssSelector("[data-test='" + id + "']");
    }

    public static By test(String id, String attribute, String value) {
        return By.cssSelector("[data-test='" + id + "'][" + attribute + "='" + value + "']");
    }

    /** Opens the console's root and waits until it shows either the login view or the shell. */
    public Console open() {
        driver().get(url + "/");
        await(Duration.ofSeconds(20), d -> visible(test("login-token")) || visible(test("role-badge")));
        return this;
    }

    public void submitToken(String token) {
        WebElement input = await(Duration.ofSeconds(20), d -> displayed(test("login-token")));
        input.clear();
        input.sendKeys(token);
        click(driver().findElement(test("login-submit")));
    }

    /** Logs in and waits for the shell: the role badge and a first page with its data on screen. */
    public void login(String token) {
        submitToken(token);
        await(Duration.ofSeconds(20), d -> displayed(test("role-badge")));
        awaitAnyPageReady();
    }

    public String role() {
        return driver().findElement(test("role-badge")).getText().trim();
    }

    public void logout() {
        click(driver().findElement(test("logout")));
        await(Duration.ofSeconds(20), d -> displayed(test("login-token")));
    }

    /** Goes to a page through its nav link and waits until its first data is on screen. */
    public WebElement go(String page) {
        click(driver().findElement(test("nav-" + page)));
        return awaitReady(page);
    }

    /** Waits until the page's first data is on screen; fails at once with the page's message when it shows an error instead. */
    public WebElement awaitReady(String page) {
        WebElement root = await(Duration.ofSeconds(30), d -> {
            WebElement ready = displayed(test("page-" + page, "data-ready", "true"));
            return ready != null ? ready : displayed(test("page-" + page, "data-error", "true"));
        });
        assertThat(root.getAttribute("data-error")).as("page %s shows an error: %s", page, root.getText()).isNull();
        return root;
    }

    public WebElement awaitAnyPageReady() {
        return await(Duration.ofSeconds(30), d -> displayed(By.cssSelector("[data-test^='page-'][data-ready='true']")));
    }

    public void language(String lang) {
        WebElement select = driver().findElement(test("lang"));
        new org.openqa.selenium.support.ui.Select(select).selectByValue(lang);
    }

    /**
     * A full-page PNG of what is on screen now, as {@code target/console-screenshots/<lang>-<name>.png},
     * after the charts' entry animation (ECharts animates for about a second).
     */
    public Path screenshot(String lang, String name) throws Exception {
        Thread.sleep(1000);
        return browser.screenshot(ConsoleBrowserTest.SCREENSHOTS.resolve(lang + "-" + name + ".png"));
    }

    /**
     * Answers yes to the console's confirmation dialog ({@code confirm-yes}) when it appears within a
     * few seconds; an action that asks nothing goes on at once.
     */
    public void confirm() {
        try {
            click(await(Duration.ofSeconds(5), d -> displayed(test("confirm-yes"))));
        } catch (org.openqa.selenium.TimeoutException none) {
            // this action asks no confirmation
        }
    }

    /**
     * Clicks as a user would: the element scrolled to the middle of the window first, and a
     * notification lying over it closed by its own button before trying again.
     */
    public void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            for (WebElement close : driver().findElements(By.cssSelector("[data-test='toast'] button"))) {
                try {
                    close.click();
                } catch (org.openqa.selenium.WebDriverException gone) {
                    // closed on its own meanwhile
                }
            }
            element.click();
        }
    }

    /** The element once it is displayed, waiting up to {@code timeout}. */
    public WebElement await(By by, Duration timeout) {
        return await(timeout, d -> displayed(by));
    }

    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver(), timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        return wait.until(condition);
    }

    public boolean present(By by) {
        return !driver().findElements(by).isEmpty();
    }

    public boolean visible(By by) {
        return displayed(by) != null;
    }

    /** The first matching element that is displayed, or null (a WebDriverWait keeps waiting on null). */
    public WebElement displayed(By by) {
        for (WebElement e : driver().findElements(by)) {
            try {
                if (e.isDisplayed()) {
                    return e;
                }
            } catch (StaleElementReferenceException gone) {
                // re-rendered between the lookup and the check: the next poll looks again
            }
        }
        return null;
    }

    /** An action the role lacks must not be offered: absent, hidden or disabled. */
    public void assertNotOffered(String testId) {
        for (WebElement e : driver().findElements(test(testId))) {
            assertThat(!e.isDisplayed() || !e.isEnabled() || "true".equals(e.getAttribute("aria-disabled")))
                    .as("%s is offered (displayed and enabled) to this role", testId).isTrue();
        }
    }

    /** Puts text into a textarea or input as typing would, firing the input and change events. */
    public void setText(WebElement field, String text) {
        ((JavascriptExecutor) driver()).executeScript("const f = arguments[0]; f.focus(); f.value = arguments[1];"
                + " f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));",
                field, text);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(js, args);
    }

    /** Runs {@code fetch} in the page, as its own scripts would (same origin, the session cookie sent). */
    public long fetchStatus(String method, String path, String body, boolean consoleHeader) {
        Object status = ((JavascriptExecutor) driver()).executeAsyncScript("""
                const [method, path, body, header, done] = arguments;
                const headers = {'Content-Type': 'application/json'};
                if (header) headers['X-Secplane-Console'] = '1';
                fetch(path, {method, headers, body, credentials: 'same-origin'})
                    .then(r => done(r.status), e => done('failed: ' + e));""", method, path, body, consoleHeader);
        assertThat(status).as("fetch %s %s", method, path).isInstanceOf(Number.class);
        return ((Number) status).longValue();
    }
}
