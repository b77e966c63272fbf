package secplane.governance.fpe;

import java.nio.charset.StandardCharsets;

/**
 * Reversible, format-preserving tokenisation of a value with FF1: the characters of the chosen alphabet are
 * encrypted together, every other character stays where it was. The same key, tweak and alphabet detokenise.
 * The result keeps the format but not check digits: a tokenised identity number is not a valid one.
 */
public final class Tokeniser {
    private final FF1 ff1;
    private final Alphabet alphabet;
    private final byte[] tweak;

    public Tokeniser(byte[] key, Alphabet alphabet, String tweak) {
        this.ff1 = new FF1(key, alphabet.radix());
        this.alphabet = alphabet;
        this.tweak = tweak == null ? new byte[0] : tweak.getBytes(StandardCharsets.UTF_8);
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    public String tokenise(String value) {
        return apply(value, true);
    }

    public String detokenise(String token) {
        return apply(token, false);
    }

    private String apply(String value, boolean encrypt) {
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            if (alphabet.indexOf(value.charAt(i)) >= 0) {
                count++;
            }
        }
        int min = Math.max(2, ff1.minLength());
        if (count < min) {
            throw new IllegalArgumentException("cannot tokenise a value with " + count + " characters of the " + alphabet
                    + " alphabet: FF1 needs at least " + min + " (NIST SP 800-38G); mask this type with keep/redact/hash instead");
        }
        int[] numerals = new int[count];
        int k = 0;
        for (int i = 0; i < value.length(); i++) {
            int d = alphabet.indexOf(value.charAt(i));
            if (d >= 0) {
                numerals[k++] = d;
            }
        }
        int[] out = encrypt ? ff1.encrypt(numerals, tweak) : ff1.decrypt(numerals, tweak);
        StringBuilder sb = new StringBuilder(value.length());
        k = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(alphabet.indexOf(c) >= 0 ? alphabet.charOf(out[k++]) : c);
        }
        return sb.toString();
    }
}
