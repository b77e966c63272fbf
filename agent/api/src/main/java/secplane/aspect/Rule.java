package secplane.aspect;

/** A rule an aspect can report, identified by a stable id such as {@code jndi.remote-lookup}. */
public final class Rule {
    private final String id;
    private final Mode defaultMode;
    private final String description;

    public Rule(String id, Mode defaultMode, String description) {
        this.id = id;
        this.defaultMode = defaultMode;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public Mode defaultMode() {
        return defaultMode;
    }

    public String description() {
        return description;
    }
}
