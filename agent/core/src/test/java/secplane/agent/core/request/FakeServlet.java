package secplane.agent.core.request;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Servlet requests and responses of either namespace, as {@link Proxy} instances of the stand-in
 * Servlet API interfaces in this test source tree, so the agent reaches them the way it reaches a
 * container's: by reflection on {@code HttpServletRequest} and {@code HttpServletResponse}.
 */
final class FakeServlet {
    private FakeServlet() {
    }

    static final class Request {
        String method = "GET";
        String uri = "/";
        String query;
        String contentType;
        String remoteAddr = "203.0.113.7";
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, String[]> parameters = new LinkedHashMap<>();
        int parameterCalls;
        String user;
        java.util.Set<String> roles = java.util.Set.of();
        int roleCalls;

        Request header(String name, String... values) {
            headers.put(name, List.of(values));
            return this;
        }
    }

    static final class Response {
        int status = 200;
        String contentType;
        boolean committed;
        boolean resets;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    static Object request(String namespace, Request r) throws Exception {
        Class<?> type = Class.forName(namespace + ".servlet.http.HttpServletRequest");
        return Proxy.newProxyInstance(FakeServlet.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "getMethod":
                    return r.method;
                case "getRequestURI":
                    return r.uri;
                case "getQueryString":
                    return r.query;
                case "getContentType":
                    return r.contentType;
                case "getCharacterEncoding":
                    return null;
                case "getRemoteAddr":
                    return r.remoteAddr;
                case "getUserPrincipal":
                    return r.user == null ? null : (java.security.Principal) () -> r.user;
                case "isUserInRole":
                    r.roleCalls++;
                    return r.user != null && r.roles.contains((String) args[0]);
                case "getParameterMap":
                    r.parameterCalls++;
                    return r.parameters;
                case "getHeader":
                    List<String> v = r.headers.get((String) args[0]);
                    return v == null ? null : v.get(0);
                case "getHeaderNames":
                    return Collections.enumeration(r.headers.keySet());
                case "getHeaders":
                    return Collections.enumeration(r.headers.getOrDefault((String) args[0], List.of()));
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "fake " + namespace + " request " + r.uri;
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    static Object response(String namespace, Response r) throws Exception {
        Class<?> type = Class.forName(namespace + ".servlet.http.HttpServletResponse");
        OutputStream out = namespace.equals("javax") ? new javax.servlet.ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }
        } : new jakarta.servlet.ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }
        };
        return Proxy.newProxyInstance(FakeServlet.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "isCommitted":
                    return r.committed;
                case "reset":
                    if (r.committed) {
                        throw new IllegalStateException("committed");
                    }
                    r.resets = true;
                    r.body.reset();
                    r.headers.clear();
                    r.status = 200;
                    return null;
                case "setStatus":
                    r.status = (Integer) args[0];
                    return null;
                case "setContentType":
                    r.contentType = (String) args[0];
                    return null;
                case "getContentType":
                    return r.contentType;
                case "setContentLength":
                    r.headers.put("Content-Length", String.valueOf(args[0]));
                    return null;
                case "setHeader":
                    r.headers.put((String) args[0], (String) args[1]);
                    return null;
                case "getOutputStream":
                    return out;
                case "getWriter":
                    return new PrintWriter(out);
                case "flushBuffer":
                    r.committed = true;
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "fake response";
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }
}
