package secplane.governance.fpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The nine FF1 samples of NIST's "FF1samples" (Cryptographic Standards and Guidelines, examples for SP 800-38G). */
class FF1Test {
    private static final String K128 = "2B7E151628AED2A6ABF7158809CF4F3C";
    private static final String K192 = K128 + "EF4359D8D580AA4F";
    private static final String K256 = K192 + "7F036D6F04FC6A94";
    private static final String DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    @ParameterizedTest(name = "sample {0}")
    @CsvSource({
        "1," + K128 + ",10,'',0123456789,2433477484",
        "2," + K128 + ",10,39383736353433323130,0123456789,6124200773",
        "3," + K128 + ",36,3737373770717273373737,0123456789abcdefghi,a9tv40mll9kdu509eum",
        "4," + K192 + ",10,'',0123456789,2830668132",
        "5," + K192 + ",10,39383736353433323130,0123456789,2496655549",
        "6," + K192 + ",36,3737373770717273373737,0123456789abcdefghi,xbj3kv35jrawxv32ysr",
        "7," + K256 + ",10,'',0123456789,6657667009",
        "8," + K256 + ",10,39383736353433323130,0123456789,1001623463",
        "9," + K256 + ",36,3737373770717273373737,0123456789abcdefghi,xs8a0azh2avyalyzuwd",
    })
    void matchesNistSample(int sample, String key, int radix, String tweak, String pt, String ct) {
        FF1 ff1 = new FF1(HexFormat.of().parseHex(key), radix);
        byte[] t = HexFormat.of().parseHex(tweak);
        assertThat(str(ff1.encrypt(num(pt), t))).isEqualTo(ct);
        assertThat(str(ff1.decrypt(num(ct), t))).isEqualTo(pt);
    }

    @Test
    void decryptInvertsEncryptForRandomInputsRadicesAndTweaks() {
        Random rnd = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] key = new byte[16 + 8 * rnd.nextInt(3)];
            rnd.nextBytes(key);
            int radix = new int[] {10, 36, 62, 20992, 2}[rnd.nextInt(5)];
            FF1 ff1 = new FF1(key, radix);
            int len = ff1.minLength() + rnd.nextInt(30);
            int[] x = new int[len];
            for (int i = 0; i < len; i++) {
                x[i] = rnd.nextInt(radix);
            }
            byte[] tweak = new byte[rnd.nextInt(20)];
            rnd.nextBytes(tweak);
            int[] y = ff1.encrypt(x, tweak);
            assertThat(y).hasSize(len);
            assertThat(java.util.Arrays.stream(y).allMatch(d -> d >= 0 && d < radix)).isTrue();
            assertThat(ff1.decrypt(y, tweak)).containsExactly(x);
        }
    }

    @Test
    void refusesDomainsBelowAMillionAndBadKeys() {
        FF1 ff1 = new FF1(new byte[16], 10);
        assertThatThrownBy(() -> ff1.encrypt(new int[5], new byte[0])).hasMessageContaining("1,000,000");
        assertThatThrownBy(() -> new FF1(new byte[10], 10)).hasMessageContaining("16, 24 or 32");
    }

    private static int[] num(String s) {
        return s.chars().map(DIGITS36::indexOf).toArray();
    }

    private static String str(int[] x) {
        StringBuilder sb = new StringBuilder();
        for (int d : x) {
            sb.append(DIGITS36.charAt(d));
        }
        return sb.toString();
    }
}
