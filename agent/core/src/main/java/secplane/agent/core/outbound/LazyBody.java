package secplane.agent.core.outbound;

import java.util.function.Supplier;

/**
 * The text of an outbound body, read the first time an aspect asks for it: an aspect that samples 1 % of
 * the requests leaves the other 99 % unread. Reading never throws (null when the body cannot be read).
 */
public final class LazyBody implements Supplier<String> {
    private final Object source;
    private final String kind;
    private final int offset;
    private final int length;
    private boolean read;
    private String text;

    /** @param kind {@code http-client} (a java.net.http.HttpRequest) or {@code http-url-connection} (the connection) */
    public LazyBody(Object source, String kind) {
        this(source, kind, 0, 0);
    }

    /** A chunk written to a streaming body: {@code length} bytes of {@code bytes} from {@code offset}. */
    public static LazyBody chunk(byte[] bytes, int offset, int length) {
        return new LazyBody(bytes, "chunk", offset, length);
    }

    private LazyBody(Object source, String kind, int offset, int length) {
        this.source = source;
        this.kind = kind;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public synchronized String get() {
        if (!read) {
            read = true;
            try {
                if ("chunk".equals(kind)) {
                    byte[] b = (byte[]) source;
                    text = new String(b, offset, Math.min(length, OutboundBodies.LIMIT), java.nio.charset.StandardCharsets.UTF_8);
                } else {
                    byte[] body = "http-client".equals(kind) ? OutboundBodies.httpClientBody(source) : OutboundBodies.posterBody(source);
                    text = OutboundBodies.utf8(body);
                }
            } catch (Throwable e) {
                text = null;
            }
        }
        return text;
    }

    @Override
    public String toString() {
        return "body of " + kind;
    }
}
