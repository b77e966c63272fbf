package secplane.testbeds.requests;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.InstanceHandle;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;

/** Embedded Undertow (Servlet 6) serving one servlet at the given paths, without any filter. */
final class UndertowServer implements AutoCloseable {
    private final Undertow server;
    private final DeploymentManager manager;

    UndertowServer(HttpServlet servlet, String[] paths) throws Exception {
        ServletInfo info = Servlets.servlet("documents", servlet.getClass(), () -> new InstanceHandle<Servlet>() {
            @Override
            public Servlet getInstance() {
                return servlet;
            }

            @Override
            public void release() {
            }
        });
        for (String p : paths) {
            info.addMapping(p);
        }
        DeploymentInfo deployment = Servlets.deployment().setClassLoader(UndertowServer.class.getClassLoader())
                .setContextPath("/").setDeploymentName("documents").addServlet(info);
        manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        manager.stop();
    }
}
