package secplane.testbeds.injection;

import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 with the ee10 environment (Servlet 6.0, {@code jakarta.servlet}). */
final class JettyServer implements ServletServer {

    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static ServletServer start(int port, List<Route> routes) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        for (Route route : routes) {
            context.addServlet(new ServletHolder(route.path().isEmpty() ? "index" : route.path(), route.servlet()),
                    route.path());
        }
        server.setHandler(context);
        server.start();
        return new JettyServer(server, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String version() {
        return "Jetty/" + Server.getVersion();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("injection-app: error while stopping Jetty: " + e);
        }
    }
}
