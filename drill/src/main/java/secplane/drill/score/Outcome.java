package secplane.drill.score;

import java.util.Locale;

/** What became of an attack, best first: a case's outcome is the best of its requests'. */
public enum Outcome {
    /** The plane recorded a block verdict for it (or, without events, it was answered 403). */
    BLOCKED,
    /** An observe or rewrite event, no block. */
    DETECTED,
    /** No event of this case. */
    MISSED,
    /** The request could not be sent. */
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
