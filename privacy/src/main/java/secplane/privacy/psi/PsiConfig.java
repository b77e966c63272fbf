package secplane.privacy.psi;

/**
 * Settings of one ECDH-PSI run; both parties must use the same (checked in the handshake).
 *
 * @param output who learns the result
 * @param sizeOnly PSI-cardinality: the receiving party learns only how many items are shared
 * @param normalisation the column normalisations, {@link secplane.privacy.normalize.ColumnSpec#settings}
 * @param batchSize elements per frame
 */
public record PsiConfig(Output output, boolean sizeOnly, String normalisation, int batchSize) {
    public static final int DEFAULT_BATCH = 4096;

    public PsiConfig {
        if (batchSize < 1 || batchSize > 65536) {
            throw new IllegalArgumentException("batch size must be 1..65536");
        }
    }
}
