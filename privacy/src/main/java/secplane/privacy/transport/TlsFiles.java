package secplane.privacy.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A party's TLS identity and trust, from files: its certificate chain and PKCS#8 private key as PEM,
 * or both in a PKCS#12 file; and the CA certificate(s) (PEM) that the peer's certificate must chain
 * to. Only TLS 1.3 is offered (RFC 8446), with client certificates required both ways.
 */
public final class TlsFiles {
    private static final char[] IN_MEMORY_PASSWORD = "secplane".toCharArray();

    private TlsFiles() {
    }

    /** From PEM files: certificate chain, unencrypted PKCS#8 key, trusted CA(s). */
    public static SSLContext fromPem(Path certificate, Path privateKey, Path ca) {
        try {
            List<Certificate> chain = certificates(certificate);
            PrivateKey key = privateKey(privateKey);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("party", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return context(ks, IN_MEMORY_PASSWORD, ca);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the TLS files " + certificate + " / " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /** From a PKCS#12 file holding the certificate chain and key, and trusted CA(s) as PEM. */
    public static SSLContext fromPkcs12(Path pkcs12, char[] password, Path ca) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return context(ks, password, ca);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(pkcs12 + ": no such file");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot open the PKCS#12 file " + pkcs12 + " (wrong password?): " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyStore identity, char[] password, Path ca) throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(ca)) {
            trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            return new ArrayList<>(certs);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(pem + ": no such file");
        }
    }

    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(pem + ": no such file");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException(pem + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8' or use a PKCS#12 file");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the PEM does not say the algorithm; try the next one
            }
        }
        throw new IllegalArgumentException(pem + " holds a private key of an unsupported algorithm (use EC, RSA or Ed25519)");
    }
}
