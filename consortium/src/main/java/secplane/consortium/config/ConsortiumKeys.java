package secplane.consortium.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import secplane.consortium.cases.SealingKey;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;
import secplane.privacy.transport.TestPki;

/**
 * Writes a consortium for trying out and testing on one machine: a throw-away TLS PKI (privacy's {@link TestPki}),
 * each member's Ed25519 signing and cosignature keys, and one ready {@code member.yaml} per member, all listening on
 * loopback ports {@code basePort}, {@code basePort + 1}, ... The first member operates the ledger.
 */
public final class ConsortiumKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsortiumKeys() {
    }

    /** What was written: each member's config file, in the order given. */
    public record Written(Path dir, List<Path> configs) {
    }

    public static Written write(Path dir, List<String> members, int basePort) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            ports.add(basePort + i);
        }
        return write(dir, members, ports);
    }

    /** As {@link #write(Path, List, int)}, with each member's port given. */
    public static Written write(Path dir, List<String> members, List<Integer> ports) {
        if (ports.size() != members.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + ports.size() + " ports");
        }
        if (members.size() < 2) {
            throw new IllegalArgumentException("a consortium needs at least two members, got " + members);
        }
        for (String m : members) {
            if (!m.matches("[a-z][a-z0-9-]{0,30}")) {
                throw new IllegalArgumentException("member name '" + m + "' must be lower-case letters, digits and '-' (up to 31)");
            }
        }
        try {
            Path tls = dir.resolve("tls");
            TestPki.Pki pki = TestPki.create(tls, members.toArray(new String[0]));
            List<NoteSigner> signers = new ArrayList<>();
            List<NoteSigner> witnesses = new ArrayList<>();
            List<String> subjects = new ArrayList<>();
            List<SealingKey> seals = new ArrayList<>();
            byte[] caseKey = new byte[32];
            RANDOM.nextBytes(caseKey);
            Path consortiumKey = dir.resolve("consortium.key");
            Files.writeString(consortiumKey, Base64.getEncoder().encodeToString(caseKey) + "\n", StandardCharsets.US_ASCII);
            restrict(consortiumKey);
            for (int i = 0; i < members.size(); i++) {
                signers.add(NoteSigner.generate(members.get(i), KeyType.ED25519));
                witnesses.add(NoteSigner.generate(members.get(i), KeyType.COSIGNATURE_V1));
                subjects.add(subject(pki.parties().get(i).certificate()));
                seals.add(SealingKey.generate(RANDOM));
            }
            List<Path> configs = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                String m = members.get(i);
                Path home = dir.resolve(m);
                Files.createDirectories(home);
                Files.writeString(home.resolve(m + ".skey"), signers.get(i).encode() + "\n", StandardCharsets.US_ASCII);
                Files.writeString(home.resolve(m + ".witness.skey"), witnesses.get(i).encode() + "\n", StandardCharsets.US_ASCII);
                restrict(home.resolve(m + ".skey"));
                restrict(home.resolve(m + ".witness.skey"));
                seals.get(i).write(home.resolve(m + ".seal"));
                StringBuilder y = new StringBuilder();
                y.append("# member node ").append(m).append(" (reference: docs/consortium.md)\n");
                y.append("member: ").append(m).append('\n');
                y.append("listen: 127.0.0.1:").append(ports.get(i)).append('\n');
                y.append("identity:\n");
                y.append("  signingKey: ").append(m).append(".skey\n");
                y.append("  witnessKey: ").append(m).append(".witness.skey\n");
                y.append("  sealingKey: ").append(m).append(".seal\n");
                y.append("  consortiumKey: ../consortium.key\n");
                y.append("  certificate: ../tls/").append(m).append(".pem\n");
                y.append("  key: ../tls/").append(m).append(".key\n");
                y.append("  ca: ../tls/ca.pem\n");
                y.append("members:\n");
                for (int j = 0; j < members.size(); j++) {
                    if (j == i) {
                        continue;
                    }
                    y.append("  - name: ").append(members.get(j)).append('\n');
                    y.append("    address: 127.0.0.1:").append(ports.get(j)).append('\n');
                    y.append("    subject: \"").append(subjects.get(j)).append("\"\n");
                    y.append("    verifierKey: \"").append(signers.get(j).verifierKey().encode()).append("\"\n");
                    y.append("    witnessKey: \"").append(witnesses.get(j).verifierKey().encode()).append("\"\n");
                    y.append("    sealingKey: \"").append(seals.get(j).publicKeyBase64()).append("\"\n");
                }
                y.append("ledger:\n");
                y.append("  operator: ").append(members.get(0)).append('\n');
                y.append("  directory: ledger\n");
                y.append("  checkpointInterval: 1s\n");
                y.append("  quorum: ").append(Math.max(1, (members.size() - 1 + 1) / 2)).append('\n');
                y.append("data:\n");
                y.append("  jdbc: \"jdbc:h2:file:./data/").append(m).append("\"\n");
                y.append("store:\n");
                y.append("  url: \"jdbc:h2:file:./store/").append(m).append("\"\n");
                Path config = home.resolve("member.yaml");
                Files.writeString(config, y.toString(), StandardCharsets.UTF_8);
                configs.add(config);
            }
            return new Written(dir, configs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the consortium into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static String subject(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getSubjectX500Principal().getName();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
