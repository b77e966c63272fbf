package secplane.testbeds.injection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import secplane.testbeds.injection.command.PingEndpoint;
import secplane.testbeds.injection.expression.FormulaEndpoint;
import secplane.testbeds.injection.expression.GreetingEndpoint;
import secplane.testbeds.injection.fetch.FetchEndpoint;
import secplane.testbeds.injection.file.DocumentEndpoint;
import secplane.testbeds.injection.ldap.PeopleSearch;
import secplane.testbeds.injection.sql.UserById;
import secplane.testbeds.injection.sql.UserByName;
import secplane.testbeds.injection.sql.UserList;
import secplane.testbeds.injection.xml.XmlEndpoint;
import secplane.testbeds.injection.xpath.UserLookup;
import secplane.testbeds.injection.xss.HelloPage;

/**
 * The app's routes, used by both containers. Every vulnerable endpoint {@code /x} has its safe twin at
 * {@code /safe/x}, doing the same job correctly.
 */
final class Routes {

    private Routes() {
    }

    static List<Route> all(Fixtures fixtures) {
        List<Route> routes = new ArrayList<>();
        twins(routes, "/sql/user", "users by name (name=)",
                new UserByName(fixtures.database, false), new UserByName(fixtures.database, true));
        twins(routes, "/sql/user-by-id", "user by numeric id (id=)",
                new UserById(fixtures.database, false), new UserById(fixtures.database, true));
        twins(routes, "/sql/users", "all active users sorted (order=)",
                new UserList(fixtures.database, false), new UserList(fixtures.database, true));
        twins(routes, "/cmd/ping", "echo ping <host> (host=)", new PingEndpoint(false), new PingEndpoint(true));
        twins(routes, "/file/read", "a document by name (name=)",
                new DocumentEndpoint(fixtures.docs, DocumentEndpoint.Style.READ, false),
                new DocumentEndpoint(fixtures.docs, DocumentEndpoint.Style.READ, true));
        twins(routes, "/file/download", "a document by percent-encoded name (name=)",
                new DocumentEndpoint(fixtures.docs, DocumentEndpoint.Style.DOWNLOAD, false),
                new DocumentEndpoint(fixtures.docs, DocumentEndpoint.Style.DOWNLOAD, true));
        twins(routes, "/fetch", "fetch a URL with URLConnection (url=)",
                new FetchEndpoint(FetchEndpoint.Client.URL_CONNECTION, null),
                new FetchEndpoint(FetchEndpoint.Client.URL_CONNECTION, fixtures.fetchAllow));
        twins(routes, "/fetch/client", "fetch a URL with the JDK HttpClient (url=)",
                new FetchEndpoint(FetchEndpoint.Client.HTTP_CLIENT, null),
                new FetchEndpoint(FetchEndpoint.Client.HTTP_CLIENT, fixtures.fetchAllow));
        twins(routes, "/xml/parse", "POST an XML document, read with DOM",
                new XmlEndpoint(XmlEndpoint.Parser.DOM, false), new XmlEndpoint(XmlEndpoint.Parser.DOM, true));
        twins(routes, "/xml/sax", "POST an XML document, read with SAX",
                new XmlEndpoint(XmlEndpoint.Parser.SAX, false), new XmlEndpoint(XmlEndpoint.Parser.SAX, true));
        twins(routes, "/ldap/find", "people by uid in LDAP (user=)",
                new PeopleSearch(fixtures.directory, false), new PeopleSearch(fixtures.directory, true));
        twins(routes, "/xpath/find", "email by name in an XML document (name=)",
                new UserLookup(fixtures.users, false), new UserLookup(fixtures.users, true));
        twins(routes, "/spel/eval", "a pricing formula in SpEL (expr=)",
                new FormulaEndpoint(false), new FormulaEndpoint(true));
        twins(routes, "/spel/greet", "a greeting from a SpEL template (name=)",
                new GreetingEndpoint(false), new GreetingEndpoint(true));
        twins(routes, "/hello", "an HTML greeting (name=)", new HelloPage(false), new HelloPage(true));
        routes.add(new Route("/health", "liveness", new Health()));
        routes.add(new Route("", "this list", new Index(List.copyOf(routes))));
        return List.copyOf(routes);
    }

    private static void twins(List<Route> routes, String path, String description, Endpoint vulnerable, Endpoint safe) {
        routes.add(new Route(path, description + ", vulnerable", vulnerable));
        routes.add(new Route("/safe" + path, description + ", safe twin", safe));
    }

    /** {@code GET /health}: {@code ok}. */
    static final class Health extends Endpoint {

        private static final long serialVersionUID = 1L;

        @Override
        protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, 200, "ok");
        }
    }

    /** {@code GET /}: one line per route. */
    static final class Index extends Endpoint {

        private static final long serialVersionUID = 1L;

        private final transient List<Route> routes;

        Index(List<Route> routes) {
            this.routes = routes;
        }

        @Override
        protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
            StringBuilder lines = new StringBuilder("injection testbed: deliberately vulnerable, loopback only\n");
            for (Route route : routes) {
                lines.append(route.path()).append('\t').append(route.description()).append('\n');
            }
            text(response, 200, lines.toString());
        }
    }
}
