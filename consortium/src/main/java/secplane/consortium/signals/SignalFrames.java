package secplane.consortium.signals;

/** Frame types of the joint risk signal request kinds (96-127). */
public final class SignalFrames {
    /** Querier → member: query id, participants, the querier's blinded accounts H(x)^a, shuffled. */
    public static final byte QUERY = 96;
    /** Member → querier: its ElGamal public key, then per flagged account H(y)^b, Enc(flag count), Enc(reported amount), shuffled. */
    public static final byte FLAGGED = 97;
    /** Querier → member: the member's rows re-masked to H(y)^(ab), ciphertexts re-randomised, shuffled. */
    public static final byte RETURNED = 98;
    /** Member → querier: (count, amount) plus the pairwise masks, modulo 2^64. */
    public static final byte MASKED = 99;
    /** Member → member: query id, querier, a fresh 32-byte mask seed. */
    public static final byte SEED = 100;
    /** Member → member: the seed is stored. */
    public static final byte SEED_STORED = 101;

    public static final String QUERY_KIND = "signals.query";
    public static final String MASK_KIND = "signals.mask";

    private SignalFrames() {
    }
}
