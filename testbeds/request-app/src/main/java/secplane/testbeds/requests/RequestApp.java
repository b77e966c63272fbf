package secplane.testbeds.requests;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@link Documents} on a real servlet container in a child JVM:
 * {@code RequestApp tomcat|jetty|undertow <docs dir>} prints {@code REQUEST-APP READY port=<port>}
 * and runs until its stdin closes. Each container is started by its own class, so only the one in
 * use is loaded (and only its jars are on the class path). On Tomcat, {@code /secure/*} and {@code /export/*} need
 * HTTP Basic authentication ({@link TomcatServer#USERS}).
 */
public final class RequestApp {
    private RequestApp() {
    }

    public static void main(String[] args) throws Exception {
        File docs = new File(args[1]);
        Documents servlet = new Documents(docs);
        String[] paths = {"/read", "/read-form", "/read-json", "/read-executor", "/read-future", "/hello", "/customers", "/customers-writer", "/orders", "/partner-export", "/sink/*",
            "/secure/*", "/export/*"};
        int port;
        AutoCloseable server;
        switch (args[0]) {
            case "tomcat": {
                TomcatServer s = new TomcatServer(servlet, paths, new File(args[1]).getParentFile());
                port = s.port();
                server = s;
                break;
            }
            case "jetty": {
                JettyServer s = new JettyServer(servlet, paths);
                port = s.port();
                server = s;
                break;
            }
            case "undertow": {
                UndertowServer s = new UndertowServer(servlet, paths);
                port = s.port();
                server = s;
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.println("REQUEST-APP READY port=" + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // runs until stdin closes
        }
        server.close();
    }
}
