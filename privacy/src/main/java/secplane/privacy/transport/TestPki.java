package secplane.privacy.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for trying PSI out and for tests: a CA and party certificates (ECDSA P-256,
 * usable as TLS server and client, naming localhost and 127.0.0.1). Real deployments use
 * certificates from the consortium's own CA.
 */
public final class TestPki {
    /** Password of the PKCS#12 files written beside the PEM files. */
    public static final String PKCS12_PASSWORD = "secplane";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** Files of one party: certificate chain (PEM), PKCS#8 key (PEM), PKCS#12 bundle. */
    public record PartyFiles(Path certificate, Path key, Path pkcs12) {
    }

    /** What {@link #create} wrote. */
    public record Pki(Path ca, Path caKey, List<PartyFiles> parties) {
    }

    /** Writes ca.pem, ca.key and NAME.pem, NAME.key, NAME.p12 for each party name into {@code dir}. */
    public static Pki create(Path dir, String... partyNames) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = ecKeyPair();
            X500Name caName = new X500Name("CN=secplane PSI test CA");
            Instant now = Instant.now();
            X509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), caName, caKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            cab.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(cab, caKeys);
            Path caPem = dir.resolve("ca.pem");
            Files.writeString(caPem, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
            Path caKey = writeKey(dir.resolve("ca.key"), caKeys);
            List<PartyFiles> parties = new ArrayList<>();
            for (String name : partyNames) {
                parties.add(party(dir, name, ca, caKeys, ext, now));
            }
            return new Pki(caPem, caKey, parties);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A certificate for {@code name} from a different, untrusted CA (for tests of the wrong-certificate path). */
    public static PartyFiles createUntrusted(Path dir, String name) {
        Pki other = create(dir, name);
        return other.parties().get(0);
    }

    private static PartyFiles party(Path dir, String name, X509Certificate ca, KeyPair caKeys, JcaX509ExtensionUtils ext, Instant now)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = ecKeyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=" + name + ",O=secplane PSI test"), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate cert = sign(b, caKeys);
        Path pemPath = dir.resolve(name + ".pem");
        Files.writeString(pemPath, pem("CERTIFICATE", cert.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
        Path keyPath = writeKey(dir.resolve(name + ".key"), keys);
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry(name, keys.getPrivate(), PKCS12_PASSWORD.toCharArray(), new Certificate[] {cert, ca});
        Path p12Path = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(p12Path)) {
            p12.store(out, PKCS12_PASSWORD.toCharArray());
        }
        return new PartyFiles(pemPath, keyPath, p12Path);
    }

    private static Path writeKey(Path path, KeyPair keys) throws IOException {
        Files.writeString(path, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return path;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
