package secplane.consortium.net;

/**
 * Frame types of the consortium's requests. Privacy's PSI protocols use 1-13 ({@code Frame}); the consortium's
 * start at 32: 32-63 here (opening handshake and the ledger), 64-95 tracing, 96-127 joint risk signals.
 */
public final class Frames {
    /** Client → node, first frame on every channel: the request kind (UTF-8), e.g. {@code ledger.submit}. */
    public static final byte REQUEST = 32;
    /** Node → client: the kind is served and the peer is a configured member; the service's messages follow. */
    public static final byte ACCEPTED = 33;

    /** {@code case.file}: the member's own CLI → its node, the case to file (key=value lines, UTF-8). */
    public static final byte CASE_FILE = 34;
    /** {@code case.file}: node → CLI, one progress line while the case is traced. */
    public static final byte CASE_PROGRESS = 35;
    /** {@code case.file}: node → CLI, the report (text), then {@link #CASE_JSON}. */
    public static final byte CASE_REPORT = 36;
    /** {@code case.file}: node → CLI, the trace result as JSON. */
    public static final byte CASE_JSON = 37;

    /** {@code ledger.submit}: submitter → operator, signed entries ({@code SignedEntry}): u32 count, then u32 length || entry each. */
    public static final byte SUBMIT = 40;
    /** {@code ledger.submit}: operator → submitter, once the entries are on disk: u32 count, then each index (u64). */
    public static final byte SUBMITTED = 41;
    /** {@code ledger.cosign}: operator → witness, the checkpoint note and the consistency proof from the witness's size. */
    public static final byte COSIGN = 42;
    /** {@code ledger.cosign}: witness → operator, the cosignature line(s) (the cosigned note). */
    public static final byte COSIGNED = 43;
    /** {@code ledger.cosign}: operator → witness, asking for the size the witness last cosigned. */
    public static final byte WITNESS_STATE = 44;
    /** {@code ledger.fetch}: client → operator, what to fetch. */
    public static final byte FETCH = 45;
    /** {@code ledger.fetch}: operator → client, one part of the answer. */
    public static final byte FETCHED = 46;

    private Frames() {
    }
}
