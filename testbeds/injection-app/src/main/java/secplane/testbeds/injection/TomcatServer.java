package secplane.testbeds.injection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/** Embedded Tomcat 10.1 (Servlet 6.0, {@code jakarta.servlet}) with the routes in the root context. */
final class TomcatServer implements ServletServer {

    private final Tomcat tomcat;
    private final Connector connector;

    private TomcatServer(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static ServletServer start(int port, Path base, List<Route> routes) throws IOException, LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(base.resolve("tomcat")).toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        for (Route route : routes) {
            String name = route.path().isEmpty() ? "index" : route.path();
            Tomcat.addServlet(context, name, route.servlet());
            context.addServletMappingDecoded(route.path(), name);
        }
        tomcat.start();
        return new TomcatServer(tomcat, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String version() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("injection-app: error while stopping Tomcat: " + e);
        }
    }
}
