package secplane.agent.core.aspects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AspectPackageTest {
    private static final byte[] CLASS_BYTES = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe};

    private static Map<String, byte[]> entries() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("com/acme/guard/GuardAspect.class", CLASS_BYTES);
        e.put("com/acme/guard/deny.txt", "x\n".getBytes(StandardCharsets.UTF_8));
        return e;
    }

    private static byte[] jar(String id, String version, String className) {
        return AspectJars.jar(AspectJars.manifest(id, version, className), entries());
    }

    @Test
    void readsIdVersionClassAndEntriesOfAValidJar() throws Exception {
        byte[] jar = jar("acme-guard.v2", " 1.4.0 ", "com.acme.guard.GuardAspect");

        AspectPackage p = AspectPackage.read(jar, "/opt/aspects/guard.jar");

        assertThat(p.id()).isEqualTo("acme-guard.v2");
        assertThat(p.version()).isEqualTo("1.4.0");
        assertThat(p.className()).isEqualTo("com.acme.guard.GuardAspect");
        assertThat(p.origin()).isEqualTo("/opt/aspects/guard.jar");
        assertThat(p.entry("com/acme/guard/GuardAspect.class")).isEqualTo(CLASS_BYTES);
        assertThat(p.entry("com/acme/guard/deny.txt")).asString(StandardCharsets.UTF_8).isEqualTo("x\n");
        assertThat(p.entry("absent")).isNull();
    }

    @Test
    void sha256IsTheDigestOfTheWholeJar() throws Exception {
        byte[] jar = jar("guard", "1", "com.acme.guard.GuardAspect");

        AspectPackage p = AspectPackage.read(jar, "t");

        assertThat(p.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)));
    }

    @Test
    void directoryEntriesAreNotEntries() throws Exception {
        Map<String, byte[]> e = entries();
        e.put("com/acme/", new byte[0]);

        AspectPackage p = AspectPackage.read(AspectJars.jar(AspectJars.manifest("guard", "1", "com.acme.guard.GuardAspect"), e), "t");

        assertThat(p.entry("com/acme/")).isNull();
    }

    @Test
    void jarWithoutManifestIsRejected() {
        byte[] jar = AspectJars.jar(null, entries());

        assertThatThrownBy(() -> AspectPackage.read(jar, "x.jar"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.jar: not an aspect jar (no META-INF/MANIFEST.MF)");
    }

    @Test
    void bytesThatAreNoJarAreRejected() {
        byte[] notAJar = "this is not a zip file".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AspectPackage.read(notAJar, "x.jar")).isInstanceOf(IOException.class).hasMessageStartingWith("x.jar: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Secplane-Aspect-Id", "Secplane-Aspect-Version", "Secplane-Aspect-Class"})
    void missingManifestAttributeIsRejectedByName(String attribute) {
        Map<String, String> m = AspectJars.manifest("guard", "1.0", "com.acme.guard.GuardAspect");
        m.remove(attribute);
        byte[] jar = AspectJars.jar(m, entries());

        assertThatThrownBy(() -> AspectPackage.read(jar, "x.jar"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.jar: manifest lacks " + attribute);
    }

    @Test
    void blankManifestAttributeCountsAsMissing() {
        byte[] jar = jar("guard", "   ", "com.acme.guard.GuardAspect");

        assertThatThrownBy(() -> AspectPackage.read(jar, "x.jar")).hasMessage("x.jar: manifest lacks Secplane-Aspect-Version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Guard", "1guard", "-guard", "guard_x", "guard/x", "guard x", "ä",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void badOrSixtyFiveCharacterAspectIdIsRejected(String id) {
        byte[] jar = jar(id, "1.0", "com.acme.guard.GuardAspect");

        assertThatThrownBy(() -> AspectPackage.read(jar, "x.jar"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("aspect id '" + id + "' must be lower case letters, digits, '.' or '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"g", "jndi", "acme.guard-2", "a234567890123456789012345678901234567890123456789012345678901234"})
    void wellFormedAspectIdOfUpToSixtyFourCharactersIsAccepted(String id) throws Exception {
        assertThat(AspectPackage.read(jar(id, "1.0", "com.acme.guard.GuardAspect"), "t").id()).isEqualTo(id);
    }

    @Test
    void aspectClassMissingFromTheJarIsRejected() {
        byte[] jar = jar("guard", "1.0", "com.acme.guard.OtherAspect");

        assertThatThrownBy(() -> AspectPackage.read(jar, "x.jar"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.jar: Secplane-Aspect-Class com.acme.guard.OtherAspect is not in the jar");
    }

    @Test
    void jarLargerThanSixteenMebibytesIsRejectedBeforeReading() {
        byte[] big = new byte[(int) AspectPackage.MAX_SIZE + 1];

        assertThatThrownBy(() -> AspectPackage.read(big, "big.jar"))
                .isInstanceOf(IOException.class)
                .hasMessage("big.jar: aspect jar is larger than 16777216 bytes");
    }

    // ------------------------------------------------------------------ versions

    @Test
    void numericPartsCompareAsNumbers() {
        assertThat(AspectPackage.compareVersions("1.2.10", "1.2.9")).isPositive();
        assertThat(AspectPackage.compareVersions("1.2.9", "1.2.10")).isNegative();
        assertThat(AspectPackage.compareVersions("10.0", "9.9.9")).isPositive();
    }

    @Test
    void missingTrailingPartsCountAsZero() {
        assertThat(AspectPackage.compareVersions("2.0", "2.0.0")).isZero();
        assertThat(AspectPackage.compareVersions("2", "2.0.0.0")).isZero();
        assertThat(AspectPackage.compareVersions("2.0.1", "2.0")).isPositive();
    }

    @Test
    void equalVersionsCompareEqual() {
        assertThat(AspectPackage.compareVersions("1.0.0", "1.0.0")).isZero();
        assertThat(AspectPackage.compareVersions("1.0.0-rc1", "1.0.0-rc1")).isZero();
    }

    @Test
    void nonNumericPartsCompareAsText() {
        assertThat(AspectPackage.compareVersions("1.0.0-rc2", "1.0.0-rc1")).isPositive();
        assertThat(AspectPackage.compareVersions("1.0.0-beta", "1.0.0-alpha")).isPositive();
    }

    @Test
    void preReleaseSortsBeforeItsReleaseAsSemVerOrdersIt() {
        // SemVer 2.0.0 §11: 1.0.0-rc1 < 1.0.0, so a release candidate never replaces the release
        assertThat(AspectPackage.compareVersions("1.0.0-rc1", "1.0.0")).isNegative();
        assertThat(AspectPackage.compareVersions("1.0.0", "1.0.0-rc1")).isPositive();
        assertThat(AspectPackage.compareVersions("1.0.0-rc.2", "1.0.0-rc.10")).isNegative();
        assertThat(AspectPackage.compareVersions("1.0.1-rc1", "1.0.0")).isPositive();
    }

    @Test
    void comparisonIsAntisymmetric() {
        String[] versions = {"1", "1.0.1", "1.2.9", "1.2.10", "2.0", "2.0.0-rc1", "10"};
        for (String a : versions) {
            for (String b : versions) {
                assertThat(Integer.signum(AspectPackage.compareVersions(a, b)))
                        .as(a + " vs " + b)
                        .isEqualTo(-Integer.signum(AspectPackage.compareVersions(b, a)));
            }
        }
    }
}
