package secplane.testbeds.injection.fetch;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * Fetches a URL given by the client and shows what came back: a link preview, a webhook test, an
 * import-from-URL (CWE-918 when vulnerable).
 *
 * <ul>
 *   <li>{@code /fetch?url=} uses {@link URL#openConnection()}, so besides any host and port it
 *       also takes {@code file:} URLs, and follows redirects.
 *   <li>{@code /fetch/client?url=} uses the JDK {@link HttpClient} (http and https only), following
 *       redirects.
 * </ul>
 *
 * <p>The safe twins accept http and https URLs whose host is on the allow-list
 * ({@code --fetch-allow}), compared by exact name, and follow no redirects.
 */
public final class FetchEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final int MAX_BODY_SHOWN = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** Which JDK HTTP stack does the fetching. */
    public enum Client {
        URL_CONNECTION,
        HTTP_CLIENT
    }

    private final Client client;
    private final transient List<String> allowedHosts;
    private final transient HttpClient httpClient;

    /** {@code allowedHosts} null: the vulnerable endpoint; otherwise the safe twin with that allow-list. */
    public FetchEndpoint(Client client, List<String> allowedHosts) {
        this.client = client;
        this.allowedHosts = allowedHosts == null ? null : List.copyOf(allowedHosts);
        this.httpClient = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(allowedHosts == null ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String url = required(request, "url");
        // The safe twin fetches exactly the URI it checked, so no second parser can read another host.
        URI checked = allowedHosts == null ? null : checkAllowed(url);
        Fetched fetched = client == Client.URL_CONNECTION ? withUrlConnection(url, checked) : withHttpClient(url, checked);
        text(response, 200, "fetched " + url + " (" + fetched.status + ")\n" + fetched.body);
    }

    private record Fetched(String status, String body) {
    }

    private Fetched withUrlConnection(String url, URI checked) throws Refusal {
        URLConnection connection;
        try {
            connection = (checked == null ? new URL(url) : checked.toURL()).openConnection();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw Refusal.badInput("not a URL", e);
        } catch (IOException e) {
            throw Refusal.upstream("cannot fetch " + url, e);
        }
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
        if (connection instanceof HttpURLConnection http) {
            http.setInstanceFollowRedirects(allowedHosts == null);
        }
        try (InputStream in = connection.getInputStream()) {
            String body = new String(in.readNBytes(MAX_BODY_SHOWN), StandardCharsets.UTF_8);
            String status = connection instanceof HttpURLConnection http ? "HTTP " + http.getResponseCode() : "read";
            return new Fetched(status, body);
        } catch (IOException | IllegalArgumentException e) {
            throw Refusal.upstream("cannot fetch " + url, e);
        }
    }

    private Fetched withHttpClient(String url, URI checked) throws Refusal {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(checked == null ? new URI(url) : checked).timeout(READ_TIMEOUT).GET().build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw Refusal.badInput("not an http or https URL", e);
        }
        try {
            HttpResponse<InputStream> response = httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                return new Fetched("HTTP " + response.statusCode(),
                        new String(in.readNBytes(MAX_BODY_SHOWN), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw Refusal.upstream("cannot fetch " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.upstream("interrupted while fetching " + url, e);
        }
    }

    private URI checkAllowed(String url) throws Refusal {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Refusal.badInput("not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw Refusal.badInput("only http and https URLs are fetched, not '" + scheme + "'");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null || !allowedHosts.contains(host)) {
            throw Refusal.badInput("host '" + host + "' is not on the allow-list " + allowedHosts);
        }
        return uri;
    }
}
