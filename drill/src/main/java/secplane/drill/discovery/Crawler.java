package secplane.drill.discovery;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import secplane.drill.corpus.Placement;

/**
 * Finds endpoints by following same-origin links and forms from {@code /}, breadth first, up to a page
 * limit. A link with a query string is an endpoint with those parameters; a form is one with its
 * input, textarea and select names (GET: query, POST: form body). Pages are fetched through the
 * caller's {@link Fetcher}, so the runner's rate limit and marker apply to the crawl too.
 */
public final class Crawler {
    private static final Pattern HREF = Pattern.compile("<a\\b[^>]*?\\bhref\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ATTR = Pattern.compile("\\b(action|method)\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern FIELD = Pattern.compile("<(?:input|textarea|select)\\b[^>]*?\\bname\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);

    /** Fetches one page of the target: its body if it is HTML, else null. */
    public interface Fetcher {
        String html(URI uri) throws Exception;
    }

    private Crawler() {
    }

    public static List<Endpoint> crawl(URI base, Fetcher fetcher, int maxPages) throws Exception {
        Map<String, Endpoint> found = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<URI> queue = new ArrayDeque<>();
        queue.add(base.resolve("/"));
        int pages = 0;
        while (!queue.isEmpty() && pages < maxPages) {
            URI page = queue.poll();
            if (!seen.add(page.getRawPath())) {
                continue;
            }
            pages++;
            String html = fetcher.html(page);
            if (html == null) {
                continue;
            }
            Matcher a = HREF.matcher(html);
            while (a.find()) {
                URI link = sameOrigin(base, page, a.group(1));
                if (link == null) {
                    continue;
                }
                if (link.getRawQuery() != null) {
                    List<Parameter> params = new ArrayList<>();
                    for (String pair : link.getRawQuery().split("&")) {
                        String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                        if (!name.isEmpty()) {
                            params.add(new Parameter(name, Placement.QUERY, Kinds.of(name)));
                        }
                    }
                    add(found, new Endpoint("GET", link.getRawPath(), params, "none"));
                }
                queue.add(URI.create(base.getScheme() + "://" + base.getRawAuthority() + link.getRawPath()));
            }
            Matcher f = FORM.matcher(html);
            while (f.find()) {
                String action = "";
                String method = "GET";
                Matcher attr = ATTR.matcher(f.group(1));
                while (attr.find()) {
                    if (attr.group(1).equalsIgnoreCase("action")) {
                        action = attr.group(2);
                    } else {
                        method = attr.group(2).toUpperCase(Locale.ROOT);
                    }
                }
                URI target = sameOrigin(base, page, action.isEmpty() ? page.getRawPath() : action);
                if (target == null) {
                    continue;
                }
                boolean post = method.equals("POST");
                List<Parameter> params = new ArrayList<>();
                Matcher field = FIELD.matcher(f.group(2));
                while (field.find()) {
                    params.add(new Parameter(field.group(1), post ? Placement.FORM : Placement.QUERY, Kinds.of(field.group(1))));
                }
                add(found, new Endpoint(post ? "POST" : "GET", target.getRawPath(), params, post ? "form" : "none"));
            }
        }
        return new ArrayList<>(found.values());
    }

    private static void add(Map<String, Endpoint> found, Endpoint e) {
        found.merge(e.method() + " " + e.path(), e, (a, b) -> {
            Map<String, Parameter> merged = new LinkedHashMap<>();
            a.parameters().forEach(p -> merged.put(p.in() + " " + p.name(), p));
            b.parameters().forEach(p -> merged.putIfAbsent(p.in() + " " + p.name(), p));
            return new Endpoint(a.method(), a.path(), new ArrayList<>(merged.values()), a.body());
        });
    }

    private static URI sameOrigin(URI base, URI page, String href) {
        String h = href.replace("&amp;", "&").strip();
        if (h.isEmpty() || h.startsWith("#") || h.toLowerCase(Locale.ROOT).startsWith("javascript:") || h.startsWith("mailto:")) {
            return null;
        }
        try {
            URI u = page.resolve(h);
            boolean same = base.getScheme().equalsIgnoreCase(u.getScheme()) && base.getHost().equalsIgnoreCase(u.getHost())
                    && port(base) == port(u);
            return same && u.getRawPath() != null && !u.getRawPath().isEmpty() ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
