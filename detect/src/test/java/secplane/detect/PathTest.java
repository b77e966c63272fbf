package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path traversal: decoding edge cases, normalisation, and what counts as leaving the base. */
@ExtendWith(NoDetectorFailures.class)
class PathTest {

    private static Verdict path(String path, String input) {
        return Detectors.path(path, List.of(new Input("query", "file", input)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "%2e%2e%2f          | ../",
        "%2E%2e%2F          | ../",
        "%252e%252e%252f    | %2e%2e%2f",
        "%c0%af             | /",
        "%c0%ae%c0%ae       | ..",
        "%e0%80%af          | /",
        "%c1%9c             | \\",
        "%u002e%u002e%u2215 | ..\u2215",
        "%U002F             | /",
        "100%               | 100%",
        "%zz%2               | %zz%2",
        "a%20b              | a b",
        "%e6%8a%a5%e5%91%8a | 报告",
        "%f0%9f%98%80       | \uD83D\uDE00",
        "%c0                | \u00c0",
    })
    void percentDecodingRoundIncludingOverlongForms(String in, String out) {
        assertThat(PathDecoding.percentDecode(in)).isEqualTo(out);
    }

    @Test
    void formsAreDecodedUpToThreeTimesAndAfterANaiveFilter() {
        assertThat(PathDecoding.forms("%25252e%25252e%25252f")).extracting(f -> f[0])
                .containsExactly("%25252e%25252e%25252f", "%252e%252e%252f", "%2e%2e%2f", "../");
        assertThat(PathDecoding.forms("....//etc")).extracting(f -> f[0]).containsExactly("....//etc", "../etc");
        assertThat(PathDecoding.forms("plain.txt")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/var/www/files/../../etc/passwd | /var/etc/passwd",
        "/a/./b//c/                      | /a/b/c",
        "C:\\app\\..\\Windows\\win.ini  | c:/Windows/win.ini",
        "../../x                         | ../../x",
        "/../../x                        | /x",
        "file:///etc/passwd              | /etc/passwd",
        "a/b/../../..                    | ..",
    })
    void normalisation(String in, String out) {
        assertThat(PathCheck.Paths.normalise(in)).isEqualTo(out);
    }

    @Test
    void dotDotOnlyAsAWholeSegment() {
        assertThat(PathCheck.Paths.hasDotDot("../a")).isTrue();
        assertThat(PathCheck.Paths.hasDotDot("a\\..\\b")).isTrue();
        assertThat(PathCheck.Paths.hasDotDot("a/..")).isTrue();
        assertThat(PathCheck.Paths.hasDotDot("..hidden")).isFalse();
        assertThat(PathCheck.Paths.hasDotDot("notes...txt")).isFalse();
        assertThat(PathCheck.Paths.hasDotDot("a..b/c")).isFalse();
    }

    @Test
    void climbingWithinTheInputsOwnSegmentsStaysInside() {
        assertThat(path("/srv/files/a/b/../c.txt", "a/b/../c.txt").attack()).isFalse();
        assertThat(path("/srv/files/a/../../c.txt", "a/../../c.txt").attack()).isTrue();
    }

    @Test
    void baseEndingInsideASegmentIsNotAParentDirectory() {
        // "/data/user_" + "../../x" is the directory "user_..", up one, then "x": still inside /data
        assertThat(path("/data/user_../../x", "../../x").attack()).isFalse();
        assertThat(path("/data/user_../../../x", "../../../x").attack()).isTrue();
    }

    @Test
    void nulIsAnAttackRawOrEncoded() {
        assertThat(path("/srv/a.php\0.png", "a.php\0.png").evidence()).containsEntry("technique", "nul");
        assertThat(path("/srv/a.php\0.png", "a.php%00.png").evidence()).containsEntry("technique", "nul");
    }

    @Test
    void absoluteInputReplacingTheBase() {
        assertThat(path("/etc/hosts", "/etc/hosts").evidence()).containsEntry("technique", "absolute-path");
        assertThat(path("D:\\secrets\\a.txt", "D:\\secrets\\a.txt").attack()).isTrue();
        assertThat(path("\\\\host\\share\\a", "\\\\host\\share\\a").attack()).isTrue();
        // an absolute-looking input appended under a base stays under it
        assertThat(path("/srv/files//etc/hosts", "/etc/hosts").attack()).isFalse();
    }

    @Test
    void sensitiveLocationsCountWhenNamedButKeyNamesOnlyWithTraversal() {
        assertThat(path("/etc/shadow", "shadow").attack()).isTrue();
        assertThat(path("/srv/uploads/server.key", "server.key").attack()).isFalse();
        assertThat(path("/srv/app/../keys/server.key", "../keys/server.key").attack()).isTrue();
        assertThat(path("/opt/app/WEB-INF/web.xml", "web.xml").attack()).isTrue();
        assertThat(path("/opt/app/WEB-INF/web.xml", "xml").attack()).isFalse();
    }

    @Test
    void traversalTheCodeNormalisedAwayIsStillSeenForSensitiveTargets() {
        assertThat(path("/etc/passwd", "../../../etc/passwd").attack()).isTrue();
        assertThat(path("/srv/files/report.pdf", "../../srv/files/report.pdf").attack()).isFalse();
    }

    @Test
    void reasonNamesTheDecodingAndTheDirectory() {
        Verdict v = path("/var/www/files/../../../etc/passwd", "%252e%252e%252f%252e%252e%252f%252e%252e%252fetc/passwd");
        assertThat(v.reason()).isEqualTo("input 'file' (query) (percent-decoded 2 times) climbs out of '/var/www/files' with '..' to '/etc/passwd'");
        assertThat(v.evidence()).containsEntry("base", "/var/www/files").containsEntry("resolved", "/etc/passwd");
    }

    @Test
    void ordinaryNamesWithDotsAndUnicodeAreData() {
        for (String name : new String[] {"report.v2.pdf", "..hidden", "a..b.txt", "résumé.docx", "报告.xlsx", "...", "x.tar.gz", "Zoë & Ünal.txt"}) {
            assertThat(path("/srv/files/" + name, name).attack()).as(name).isFalse();
        }
    }
}
