package secplane.testbeds.requests;

import jakarta.servlet.http.HttpServlet;
import java.io.File;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 10.1 serving one servlet at the given paths. */
final class TomcatServer implements AutoCloseable {
    private final Tomcat tomcat = new Tomcat();

    TomcatServer(HttpServlet servlet, String[] paths, File base) throws Exception {
        tomcat.setBaseDir(new File(base, "tomcat").getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "documents", servlet);
        for (String p : paths) {
            context.addServletMappingDecoded(p, "documents");
        }
        tomcat.start();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
