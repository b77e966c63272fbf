package secplane.aspects.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import secplane.aspect.Finding;
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.RequestInput;
import secplane.aspect.Rule;

class InjectionAspectTest {
    private final InjectionAspect aspect = new InjectionAspect();

    /** A request with fixed inputs, as the host hands it over. */
    static final class Request implements HttpRequest {
        final List<RequestInput> inputs;
        final Map<String, Object> attachments = new HashMap<>();

        Request(RequestInput... inputs) {
            this.inputs = List.of(inputs);
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String uri() {
            return "/x";
        }

        @Override
        public String queryString() {
            return null;
        }

        @Override
        public String clientAddress() {
            return "203.0.113.7";
        }

        @Override
        public String contentType() {
            return null;
        }

        @Override
        public List<RequestInput> inputs() {
            return inputs;
        }

        @Override
        public Object attachment(String key) {
            return attachments.get(key);
        }

        @Override
        public void attach(String key, Object value) {
            attachments.put(key, value);
        }
    }

    private static JoinPoint call(String name, HttpRequest request, Object... args) {
        return new JoinPoint() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object target() {
                return null;
            }

            @Override
            public Object[] args() {
                return args;
            }

            @Override
            public StackTraceElement[] stack() {
                return new StackTraceElement[0];
            }

            @Override
            public HttpRequest request() {
                return request;
            }
        };
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
        Request request = new Request(new RequestInput("query", "name", "' OR '1'='1"), new RequestInput("header", "user-agent", "curl/8"));
        Finding f = aspect.inspect(call("sql.execute", request, "SELECT * FROM users WHERE name = '' OR '1'='1'", "jdbc:h2:"));
        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("sql.injection");
        assertThat(f.evidence()).containsEntry("input.source", "query").containsEntry("input.name", "name")
                .containsEntry("input.value", "' OR '1'='1").containsEntry("sink", "sql.execute").containsKey("reason");
        assertThat(aspect.inspect(call("sql.execute", request, "SELECT * FROM users WHERE name = ?", "jdbc:h2:"))).isNull();
    }

    @Test
    void anAttackIsJudgedAgainOnARetryAndAHarmlessArgumentOnlyOnce() {
        Request request = new Request(new RequestInput("query", "file", "../../etc/passwd"));
        JoinPoint attack = call("file.read", request, "/srv/docs/../../etc/passwd", "read", "docs/../../etc/passwd");
        assertThat(aspect.inspect(attack)).isNotNull();
        assertThat(aspect.inspect(attack)).as("the retry").isNotNull();
        JoinPoint harmless = call("file.read", request, "/srv/docs/readme.txt", "read", "docs/readme.txt");
        assertThat(aspect.inspect(harmless)).isNull();
        assertThat(aspect.inspect(harmless)).isNull();
    }

    @Test
    void reflectedMarkupIsReportedOncePerResponse() {
        Request request = new Request(new RequestInput("query", "name", "<script>alert(1)</script>"));
        assertThat(aspect.inspect(call("http.response", request, "<html><body><p>Hello, ", "text/html"))).isNull();
        Finding f = aspect.inspect(call("http.response", request, "<script>alert(1)</script>!</p>", "text/html"));
        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("xss.reflected");
        assertThat(aspect.inspect(call("http.response", request, "<script>alert(1)</script>", "text/html"))).isNull();
    }
}
