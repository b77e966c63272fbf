package secplane.agent.core.request;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The Servlet API of one request or response class, reached through reflection: the agent cannot
 * link against the servlet classes, which exist twice ({@code javax.servlet} up to Servlet 4,
 * {@code jakarta.servlet} from Servlet 5) and are loaded by the application's class loaders. The
 * methods are looked up once per class on the public interface ({@code HttpServletRequest} or
 * {@code HttpServletResponse}) so that a non-public implementation class does not matter.
 *
 * <p>Lookups are cached per class in a weak map owned by the agent (never in the class itself, so
 * that detaching the agent leaves no reference from the application's classes to the agent).
 */
final class ServletApi {
    static final String[] NAMESPACES = {"javax.servlet.", "jakarta.servlet."};

    /** Not a servlet request or response of either namespace. */
    static final ServletApi NONE = new ServletApi(null, null, new Method[0]);

    /** Request methods, by index into {@link #methods}. */
    static final int GET_METHOD = 0, GET_REQUEST_URI = 1, GET_QUERY_STRING = 2, GET_REMOTE_ADDR = 3, GET_CONTENT_TYPE = 4,
            GET_CHARACTER_ENCODING = 5, GET_HEADER_NAMES = 6, GET_HEADERS = 7, GET_PARAMETER_MAP = 8, GET_HEADER = 9,
            GET_USER_PRINCIPAL = 10, IS_USER_IN_ROLE = 11;
    /**
     * Methods from this index on are optional: a request class without them (a minimal fake, a partial
     * implementation) is still recorded, and their calls answer null.
     */
    private static final int REQUEST_OPTIONAL = GET_USER_PRINCIPAL;
    private static final Object[][] REQUEST_METHODS = {
        {"getMethod"}, {"getRequestURI"}, {"getQueryString"}, {"getRemoteAddr"}, {"getContentType"},
        {"getCharacterEncoding"}, {"getHeaderNames"}, {"getHeaders", String.class}, {"getParameterMap"}, {"getHeader", String.class},
        {"getUserPrincipal"}, {"isUserInRole", String.class},
    };

    /** Response methods, by index into {@link #methods}. */
    static final int IS_COMMITTED = 0, RESET = 1, SET_STATUS = 2, SET_CONTENT_TYPE = 3, SET_CONTENT_LENGTH = 4,
            GET_OUTPUT_STREAM = 5, GET_WRITER = 6, FLUSH_BUFFER = 7, RESPONSE_CONTENT_TYPE = 8, SET_HEADER = 9;
    private static final Object[][] RESPONSE_METHODS = {
        {"isCommitted"}, {"reset"}, {"setStatus", int.class}, {"setContentType", String.class}, {"setContentLength", int.class},
        {"getOutputStream"}, {"getWriter"}, {"flushBuffer"}, {"getContentType"}, {"setHeader", String.class, String.class},
    };

    private static final Map<Class<?>, ServletApi> REQUESTS = new WeakHashMap<>();
    private static final Map<Class<?>, ServletApi> RESPONSES = new WeakHashMap<>();
    private static volatile Last lastRequest = new Last(null, NONE);
    private static volatile Last lastResponse = new Last(null, NONE);

    /** The namespace prefix, {@code javax.servlet.} or {@code jakarta.servlet.}; null for {@link #NONE}. */
    final String namespace;
    /** {@code ServletRequestWrapper.getRequest} or {@code ServletResponseWrapper.getResponse} when the class is a wrapper. */
    final Method unwrap;
    private final Method[] methods;

    private ServletApi(String namespace, Method unwrap, Method[] methods) {
        this.namespace = namespace;
        this.unwrap = unwrap;
        this.methods = methods;
    }

    /** The one-entry cache in front of the map: a server has one request class (two or three with wrappers). */
    private static final class Last {
        final WeakReference<Class<?>> type;
        final ServletApi api;

        Last(Class<?> type, ServletApi api) {
            this.type = new WeakReference<Class<?>>(type);
            this.api = api;
        }
    }

    static ServletApi request(Object request) {
        if (request == null) {
            return NONE;
        }
        Class<?> c = request.getClass();
        Last last = lastRequest;
        if (last.type.get() == c) {
            return last.api;
        }
        ServletApi api;
        synchronized (REQUESTS) {
            api = REQUESTS.get(c);
            if (api == null) {
                api = lookUp(c, "http.HttpServletRequest", "ServletRequestWrapper", "getRequest", REQUEST_METHODS, REQUEST_OPTIONAL);
                REQUESTS.put(c, api);
            }
        }
        lastRequest = new Last(c, api);
        return api;
    }

    static ServletApi response(Object response) {
        if (response == null) {
            return NONE;
        }
        Class<?> c = response.getClass();
        Last last = lastResponse;
        if (last.type.get() == c) {
            return last.api;
        }
        ServletApi api;
        synchronized (RESPONSES) {
            api = RESPONSES.get(c);
            if (api == null) {
                api = lookUp(c, "http.HttpServletResponse", "ServletResponseWrapper", "getResponse", RESPONSE_METHODS, RESPONSE_METHODS.length);
                RESPONSES.put(c, api);
            }
        }
        lastResponse = new Last(c, api);
        return api;
    }

    private static ServletApi lookUp(Class<?> c, String interfaceName, String wrapperName, String unwrapName, Object[][] wanted, int optional) {
        for (String ns : NAMESPACES) {
            Class<?> api = find(c, ns + interfaceName);
            if (api == null) {
                continue;
            }
            Method[] methods = new Method[wanted.length];
            try {
                for (int i = 0; i < wanted.length; i++) {
                    Class<?>[] params = new Class<?>[wanted[i].length - 1];
                    for (int p = 0; p < params.length; p++) {
                        params[p] = (Class<?>) wanted[i][p + 1];
                    }
                    try {
                        methods[i] = api.getMethod((String) wanted[i][0], params);
                    } catch (NoSuchMethodException e) {
                        if (i < optional) {
                            throw e;
                        }
                    }
                }
            } catch (NoSuchMethodException | SecurityException e) {
                return NONE;
            }
            Method unwrap = null;
            for (Class<?> s = c; s != null; s = s.getSuperclass()) {
                if (s.getName().equals(ns + wrapperName)) {
                    try {
                        unwrap = s.getMethod(unwrapName);
                    } catch (NoSuchMethodException ignored) {
                        // not a standard wrapper after all
                    }
                    break;
                }
            }
            return new ServletApi(ns, unwrap, methods);
        }
        return NONE;
    }

    private static Class<?> find(Class<?> c, String name) {
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            if (s.getName().equals(name)) {
                return s;
            }
            for (Class<?> i : s.getInterfaces()) {
                Class<?> found = find(i, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    boolean isHttp() {
        return namespace != null;
    }

    /** Calls one of the looked-up methods; any failure (a recycled request, a wrapper that throws) gives null. */
    Object call(int method, Object target, Object... args) {
        if (namespace == null || methods[method] == null) {
            return null;
        }
        try {
            return methods[method].invoke(target, args);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Like {@link #call} but lets the target's own exception out (the 403 writer needs to tell IllegalStateException). */
    Object invoke(int method, Object target, Object... args) throws Throwable {
        try {
            return methods[method].invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    String string(int method, Object target, Object... args) {
        Object o = call(method, target, args);
        return o == null ? null : o.toString();
    }
}
