package secplane.governance.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** apply() without surrogates and maskInPlace() mask exactly what the code-point definition masks. */
class KeepFirstLastTest {
    private static final String ALPHABET = "0123456789 -·X张明a*";

    /** The definition: code points, separators '-', ' ' and '·' kept, at least one character masked. */
    private static String reference(String value, int first, int last, char mask) {
        int[] cps = value.codePoints().toArray();
        int n = cps.length;
        while (first + last >= n && first + last > 0) {
            if (first >= last && first > 0) {
                first--;
            } else {
                last--;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean keep = i < first || i >= n - last || cps[i] == '-' || cps[i] == ' ' || cps[i] == '·';
            if (keep) {
                sb.appendCodePoint(cps[i]);
            } else {
                sb.append(mask);
            }
        }
        return sb.toString();
    }

    @Test
    void charPathAndInPlaceMaskMatchTheCodePointDefinition() {
        Random rnd = new Random(7);
        int masked = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder v = new StringBuilder();
            int n = rnd.nextInt(22);
            for (int k = 0; k < n; k++) {
                v.append(rnd.nextInt(40) == 0 ? "\ud83d\ude00" : String.valueOf(ALPHABET.charAt(rnd.nextInt(ALPHABET.length()))));
            }
            String value = v.toString();
            KeepFirstLast op = new KeepFirstLast(rnd.nextInt(7), rnd.nextInt(5));
            String expected = reference(value, op.first(), op.last(), '*');
            assertThat(op.apply(value)).as(value).isEqualTo(expected);
            if (value.codePoints().count() == value.length()) {
                StringBuilder sb = new StringBuilder("<<").append(value).append(">>");
                op.maskInPlace(sb, 2, 2 + value.length(), '#');
                assertThat(sb.toString()).as(value).isEqualTo("<<" + reference(value, op.first(), op.last(), '#') + ">>");
                masked += expected.equals(value) ? 0 : 1;
            }
        }
        assertThat(masked).isGreaterThan(10_000);
    }
}
