package secplane.governance.mask;

import secplane.governance.fpe.Alphabet;
import secplane.governance.fpe.Tokeniser;

/** Reversible format-preserving tokenisation (FF1, NIST SP 800-38G) as a masking operator. */
public record FpeMask(Tokeniser tokeniser) implements MaskOperator {
    public FpeMask(byte[] key, Alphabet alphabet, String tweak) {
        this(new Tokeniser(key, alphabet, tweak));
    }

    @Override
    public String apply(String value) {
        return tokeniser.tokenise(value);
    }

    public String reverse(String token) {
        return tokeniser.detokenise(token);
    }
}
