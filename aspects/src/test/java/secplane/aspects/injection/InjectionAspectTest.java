package secplane.aspects.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import secplane.aspect.Finding;
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;

class InjectionAspectTest {
    private final InjectionAspect aspect = new InjectionAspect();

    private static JoinPoint call(String name, HttpRequest request, Object... args) {
        return new TestJoinPoint(name, request, args);
    }

    /** A request from a client outside, with the inputs it already carries. */
    private static TestRequest request() {
        return new TestRequest().uri("/x").clientAddress("203.0.113.7");
    }

    @Test
    void everyRuleBlocksByDefaultButReflectedXss() {
        assertThat(aspect.rules()).extracting(Rule::id).containsExactly("sql.injection", "command.injection", "path.traversal",
                "ssrf", "xxe", "ldap.injection", "xpath.injection", "expression.injection", "xss.reflected");
        assertThat(aspect.rules()).filteredOn(r -> r.defaultMode() == Mode.OBSERVE).extracting(Rule::id).containsExactly("xss.reflected");
        assertThat(aspect.joinPoints()).contains("http.request", "sql.execute", "process.start", "file.read", "http.response");
    }

    @Test
    void outsideARequestNothingIsChecked() {
        assertThat(aspect.inspect(call("sql.execute", null, "SELECT * FROM t WHERE a = '' OR 1=1 --'", "jdbc:h2:"))).isNull();
    }

    @Test
    void anInputThatChangesTheStatementIsReportedWithWhereItCameFrom() {
        TestRequest request = request().input("query", "name", "' OR '1'='1").input("header", "user-agent", "curl/8");
        Finding f = aspect.inspect(call("sql.execute", request, "SELECT * FROM users WHERE name = '' OR '1'='1'", "jdbc:h2:"));
        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("sql.injection");
        assertThat(f.evidence()).containsEntry("input.source", "query").containsEntry("input.name", "name")
                .containsEntry("input.value", "' OR '1'='1").containsEntry("sink", "sql.execute").containsKey("reason");
        assertThat(aspect.inspect(call("sql.execute", request, "SELECT * FROM users WHERE name = ?", "jdbc:h2:"))).isNull();
    }

    @Test
    void anAttackIsJudgedAgainOnARetryAndAHarmlessArgumentOnlyOnce() {
        TestRequest request = request().input("query", "file", "../../etc/passwd");
        JoinPoint attack = call("file.read", request, "/srv/docs/../../etc/passwd", "read", "docs/../../etc/passwd");
        assertThat(aspect.inspect(attack)).isNotNull();
        assertThat(aspect.inspect(attack)).as("the retry").isNotNull();
        JoinPoint harmless = call("file.read", request, "/srv/docs/readme.txt", "read", "docs/readme.txt");
        assertThat(aspect.inspect(harmless)).isNull();
        assertThat(aspect.inspect(harmless)).isNull();
    }

    @Test
    void reflectedMarkupIsReportedOncePerResponse() {
        TestRequest request = request().input("query", "name", "<script>alert(1)</script>");
        assertThat(aspect.inspect(call("http.response", request, "<html><body><p>Hello, ", "text/html"))).isNull();
        Finding f = aspect.inspect(call("http.response", request, "<script>alert(1)</script>!</p>", "text/html"));
        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("xss.reflected");
        assertThat(aspect.inspect(call("http.response", request, "<script>alert(1)</script>", "text/html"))).isNull();
    }
}
