package secplane.testbeds.requests;

import jakarta.servlet.http.HttpServlet;
import java.io.File;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * Embedded Tomcat 10.1 serving one servlet at the given paths, with container authentication (HTTP Basic,
 * RFC 7617, against Tomcat's in-memory realm) in front of {@code /secure/*} and {@code /export/*}, as a
 * {@code <security-constraint>} in web.xml would put it.
 */
final class TomcatServer implements AutoCloseable {
    /** User, password, role. */
    static final String[][] USERS = {{"alice", "alice-pw", "auditor"}, {"bob", "bob-pw", "clerk"}, {"carol", "carol-pw", "clerk"}};
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
        for (String[] u : USERS) {
            tomcat.addUser(u[0], u[1]);
            tomcat.addRole(u[0], u[2]);
        }
        SecurityCollection protectedPaths = new SecurityCollection();
        protectedPaths.addPattern("/secure/*");
        protectedPaths.addPattern("/export/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("auditor");
        constraint.addAuthRole("clerk");
        constraint.addCollection(protectedPaths);
        context.addConstraint(constraint);
        context.addSecurityRole("auditor");
        context.addSecurityRole("clerk");
        context.setLoginConfig(new LoginConfig("BASIC", "secplane", null, null));
        context.getPipeline().addValve(new BasicAuthenticator());
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
