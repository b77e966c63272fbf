package secplane.testbeds.attacks.injection;

import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import secplane.testbeds.attacks.Attack;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * The attacks of one injection category against the injection app, each variant fired at the
 * vulnerable endpoint or at its safe twin. Success is judged only from an effect the attacker can
 * observe: a file that appeared, a loopback server that was called, a secret of the app (its
 * {@code private/secrets.properties}, fresh at each start) or rows that should not have been shown,
 * a response that took as long as the injected SLEEP, markup echoed unencoded. Never from the
 * status code.
 */
public abstract class InjectionAttack implements Attack {

    /** Where the injection app writes the secrets of this run, below its base directory. */
    static final String SECRETS_FILE = "private/secrets.properties";

    /** The category this attack belongs to. */
    public abstract Category category();

    /** Every payload shape, in a stable order. */
    public abstract List<? extends InjectionVariant> variants();

    /** Fires one variant at the vulnerable endpoint or the safe twin and observes its effect. */
    public abstract AttackResult fire(Testbed target, InjectionVariant variant, Twin twin) throws Exception;

    @Override
    public String name() {
        return category().id();
    }

    @Override
    public String reference() {
        return category().cwe();
    }

    /** Fires every variant at the vulnerable endpoints; exploited if any of them was. */
    @Override
    public AttackResult fire(Testbed target) throws Exception {
        List<String> exploited = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int lastStatus = -1;
        for (InjectionVariant variant : variants()) {
            AttackResult result = fire(target, variant, Twin.VULNERABLE);
            lastStatus = result.httpStatus();
            (result.exploited() ? exploited : missed).add(variant.name());
        }
        String evidence = exploited.isEmpty()
                ? "no variant had an observable effect: " + missed
                : exploited.size() + " of " + variants().size() + " variants had their effect: " + exploited
                        + (missed.isEmpty() ? "" : "; without effect: " + missed);
        return new AttackResult(name(), !exploited.isEmpty(), lastStatus, evidence);
    }

    /** The variant's result, named {@code <category>/<VARIANT>} with the path it went to in the evidence. */
    protected AttackResult result(InjectionVariant variant, Twin twin, boolean exploited, int status, String evidence) {
        return new AttackResult(name() + "/" + variant.name(), exploited, status,
                twin.path(variant.endpoint()) + ": " + evidence);
    }

    /** Casts a variant of this attack, with a clear error for one of another. */
    protected static <V extends InjectionVariant> V own(Class<V> type, InjectionVariant variant) {
        if (!type.isInstance(variant)) {
            throw new IllegalArgumentException(variant + " is not a " + type.getName());
        }
        return type.cast(variant);
    }

    /** {@code GET path?param=value}, the value percent-encoded as a browser form would. */
    protected static HttpResponse<String> get(Testbed target, String path, String param, String value)
            throws IOException, InterruptedException {
        return getRaw(target, path, param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** {@code GET path?rawQuery} with the query exactly as given. */
    protected static HttpResponse<String> getRaw(Testbed target, String path, String rawQuery)
            throws IOException, InterruptedException {
        return target.send(HttpRequest.newBuilder(target.uri(path + "?" + rawQuery)).GET());
    }

    protected static HttpResponse<String> post(Testbed target, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return target.send(HttpRequest.newBuilder(target.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** The secrets the running app generated at start. */
    protected static Properties secrets(Testbed target) throws IOException {
        Path file = target.docBase().resolve(SECRETS_FILE);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /** The first secret (by key prefix) that appears in {@code body}, or null. */
    protected static String leakedSecret(Properties secrets, String keyPrefix, String body) {
        for (String key : secrets.stringPropertyNames()) {
            if (key.startsWith(keyPrefix) && body.contains(secrets.getProperty(key))) {
                return key;
            }
        }
        return null;
    }

    /** The number a listing endpoint puts first ({@code 3 users}, {@code 0 people}); -1 for any other body. */
    protected static int count(String body) {
        int end = 0;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return end == 0 || end > 9 ? -1 : Integer.parseInt(body.substring(0, end));
    }

    /** Waits up to {@code wait} for {@code file} to exist. */
    protected static boolean awaitFile(Path file, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(25);
        }
        return true;
    }

    /** Deletes a marker file and its directory, if they exist. */
    protected static void deleteMarker(Path marker) throws IOException {
        Files.deleteIfExists(marker);
        Files.deleteIfExists(marker.getParent());
    }

    protected static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...";
    }
}
