package secplane.aspect;

/**
 * One input of an HTTP request as the application received it: where it came from
 * ({@code query}, {@code form}, {@code json}, {@code body}, {@code header}, {@code cookie},
 * {@code path}), its name (parameter, header or cookie name, JSON pointer, path segment number)
 * and its decoded value.
 */
public final class RequestInput {
    private final String source;
    private final String name;
    private final String value;

    public RequestInput(String source, String name, String value) {
        this.source = source == null ? "" : source;
        this.name = name == null ? "" : name;
        this.value = value == null ? "" : value;
    }

    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return source + ":" + name + "=" + (value.length() > 64 ? value.substring(0, 64) + "..." : value);
    }
}
