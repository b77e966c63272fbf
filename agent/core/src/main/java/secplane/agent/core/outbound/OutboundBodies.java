package secplane.agent.core.outbound;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads what an application is about to send out, for the {@code http.outbound} and {@code kafka.send}
 * join points: the first {@link #LIMIT} bytes of a body, decoded as UTF-8, and the destination as
 * {@code host:port} (RFC 3986 §3.2.2-3.2.3, with the scheme's default port, RFC 9110 §4.2) or
 * {@code kafka:<topic>}. Every reader returns null rather than throw, and none consumes anything the
 * application will send: the JDK client's in-memory publishers are subscribed to again (they are built to
 * be, for retries and redirects), {@code HttpURLConnection}'s buffered body is copied.
 *
 * <p>Only public JDK API is called, through reflection (the agent is Java 8 bytecode), except
 * {@code HttpURLConnection}'s private {@code poster} field, whose package the agent opens to itself.
 */
public final class OutboundBodies {
    /** Longest body prefix handed to the aspects, in bytes. */
    public static final int LIMIT = 65536;

    /** The JDK client's publishers of bytes held in memory: {@code BodyPublishers.ofString}, {@code ofByteArray}. */
    private static final String BYTE_ARRAY_PUBLISHER = "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher";
    private static final String STRING_PUBLISHER = "jdk.internal.net.http.RequestPublishers$StringPublisher";

    private OutboundBodies() {
    }

    /** {@code host:port} of a URI or URL, lower-case host, the scheme's default port when none is given; null if it has no host. */
    public static String destination(String url) {
        try {
            URI u = new URI(url);
            String host = u.getHost();
            if (host == null) {
                return null;
            }
            int port = u.getPort();
            if (port < 0) {
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            }
            host = host.toLowerCase(Locale.ROOT);
            return port < 0 ? host : host + ":" + port;
        } catch (Exception e) {
            return null;
        }
    }

    /** scheme://host:port/path of a URL: the query and fragment are left out, since they may carry the very values being governed. */
    public static String withoutQuery(String url) {
        try {
            URI u = new URI(url);
            StringBuilder sb = new StringBuilder();
            if (u.getScheme() != null) {
                sb.append(u.getScheme()).append("://");
            }
            String d = destination(url);
            sb.append(d == null ? "" : d);
            sb.append(u.getRawPath() == null ? "" : u.getRawPath());
            return sb.toString();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The body of a {@code java.net.http.HttpRequest}: read from its publisher when that publisher holds the
     * bytes in memory (strings and byte arrays), else null (files, streams and custom publishers are
     * never read ahead: reading them would take what the client is about to send).
     */
    public static byte[] httpClientBody(Object request) {
        try {
            // through the public types: the implementations are in packages java.net.http does not export
            Class<?> type = Class.forName("java.net.http.HttpRequest", false, request.getClass().getClassLoader());
            Object optional = type.getMethod("bodyPublisher").invoke(request);
            Object publisher = optional instanceof java.util.Optional ? ((java.util.Optional<?>) optional).orElse(null) : null;
            if (publisher == null) {
                return null;
            }
            String name = publisher.getClass().getName();
            if (!name.equals(BYTE_ARRAY_PUBLISHER) && !name.equals(STRING_PUBLISHER)) {
                return null;
            }
            return subscribe(publisher);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * Subscribes to a {@code Flow.Publisher<ByteBuffer>} that delivers on the subscribing thread (the JDK's
     * pull publisher over a list of buffers) and keeps the first {@link #LIMIT} bytes.
     */
    private static byte[] subscribe(Object publisher) throws Exception {
        final Class<?> subscriberType = Class.forName("java.util.concurrent.Flow$Subscriber");
        final Class<?> subscriptionType = Class.forName("java.util.concurrent.Flow$Subscription");
        final Method request = subscriptionType.getMethod("request", long.class);
        final Method cancel = subscriptionType.getMethod("cancel");
        final Bounded out = new Bounded();
        final boolean[] done = {false};
        InvocationHandler handler = new InvocationHandler() {
            private Object subscription;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "onSubscribe":
                        subscription = args[0];
                        request.invoke(subscription, Long.MAX_VALUE);
                        return null;
                    case "onNext": {
                        ByteBuffer b = ((ByteBuffer) args[0]).duplicate();
                        int n = Math.min(b.remaining(), LIMIT - out.size());
                        if (n > 0) {
                            byte[] chunk = new byte[n];
                            b.get(chunk);
                            out.write(chunk, 0, n);
                        }
                        if (out.size() >= LIMIT && subscription != null) {
                            done[0] = true;
                            cancel.invoke(subscription);
                        }
                        return null;
                    }
                    case "onComplete":
                    case "onError":
                        done[0] = true;
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "secplane body reader";
                    default:
                        return null;
                }
            }
        };
        Object subscriber = Proxy.newProxyInstance(OutboundBodies.class.getClassLoader(), new Class<?>[] {subscriberType}, handler);
        Class.forName("java.util.concurrent.Flow$Publisher").getMethod("subscribe", subscriberType).invoke(publisher, subscriber);
        // the in-memory publishers deliver synchronously; anything else is not read at all
        return done[0] ? out.toByteArray() : null;
    }

    /** {@code HttpURLConnection}'s buffered body (not in streaming mode), or null. */
    public static byte[] posterBody(Object connection) {
        try {
            Field f = posterField(connection.getClass());
            if (f == null) {
                return null;
            }
            Object poster = f.get(connection);
            if (!(poster instanceof ByteArrayOutputStream)) {
                return null;
            }
            ByteArrayOutputStream body = (ByteArrayOutputStream) poster;
            Bounded out = new Bounded();
            synchronized (body) {
                body.writeTo(out);
            }
            return out.toByteArray();
        } catch (Throwable e) {
            return null;
        }
    }

    private static volatile Field poster;

    private static Field posterField(Class<?> c) {
        Field f = poster;
        if (f != null && f.getDeclaringClass().isAssignableFrom(c)) {
            return f;
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals("sun.net.www.protocol.http.HttpURLConnection")) {
                try {
                    f = k.getDeclaredField("poster");
                    f.setAccessible(true);
                    poster = f;
                    return f;
                } catch (Throwable e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * A streaming body's chunk ({@code setFixedLengthStreamingMode}, {@code setChunkedStreamingMode}): the
     * connection the stream writes for, or null when the stream has already passed {@link #LIMIT} bytes (only
     * the first 64 KB of a body are inspected).
     */
    public static Object streamingConnection(Object stream) {
        try {
            Class<?> c = stream.getClass();
            Field outer = c.getDeclaredField("this$0");
            outer.setAccessible(true);
            Field written = c.getDeclaredField("written");
            written.setAccessible(true);
            return written.getLong(stream) >= LIMIT ? null : outer.get(stream);
        } catch (Throwable e) {
            return null;
        }
    }

    /** The URL of a {@code java.net.URLConnection}. */
    public static String url(Object connection) {
        if (connection instanceof java.net.URLConnection) {
            URL u = ((java.net.URLConnection) connection).getURL();
            return u == null ? null : u.toString();
        }
        return null;
    }

    /** A Kafka key or value as text: a String, or UTF-8 bytes (first {@link #LIMIT}); null for other types. */
    public static String text(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            return s.length() <= LIMIT ? s : s.substring(0, LIMIT);
        }
        if (value instanceof byte[]) {
            byte[] b = (byte[]) value;
            return new String(b, 0, Math.min(b.length, LIMIT), StandardCharsets.UTF_8);
        }
        return null;
    }

    public static String utf8(byte[] body) {
        return body == null ? null : new String(body, 0, Math.min(body.length, LIMIT), StandardCharsets.UTF_8);
    }

    /** Keeps the first {@link #LIMIT} bytes written to it and ignores the rest. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (kept.size() < LIMIT) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, LIMIT - kept.size());
            if (n > 0) {
                kept.write(b, off, n);
            }
        }

        int size() {
            return kept.size();
        }

        byte[] toByteArray() {
            return kept.toByteArray();
        }
    }
}
