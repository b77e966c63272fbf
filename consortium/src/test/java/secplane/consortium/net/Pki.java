package secplane.consortium.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;

/** A test PKI for member nodes on loopback: one TLS context per member, all issued by one CA. */
record Pki(Path dir, TestPki.Pki files, List<String> names) {
    static Pki create(Path dir, String... names) {
        return new Pki(dir, TestPki.create(dir, names), List.of(names));
    }

    SSLContext tls(String name) {
        TestPki.PartyFiles p = files.parties().get(names.indexOf(name));
        return TlsFiles.fromPem(p.certificate(), p.key(), files.ca());
    }

    static String subject(String name) {
        return "O=secplane PSI test,CN=" + name; // RFC 4514 order: most significant RDN last in DER, first here
    }

    /** Loopback addresses of {@code names}, one port each, with the subjects TestPki gives their certificates. */
    static List<MemberAddress> addresses(List<String> names, List<Integer> ports) {
        List<MemberAddress> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new MemberAddress(names.get(i), "127.0.0.1", ports.get(i), subject(names.get(i))));
        }
        return out;
    }
}
