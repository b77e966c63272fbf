package secplane.aspect;

/** What the host does with a finding of a rule. */
public enum Mode {
    /** The rule is not evaluated at all. */
    OFF,
    /** Report only: an event with verdict {@code observe}, the call goes on. */
    OBSERVE,
    /** An event with verdict {@code block}, and the call fails with a SecurityException. */
    BLOCK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the mode, or null for an unknown name */
    public static Mode parse(String name) {
        for (Mode m : values()) {
            if (m.wireName().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
