package secplane.detect;

/**
 * One input of the current request as the agent recorded it: where it came from ({@code query},
 * {@code form}, {@code header}, {@code cookie}, {@code path}, {@code body}, {@code json},
 * {@code multipart}), its name (parameter, header or cookie name, JSON pointer, path segment index)
 * and its value as the application sees it (after the container's own decoding). Null parts are
 * kept as empty strings.
 */
public final class Input {
    private final String source;
    private final String name;
    private final String value;

    public Input(String source, String name, String value) {
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
    public boolean equals(Object o) {
        if (!(o instanceof Input)) {
            return false;
        }
        Input other = (Input) o;
        return source.equals(other.source) && name.equals(other.name) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return (source.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    /** {@code source:name=value}, the value cut at 64 characters. */
    @Override
    public String toString() {
        return source + ":" + name + "=" + Text.clip(value, 64);
    }
}
