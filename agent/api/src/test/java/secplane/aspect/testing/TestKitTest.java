package secplane.aspect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.RequestInput;

class TestKitTest {
    @Test
    void aRequestReportsWhatWasSetAndDefaultsToAnAnonymousGetFromLoopback() {
        TestRequest plain = new TestRequest();
        assertThat(plain.method()).isEqualTo("GET");
        assertThat(plain.uri()).isEqualTo("/");
        assertThat(plain.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(plain.queryString()).isNull();
        assertThat(plain.contentType()).isNull();
        assertThat(plain.user()).isNull();
        assertThat(plain.inputs()).isEmpty();

        TestRequest r = new TestRequest().method("POST").uri("/customers/1").queryString("a=1").clientAddress("203.0.113.7")
                .contentType("application/json").input("query", "a", "1").header("X-Role", "auditor");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).isEqualTo("/customers/1");
        assertThat(r.queryString()).isEqualTo("a=1");
        assertThat(r.clientAddress()).isEqualTo("203.0.113.7");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.inputs()).extracting(RequestInput::toString).containsExactly("query:a=1", "header:x-role=auditor");
    }

    @Test
    void rolesCountOnlyForAnAuthenticatedUser() {
        TestRequest alice = new TestRequest().user("alice", "auditor", "clerk");
        assertThat(alice.user()).isEqualTo("alice");
        assertThat(alice.isUserInRole("auditor")).isTrue();
        assertThat(alice.isUserInRole("admin")).isFalse();
        assertThat(alice.user(null, "auditor").isUserInRole("auditor")).as("anonymous").isFalse();
        assertThat(new TestRequest().user("bob").isUserInRole("auditor")).isFalse();
    }

    @Test
    void theInputListKeepsItsIdentityUntilAnInputIsAdded() {
        TestRequest r = new TestRequest().header("a", "1");
        List<RequestInput> first = r.inputs();
        assertThat(r.inputs()).isSameAs(first);
        r.input("form", "b", "2");
        assertThat(r.inputs()).isNotSameAs(first).hasSize(2);
        assertThat(first).hasSize(1);
    }

    @Test
    void attachmentsLastForTheRequestAndAreSeenByTheNextJoinPoint() {
        TestRequest r = new TestRequest().uri("/orders");
        CountingAspect aspect = new CountingAspect();
        aspect.inspect(new TestJoinPoint("log.message", r, new Object[] {"first"}));
        Finding second = aspect.inspect(new TestJoinPoint("log.message", r, new Object[] {"second"}));
        assertThat(second.evidence()).containsEntry("seen", "2");
        assertThat(r.attachments()).containsEntry("count", 2);
        r.end();
        assertThat(r.attachments()).isEmpty();
        assertThat(aspect.inspect(new TestJoinPoint("log.message", r, new Object[] {"after"})).evidence()).as("a new request").containsEntry("seen", "1");
        assertThat(aspect.inspect(new TestJoinPoint("log.message", new TestRequest(), new Object[] {"x"})).evidence()).containsEntry("seen", "1");
    }

    @Test
    void aJoinPointHandsOverItsPartsAndCopiesOnWith() {
        Object[] args = {"SELECT 1", "jdbc:h2:mem:"};
        TestRequest r = new TestRequest();
        StackTraceElement frame = TestJoinPoint.frame("com.example.Dao", "find");
        TestJoinPoint jp = new TestJoinPoint("sql.execute", r, args);
        assertThat(jp.name()).isEqualTo("sql.execute");
        assertThat(jp.args()).isSameAs(args);
        assertThat(jp.request()).isSameAs(r);
        assertThat(jp.target()).isNull();
        assertThat(jp.stack()).isEmpty();

        JoinPoint full = jp.withTarget("receiver").withStack(frame).withRequest(null);
        assertThat(full.target()).isEqualTo("receiver");
        assertThat(full.stack()).containsExactly(frame);
        assertThat(full.stack()[0].getClassName() + "." + full.stack()[0].getMethodName()).isEqualTo("com.example.Dao.find");
        assertThat(full.request()).isNull();
        assertThat(jp.target()).as("the original is unchanged").isNull();
        assertThat(TestJoinPoint.of("jndi.lookup", "ldap://x").request()).isNull();
    }

    @Test
    void badValuesSayWhatToPass() {
        assertThatThrownBy(() -> new TestRequest().uri("/a?b=1")).hasMessageContaining("queryString(...)");
        assertThatThrownBy(() -> new TestRequest().method("")).hasMessageContaining("method must not be empty");
        assertThatThrownBy(() -> TestJoinPoint.of(null)).hasMessageContaining("needs its name");
    }

    /** An aspect that counts the join points of each request in an attachment. */
    private static final class CountingAspect extends AbstractAspect {
        @Override
        public java.util.Set<String> joinPoints() {
            return java.util.Set.of("log.message");
        }

        @Override
        public List<secplane.aspect.Rule> rules() {
            return List.of();
        }

        @Override
        public Finding inspect(JoinPoint jp) {
            Integer seen = (Integer) jp.request().attachment("count");
            int now = seen == null ? 1 : seen + 1;
            jp.request().attach("count", now);
            return Finding.of("count", "counted", "seen", String.valueOf(now));
        }
    }
}
