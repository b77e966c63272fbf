package secplane.testbeds.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.protocol.json.Json;

/**
 * The benign corpus is well-formed, large enough, aimed at the vulnerable endpoints, and harmless by
 * construction: the rules below are what keeps a replay from attacking anything or leaving the machine.
 */
final class CorpusFormatTest {

    private static final Set<String> VULNERABLE_ENDPOINTS = Set.of("/sql/user", "/sql/user-by-id", "/sql/users",
            "/cmd/ping", "/file/read", "/file/download", "/fetch", "/fetch/client", "/xml/parse", "/xml/sax",
            "/ldap/find", "/xpath/find", "/spel/eval", "/spel/greet", "/hello");

    /** IPv4 dotted or bare-number literals, and bracketed IPv6: a benign URL names hosts only. */
    private static final Pattern IP_LITERAL = Pattern.compile("^(\\d+(\\.\\d+){0,3}|0x[0-9a-f]+|\\[.*])$",
            Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {"sql", "command", "path", "ssrf", "xxe", "ldap", "xpath", "expression", "xss"})
    void everyCategoryHasAtLeast200DistinctWellFormedRequestsForVulnerableEndpoints(String category) throws IOException {
        List<Map<String, Object>> requests = load(category);

        assertThat(requests).hasSizeGreaterThanOrEqualTo(200);
        Set<String> distinct = new HashSet<>();
        for (Map<String, Object> request : requests) {
            assertThat(request.keySet()).as("%s", request).isSubsetOf("method", "path", "params", "contentType", "body", "note");
            assertThat(request.get("method")).as("%s", request).isIn("GET", "POST");
            assertThat(VULNERABLE_ENDPOINTS).as("%s", request).contains((String) request.get("path"));
            assertThat((String) request.get("note")).as("%s", request).isNotBlank();
            assertThat(distinct.add(Json.write(request.get("path")) + Json.write(request.get("params"))
                    + Json.write(request.get("body")))).as("duplicate %s", request).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fetch", "/fetch/client"})
    void fetchRequestsNameHostsNeverAddresses(String endpoint) throws IOException {
        for (String url : values("ssrf", endpoint, "url")) {
            String host = host(url);
            if (host != null) {
                assertThat(host).as(url).doesNotMatch(IP_LITERAL).isNotEqualToIgnoringCase("localhost");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/xml/parse", "/xml/sax"})
    void xmlDocumentsAreWellFormedWithoutAnyDoctype(String endpoint) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Map<String, Object> request : load("xxe")) {
            if (request.get("path").equals(endpoint)) {
                byte[] body = ((String) request.get("body")).getBytes(StandardCharsets.UTF_8);
                assertThatCode(() -> factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)))
                        .as("%s", request.get("body")).doesNotThrowAnyException();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"host"})
    void commandInputHoldsNoShellMetacharacters(String param) throws IOException {
        for (String host : values("command", "/cmd/ping", param)) {
            assertThat(host).as(host).doesNotContainPattern("[;&|$`<>(){}\\[\\]*?!~#'\"\\\\\\n]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/file/read", "/file/download"})
    void documentNamesStayInsideTheDocuments(String endpoint) throws IOException {
        for (String name : values("path", endpoint, "name")) {
            List<String> candidates = new ArrayList<>(List.of(name));
            if (endpoint.equals("/file/download")) {
                try {
                    candidates.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not percent-encoded correctly: the endpoint answers 400 without touching a file
                }
            }
            for (String candidate : candidates) {
                assertThat(candidate).as(name).doesNotStartWith("/");
                assertThat(List.of(candidate.split("/"))).as(name).doesNotContain("..");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user"})
    void ldapInputHoldsNoWildcardOrEscape(String param) throws IOException {
        for (String user : values("ldap", "/ldap/find", param)) {
            assertThat(user).as(user).doesNotContain("*").doesNotContain("\\");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name"})
    void xssInputHoldsNoMarkup(String param) throws IOException {
        for (String name : values("xss", "/hello", param)) {
            assertThat(name).as(name).doesNotContainPattern("<[a-zA-Z/!?]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/spel/eval", "/spel/greet"})
    void expressionInputReachesNoTypeOrConstructor(String endpoint) throws IOException {
        String param = endpoint.equals("/spel/eval") ? "expr" : "name";
        for (String text : values("expression", endpoint, param)) {
            assertThat(text).as(text).doesNotContain("T(").doesNotContainPattern("\\bnew\\s+[\\w.]+\\s*[(\\[{]")
                    .doesNotContain("getClass");
        }
    }

    private static String host(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static List<String> values(String category, String endpoint, String param) throws IOException {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> request : load(category)) {
            if (request.get("path").equals(endpoint)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) request.get("params");
                values.add((String) params.get(param));
            }
        }
        assertThat(values).as("%s requests in %s", endpoint, category).isNotEmpty();
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(String category) throws IOException {
        try (InputStream in = CorpusFormatTest.class.getResourceAsStream("/corpus/" + category + ".jsonl")) {
            assertThat(in).as("corpus/%s.jsonl on the class path", category).isNotNull();
            List<Map<String, Object>> requests = new ArrayList<>();
            for (Object line : Json.parseLines(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                requests.add((Map<String, Object>) line);
            }
            return requests;
        }
    }
}
