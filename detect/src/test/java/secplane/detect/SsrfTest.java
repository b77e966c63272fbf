package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSRF: each encoding of an internal address on its own, DNS rebinding, and what to connect to. */
@ExtendWith(NoDetectorFailures.class)
class SsrfTest {
    private static final Resolver NO_DNS = host -> {
        throw new UnknownHostException("no DNS in this test: " + host);
    };

    private static SsrfCheck check(String url, Resolver resolver) {
        return Detectors.ssrf(url, List.of(new Input("query", "url", url)), resolver);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1/                      | loopback",
        "http://2130706433/                     | loopback",
        "http://0x7f000001/                     | loopback",
        "http://0x7f.1/                         | loopback",
        "http://0177.0.0.1/                     | loopback",
        "http://0177.0.0.01/                    | loopback",
        "http://017700000001/                   | loopback",
        "http://127.1/                          | loopback",
        "http://127.0.1/                        | loopback",
        "http://[::1]/                          | IPv6 loopback",
        "http://[::ffff:127.0.0.1]/             | IPv4-mapped",
        "http://[::ffff:7f00:1]/                | IPv4-mapped",
        "http://[0:0:0:0:0:ffff:7f00:0001]/     | IPv4-mapped",
        "http://[::127.0.0.1]/                  | IPv4-compatible",
        "http://[64:ff9b::a9fe:a9fe]/           | NAT64",
        "http://[2002:a9fe:a9fe::]/             | 6to4",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/ | Teredo",
        "http://0.0.0.0/                        | this network",
        "http://0/                              | this network",
        "http://[::]/                           | unspecified",
        "http://169.254.169.254/latest/         | metadata",
        "http://0xa9fea9fe/                     | metadata",
        "http://[fd00:ec2::254]/                | AWS instance metadata",
        "http://metadata.google.internal/       | metadata",
        "http://100.100.100.200/                | Alibaba",
        "http://[fd12:3456::1]/                 | unique local",
        "http://[fc00::1]/                      | unique local",
        "http://[fe80::1%25eth0]/               | link-local",
        "http://[fec0::1]/                      | site-local",
        "http://100.64.0.1/                     | shared address",
        "http://100.127.255.255/                | shared address",
        "http://10.0.0.1/                       | private",
        "http://172.16.0.1/                     | private",
        "http://172.31.255.255/                 | private",
        "http://192.168.0.1/                    | private",
        "http://3232235521/                     | private",
        "http://0300.0250.0.1/                  | private",
        "http://localhost/                      | local host",
        "http://LocalHost./                     | local host",
        "http://a.b.localhost/                  | local host",
        "http://%6c%6f%63%61%6c%68%6f%73%74/    | local host",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/ | loopback",
        "http://127\u30020\u30020\u30021/       | loopback",
        "http://evil.example@127.0.0.1/         | loopback",
        "http:/\\127.0.0.1/                     | loopback",
        "http://224.0.0.1/                      | multicast",
        "http://255.255.255.255/                | broadcast",
    })
    void internalAddressInEveryFormIsAnAttack(String url, String category) {
        Verdict v = check(url, NO_DNS).verdict();
        assertThat(v.attack()).as(url + " -> " + v).isTrue();
        assertThat(v.rule()).isEqualTo("ssrf");
        assertThat(v.reason()).contains(category);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://8.8.8.8/", "http://0x08080808/", "http://134744072/", "http://172.32.0.1/", "http://172.15.255.255/", "http://192.169.0.1/",
        "http://100.128.0.1/", "http://169.255.0.1/", "http://11.0.0.1/", "http://[2606:4700:4700::1111]/", "http://[::ffff:8.8.8.8]/",
        "http://[64:ff9b::808:808]/", "http://1.1.1.1:8080/x",
    })
    void publicAddressInAnyFormIsNot(String url) {
        SsrfCheck c = check(url, NO_DNS);
        assertThat(c.verdict().attack()).as(c.toString()).isFalse();
        assertThat(c.addresses()).isNotEmpty();
    }

    @Test
    void octalLiteralIsCheckedTheWayJavaAndCurlBothReadIt() throws Exception {
        // java.net.InetAddress reads 0177.0.0.1 as 177.0.0.1 (public); curl and browsers as 127.0.0.1.
        SsrfCheck c = check("http://0177.0.0.1/", NO_DNS);
        assertThat(c.verdict().attack()).isTrue();
        assertThat(c.addresses()).containsExactly(InetAddress.getByName("177.0.0.1"));
        assertThat(c.verdict().reason()).contains("inet_aton").contains("127.0.0.1");
    }

    @Test
    void dnsRebindingIsDefeatedByResolvingOnceAndConnectingToTheCheckedAddress() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        InetAddress publicAddress = InetAddress.getByAddress("rebind.example", new byte[] {93, (byte) 184, (byte) 215, 14});
        InetAddress privateAddress = InetAddress.getByAddress("rebind.example", new byte[] {10, 0, 0, 7});
        Resolver rebinding = host -> calls.incrementAndGet() == 1 ? new InetAddress[] {publicAddress} : new InetAddress[] {privateAddress};

        SsrfCheck c = check("http://rebind.example/internal", rebinding);

        assertThat(calls).hasValue(1);
        assertThat(c.verdict().attack()).isFalse();
        assertThat(c.addresses()).containsExactly(publicAddress);
    }

    @Test
    void aRebindingNameWhoseFirstAnswerIsPrivateIsAnAttack() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        InetAddress privateAddress = InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
        InetAddress publicAddress = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14});
        Resolver rebinding = host -> calls.incrementAndGet() == 1 ? new InetAddress[] {privateAddress} : new InetAddress[] {publicAddress};

        SsrfCheck c = check("http://rebind.example/", rebinding);

        assertThat(calls).hasValue(1);
        assertThat(c.verdict().attack()).isTrue();
        assertThat(c.verdict().reason()).contains("metadata").contains("resolves to 169.254.169.254");
    }

    @Test
    void anyInternalAnswerAmongSeveralIsAnAttack() throws Exception {
        InetAddress a = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14});
        InetAddress b = InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, 1});
        assertThat(check("https://two.example/", host -> new InetAddress[] {a, b}).verdict().attack()).isTrue();
    }

    @Test
    void addressesAreTheResolversAnswerInOrder() throws Exception {
        InetAddress a = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14});
        InetAddress b = InetAddress.getByAddress(new byte[] {(byte) 151, 101, 1, 69});
        SsrfCheck c = check("https://cdn.example/", host -> new InetAddress[] {a, b});
        assertThat(c.verdict().attack()).isFalse();
        assertThat(c.addresses()).containsExactly(a, b);
    }

    @Test
    void hostNotFromAnInputIsNeitherResolvedNorReported() {
        AtomicInteger calls = new AtomicInteger();
        Resolver counting = host -> {
            calls.incrementAndGet();
            return new InetAddress[0];
        };
        SsrfCheck c = Detectors.ssrf("http://10.0.0.5:8080/api/users/42", List.of(new Input("path", "1", "42")), counting);
        assertThat(c.verdict().attack()).isFalse();
        assertThat(c.addresses()).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void hostOnlyInputIsEnough() {
        Verdict v = Detectors.ssrf("http://169.254.169.254/health", List.of(new Input("json", "/host", "169.254.169.254")), NO_DNS).verdict();
        assertThat(v.attack()).isTrue();
        assertThat(v.input().name()).isEqualTo("/host");
    }

    @Test
    void unresolvableNameIsNotAnAttackAndGivesNoAddress() {
        SsrfCheck c = check("https://nowhere.example/", NO_DNS);
        assertThat(c.verdict().attack()).isFalse();
        assertThat(c.addresses()).isEmpty();
    }

    @Test
    void dangerousSchemesFromInput() {
        for (String url : new String[] {"file:///etc/passwd", "gopher://127.0.0.1:6379/_x", "dict://localhost:11211/", "jar:http://x.example/a.jar!/",
            "netdoc:///etc/passwd", "ldap://attacker.example/a"}) {
            Verdict v = check(url, NO_DNS).verdict();
            assertThat(v.attack()).as(url).isTrue();
            assertThat(v.evidence()).containsEntry("technique", "scheme");
        }
    }

    @Test
    void parserDifferentialsAreAllChecked() {
        List<String> urls = new ArrayList<>(List.of("http://trusted.example\\@127.0.0.1/", "http://127.0.0.1\\@trusted.example/",
                "http://a@b@127.0.0.1/", "http://127.0.0.\t1/"));
        for (String url : urls) {
            assertThat(check(url, host -> new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14})}).verdict().attack())
                    .as(url).isTrue();
        }
    }

    @Test
    void inputOnlyInThePathOrQueryIsNotSsrf() {
        for (String v : new String[] {"127.0.0.1", "localhost", "@127.0.0.1", "../admin"}) {
            String url = "https://api.example.com/lookup?host=" + v;
            assertThat(Detectors.ssrf(url, List.of(new Input("query", "host", v)), NO_DNS).verdict().attack()).as(v).isFalse();
        }
    }

    @Test
    void aPathWordEqualToTheSchemeOfAUrlTheContainerOpensIsNotItsSource() {
        // Tomcat opening its own jar for a resource bundle while serving /file/read
        String url = "file:///srv/app/lib/tomcat-embed-core-10.1.62.jar";
        assertThat(Detectors.ssrf(url, List.of(new Input("path", "1", "file")), Resolver.SYSTEM).verdict().attack()).isFalse();
        assertThat(Detectors.ssrf("file:///etc/passwd", List.of(new Input("query", "url", "file:///etc/passwd")), Resolver.SYSTEM)
                .verdict().attack()).isTrue();
        assertThat(Detectors.ssrf("gopher://10.0.0.1:25/x", List.of(new Input("query", "scheme", "gopher")), Resolver.SYSTEM)
                .verdict().attack()).isTrue();
    }
}
