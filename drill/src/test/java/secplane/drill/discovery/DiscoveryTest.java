package secplane.drill.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import secplane.drill.corpus.Placement;

class DiscoveryTest {

    @Test
    void openApiOperationsParametersAndBodiesBecomeEndpoints() {
        String doc = """
                {"openapi": "3.0.3", "info": {"title": "shop", "version": "1"},
                 "paths": {
                   "/users/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                                   "get": {"parameters": [{"$ref": "#/components/parameters/Fields"}]}},
                   "/users": {"get": {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}},
                                                     {"name": "sort", "in": "query", "schema": {"type": "string"}},
                                                     {"name": "sid", "in": "cookie"}]},
                              "post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}},
                   "/import": {"post": {"requestBody": {"content": {"application/xml": {}}}}},
                   "/login": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"properties": {"user": {}, "password": {}}}}}}}}
                 },
                 "components": {"parameters": {"Fields": {"name": "fields", "in": "query", "schema": {"type": "string"}}},
                                "schemas": {"User": {"type": "object", "properties": {"name": {"type": "string"}, "homepage": {"type": "string", "format": "uri"}}}}}}
                """;
        List<Endpoint> endpoints = OpenApi.parse(doc, "shop.json");
        assertThat(endpoints).extracting(Endpoint::toString).containsExactly(
                "GET /users/{id}?fields", "GET /users?limit&sort", "POST /users json", "POST /import xml", "POST /login form");
        assertThat(endpoints.get(0).parameters()).containsExactly(new Parameter("id", Placement.PATH, "number"),
                new Parameter("fields", Placement.QUERY, "text"));
        assertThat(endpoints.get(1).parameters()).extracting(Parameter::kind).containsExactly("limit", "order");
        assertThat(endpoints.get(2).parameters()).containsExactly(new Parameter("name", Placement.JSON, "text"),
                new Parameter("homepage", Placement.JSON, "url"));
        assertThat(endpoints.get(4).parameters()).extracting(Parameter::in).containsOnly(Placement.FORM);
    }

    @Test
    void anOpenApi2DocumentIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> OpenApi.parse("{\"swagger\": \"2.0\", \"paths\": {}}", "old.json"))
                .hasMessageContaining("old.json").hasMessageContaining("not an OpenAPI 3 document");
    }

    @Test
    void aListNamesMethodsPathsParametersAndBodies() {
        List<Endpoint> endpoints = EndpointList.parse("""
                # the injection app
                GET /sql/user?name
                GET /fetch?url&timeout:number
                POST /xml/parse xml
                POST /api/users json:name,email
                GET /users/{id}
                """, "endpoints.txt");
        assertThat(endpoints).hasSize(5);
        assertThat(endpoints.get(0)).isEqualTo(new Endpoint("GET", "/sql/user", List.of(new Parameter("name", Placement.QUERY, "text")), "none"));
        assertThat(endpoints.get(1).parameters()).extracting(Parameter::kind).containsExactly("url", "number");
        assertThat(endpoints.get(2).body()).isEqualTo("xml");
        assertThat(endpoints.get(3).parameters()).extracting(Parameter::in, Parameter::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Placement.JSON, "text"), org.assertj.core.groups.Tuple.tuple(Placement.JSON, "email"));
        assertThat(endpoints.get(4).parameters()).containsExactly(new Parameter("id", Placement.PATH, "number"));
    }

    @Test
    void aBadListLineIsAnErrorWithItsLineNumber() {
        assertThatThrownBy(() -> EndpointList.parse("GET /a?x\nFETCH /b\n", "list.txt"))
                .hasMessageContaining("list.txt:2").hasMessageContaining("unknown method 'FETCH'");
        assertThatThrownBy(() -> EndpointList.parse("GET a\n", "list.txt")).hasMessageContaining("must start with '/'");
    }

    @Test
    void crawlingFollowsSameOriginLinksAndForms() throws Exception {
        Map<String, String> site = Map.of(
                "/", "<a href=\"/search?q=x&amp;page=2\">s</a> <a href='/about'>a</a> <a href=\"http://elsewhere.example/x?y=1\">e</a>",
                "/about", "<form action=\"/contact\" method=\"post\"><input name=\"email\"/><textarea name=\"message\"></textarea></form>"
                        + "<form action=\"/lookup\"><input type=\"text\" name=\"host\"></form>");
        List<Endpoint> endpoints = Crawler.crawl(URI.create("http://127.0.0.1:9000"), uri -> site.get(uri.getRawPath()), 10);
        assertThat(endpoints).extracting(Endpoint::toString)
                .containsExactlyInAnyOrder("GET /search?q&page", "POST /contact form", "GET /lookup?host");
        assertThat(endpoints).filteredOn(e -> e.path().equals("/contact")).singleElement()
                .satisfies(e -> assertThat(e.parameters()).extracting(Parameter::kind).containsExactly("email", "text"));
    }
}
