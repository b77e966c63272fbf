package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;
import secplane.testbeds.attacks.injection.Category;
import secplane.testbeds.attacks.injection.Corpus;
import secplane.testbeds.attacks.injection.CorpusReplay;
import secplane.testbeds.attacks.injection.CorpusRequest;
import secplane.testbeds.attacks.injection.InjectionApp;
import secplane.testbeds.attacks.injection.InjectionAttack;
import secplane.testbeds.attacks.injection.InjectionAttacks;
import secplane.testbeds.attacks.injection.InjectionVariant;
import secplane.testbeds.attacks.injection.Twin;

/**
 * The injection testbed (testbeds/injection-app: Tomcat 10.1 and Jetty 12 with jakarta.servlet, and its
 * javax.servlet subset on Tomcat 9) under the agent in block mode, the default policy: every attack
 * variant that works without the agent (testbeds/attacks proves that) has no effect through the
 * vulnerable endpoint, is answered 403 and reported under its category's rule; reflected XSS, which
 * observes by default, is reported; the safe twins and the benign corpus of 200+ requests per
 * category are never blocked.
 */
class InjectionAppTest {
    private static final Map<Category, String> RULES = new EnumMap<>(Map.of(
            Category.SQL, "sql.injection", Category.COMMAND, "command.injection", Category.PATH, "path.traversal",
            Category.SSRF, "ssrf", Category.XXE, "xxe", Category.LDAP, "ldap.injection", Category.XPATH, "xpath.injection",
            Category.EXPRESSION, "expression.injection", Category.XSS, "xss.reflected"));

    @TempDir
    Path tmp;

    /**
     * Every server on the JDK running the tests, and Tomcat 10.1 on the other installed JDKs (JDK 25):
     * what differs between JDKs is the JDK's own sinks (XML parsers, HttpClient, process start), not the
     * container, whose request source RequestSourceTest proves on both JDKs.
     */
    static Stream<Arguments> serversOnJdks() {
        List<Arguments> out = new ArrayList<>();
        Path current = TestEnv.currentJavaHome();
        TestEnv.javaHomes().forEach(home -> {
            for (InjectionApp.Server server : InjectionApp.Server.values()) {
                if (home.equals(current) || server == InjectionApp.Server.TOMCAT) {
                    out.add(Arguments.of(server, home));
                }
            }
        });
        return out.stream();
    }

    static Stream<Arguments> servers() {
        return Stream.of(InjectionApp.Server.values()).map(Arguments::of);
    }

    private Testbed start(InjectionApp.Server server, Path javaHome, Path data) throws Exception {
        return Testbed.builder().application(InjectionApp.on(server)).javaHome(javaHome)
                .workDir(Files.createDirectories(tmp.resolve("app"))).jvmArgs(TestEnv.agentArg(data)).start();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("serversOnJdks")
    void everyAttackIsBlockedAndReportedAndTheSafeTwinsStillWork(InjectionApp.Server server, Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        InjectionApp app = InjectionApp.on(server);
        List<String> failures = new ArrayList<>();
        try (Testbed target = start(server, javaHome, data)) {
            for (InjectionAttack attack : InjectionAttacks.all()) {
                for (InjectionVariant variant : attack.variants()) {
                    if (!app.serves(variant.endpoint())) {
                        continue;
                    }
                    String what = attack.name() + "/" + variant.name();
                    AttackResult result = attack.fire(target, variant, Twin.VULNERABLE);
                    if (attack.category() != Category.XSS) {
                        if (result.exploited()) {
                            failures.add(what + " still works: " + result.evidence());
                        } else if (result.httpStatus() != 403) {
                            failures.add(what + " answered " + result.httpStatus() + ", not 403: " + result.evidence());
                        }
                    }
                    AttackResult twin = attack.fire(target, variant, Twin.SAFE);
                    if (twin.httpStatus() == 403) {
                        failures.add(what + " blocked through the safe twin: " + twin.evidence());
                    }
                }
            }
            assertThat(target.healthy()).isTrue();
        }
        assertThat(failures).isEmpty();
        List<Map<String, Object>> verdicts = TestEnv.events(data).stream().filter(e -> "verdict".equals(e.get("type"))).toList();
        for (InjectionAttack attack : InjectionAttacks.all()) {
            if (attack.variants().stream().noneMatch(v -> app.serves(v.endpoint()))) {
                continue;
            }
            String rule = RULES.get(attack.category());
            List<Map<String, Object>> reported = verdicts.stream().filter(e -> rule.equals(e.get("rule"))).toList();
            assertThat(reported).as(rule).isNotEmpty();
            Map<String, Object> e = reported.get(0);
            assertThat(e.get("verdict")).isEqualTo(attack.category() == Category.XSS ? "observe" : "block");
            assertThat(TestEnv.evidence(e)).containsKeys("input.source", "input.name", "input.value", "sink", "reason");
        }
        assertThat(verdicts).as("only the injection aspect's rules").allSatisfy(e -> assertThat(e.get("aspect")).isEqualTo("injection"));
    }

    /**
     * The benign corpus under the agent: nothing sent to a safe twin is blocked, and nothing the
     * application serves successfully without the agent is blocked anywhere. The corpus also sends
     * benign-looking text that breaks the vulnerable endpoints' own string building (a name with an
     * apostrophe in a concatenated SQL or XPath string, parentheses in an LDAP filter): without the agent
     * those requests fail (400), since the input did change the statement; with it they are answered 403.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void noBenignRequestTheApplicationServesIsBlocked(InjectionApp.Server server) throws Exception {
        Path data = tmp.resolve("data");
        InjectionApp app = InjectionApp.on(server);
        List<CorpusRequest> requests = new ArrayList<>();
        Corpus.load().values().forEach(list -> list.stream().filter(r -> app.serves(r.path())).forEach(requests::add));
        List<CorpusRequest> blocked = new ArrayList<>();
        try (Testbed target = start(server, TestEnv.currentJavaHome(), data)) {
            List<CorpusReplay.Outcome> outcomes = CorpusReplay.replay(target, requests);
            outcomes.stream().filter(CorpusReplay.Outcome::blocked).forEach(o -> blocked.add(o.request()));
            assertThat(outcomes.stream().filter(o -> !o.blocked() && !o.ordinary()).map(o -> o.status() + " " + o.request()))
                    .as("not ordinary").isEmpty();
            assertThat(target.healthy()).isTrue();
        }
        assertThat(blocked).as("blocked through a safe twin").noneMatch(r -> r.path().startsWith("/safe/"));
        if (blocked.isEmpty()) {
            return;
        }
        List<String> servedWithoutAgent = new ArrayList<>();
        try (Testbed plain = Testbed.builder().application(app).javaHome(TestEnv.currentJavaHome())
                .workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
            for (CorpusReplay.Outcome o : CorpusReplay.replay(plain, blocked)) {
                if (o.status() == 200) {
                    servedWithoutAgent.add(o.request().toString());
                }
            }
        }
        assertThat(servedWithoutAgent).as("blocked benign requests the application serves without the agent (of %d blocked)",
                blocked.size()).isEmpty();
    }
}
