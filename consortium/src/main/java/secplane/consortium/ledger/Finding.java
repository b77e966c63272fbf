package secplane.consortium.ledger;

import java.util.List;

/**
 * One thing {@link LedgerVerifier} found. {@code firstBadEntry} is the index of the first entry proven wrong, or -1;
 * {@code checkpoints} names the checkpoint files involved (the two conflicting ones for a fork).
 */
public record Finding(Kind kind, String message, long firstBadEntry, List<String> checkpoints) {

    public Finding {
        checkpoints = List.copyOf(checkpoints);
    }

    /** What was found; {@link #tamper()} tells evidence of tampering from a benign trace of a crash. */
    public enum Kind {
        /** An entry no longer hashes to the leaf hash recorded for it. */
        EDITED_ENTRY(true),
        /** Entries that a record or a signed checkpoint commits to are missing. */
        TRUNCATED(true),
        /** A checkpoint file is not a well-formed checkpoint note, or names another log. */
        MALFORMED_CHECKPOINT(true),
        /** A checkpoint lacks a valid signature by the operator key. */
        BAD_SIGNATURE(true),
        /** Two signed checkpoints that cannot both describe one append-only log. */
        FORK(true),
        /** The log does not produce the root a signed checkpoint commits to, and no checkpoint pins an alternative. */
        REWRITTEN(true),
        /** Bytes after the last complete entry record: the trace of an interrupted append, repaired on next open. */
        TORN_TAIL(false),
        /** Entries whose leaf hash was not yet recorded: an interrupted append, repaired on next open. */
        UNHASHED_TAIL(false),
        /** Entries after the largest signed checkpoint: nothing signed covers them yet, so nothing proves them unchanged. */
        UNCHECKPOINTED_TAIL(false);

        private final boolean tamper;

        Kind(boolean tamper) {
            this.tamper = tamper;
        }

        public boolean tamper() {
            return tamper;
        }
    }
}
