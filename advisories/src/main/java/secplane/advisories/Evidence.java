package secplane.advisories;

/**
 * Why a component matched an advisory: the part of the advisory that matched, by JSON Pointer
 * into the advisory (e.g. {@code /affected/0/ranges/1} or {@code /affected/2/versions/0}), and a
 * sentence for people, e.g. {@code 2.14.1 is in [introduced 2.13.0, fixed 2.15.0) (ECOSYSTEM range,
 * Maven version order)}.
 */
public record Evidence(String pointer, String detail) {
    @Override
    public String toString() {
        return pointer + ": " + detail;
    }
}
