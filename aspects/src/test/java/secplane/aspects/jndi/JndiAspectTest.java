package secplane.aspects.jndi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class JndiAspectTest {
    private JndiAspect aspect;

    @BeforeEach
    void load() throws Exception {
        aspect = new JndiAspect();
        aspect.load(new TestContext(JndiAspect.class));
        aspect.configure(AspectConfig.EMPTY);
    }

    private Finding lookup(String name) {
        return aspect.inspect(TestJoinPoint.of("jndi.lookup", name));
    }

    private void allow(String... entries) throws Exception {
        aspect.configure(new AspectConfig(Map.of("allow", List.of(entries))));
    }

    @Test
    void declaresOneBlockingRuleOnJndiLookup() {
        assertThat(aspect.joinPoints()).containsExactly("jndi.lookup");
        assertThat(aspect.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("jndi.remote-lookup");
            assertThat(r.defaultMode()).isEqualTo(Mode.BLOCK);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ldap://x", "ldap://attacker.example:1389/Exploit", "LDAP://X/a", " ldaps://x", "rmi://x:1099/obj",
        "rmi:x", "dns:example.com", "dns://8.8.8.8/example.com", "iiop://x", "corbaname:iiop:1.2@x#name", "http://x/y",
        "custom+scheme://x"})
    void remoteUrlIsReported(String name) {
        Finding f = lookup(name);

        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("jndi.remote-lookup");
        assertThat(f.evidence()).containsEntry("name", name);
    }

    @Test
    void evidenceHasLowerCaseSchemeAndTheAuthority() {
        Finding f = lookup("LDAP://Attacker.Example:1389/o=x?y#z");

        assertThat(f.evidence()).containsEntry("scheme", "ldap").containsEntry("authority", "Attacker.Example:1389");
        assertThat(f.message()).isEqualTo("remote JNDI lookup of ldap://Attacker.Example:1389");
    }

    @Test
    void unknownSchemeIsReportedAsNonLocal() {
        assertThat(lookup("foo://bar").message()).startsWith("non-local JNDI lookup");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java:comp/env/x", "java:comp/env/jdbc/ds", "JAVA:global/app", " java:app/x", "jdbc/ds", "x", "",
        ":x", "comp/env/a:b"})
    void localAndRelativeNamesAreNotReported(String name) {
        assertThat(lookup(name)).isNull();
    }

    @Test
    void allowEntryWithPortAllowsExactlyThatAuthority() throws Exception {
        allow("ldap://ldap.corp:389");

        assertThat(lookup("ldap://ldap.corp:389/dc=corp")).isNull();
        assertThat(lookup("ldap://LDAP.Corp:389")).isNull();
        assertThat(lookup("ldap://ldap.corp:390/dc=corp")).isNotNull();
        assertThat(lookup("ldap://ldap.corp:3890")).isNotNull();
        assertThat(lookup("ldap://evil/dc=corp")).isNotNull();
        assertThat(lookup("ldap://ldap.corp.evil:389")).isNotNull();
        assertThat(lookup("ldaps://ldap.corp:389")).as("another scheme").isNotNull();
    }

    @Test
    void allowEntryWithoutPortAllowsAnyPortOfThatHost() throws Exception {
        allow("ldap://ldap.corp");

        assertThat(lookup("ldap://ldap.corp/dc=corp")).isNull();
        assertThat(lookup("ldap://ldap.corp:389")).isNull();
        assertThat(lookup("ldap://ldap.corp:636/x")).isNull();
        assertThat(lookup("ldap://ldap.corpx:389")).isNotNull();
        assertThat(lookup("ldap://ldap.corp.evil.example/x")).isNotNull();
        assertThat(lookup("ldap://evil")).isNotNull();
    }

    @Test
    void allowEntriesAreCaseInsensitiveAndTrimmed() throws Exception {
        allow("  RMI://Registry.Corp:1099 ");

        assertThat(lookup("rmi://registry.corp:1099/svc")).isNull();
    }

    @Test
    void singleStringAllowIsAListOfOne() throws Exception {
        aspect.configure(new AspectConfig(Map.of("allow", "ldap://a:389")));

        assertThat(lookup("ldap://a:389")).isNull();
        assertThat(lookup("ldap://b:389")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ldap.corp:389", "ldap://", "ldap://host/path", "*", "ldap://a/b", "1ldap://x"})
    void invalidAllowEntryIsRejectedAndTheOldListKept(String entry) throws Exception {
        allow("ldap://kept:389");

        assertThatThrownBy(() -> allow(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jndi allow entry '" + entry + "' must be scheme://host[:port]");

        assertThat(lookup("ldap://kept:389")).isNull();
    }

    @org.junit.jupiter.api.Test
    void allowEntryWithoutPortDoesNotAllowUserInfoTricks() throws Exception {
        JndiAspect a = new JndiAspect();
        a.configure(new secplane.aspect.AspectConfig(java.util.Map.of("allow", java.util.List.of("ldap://ldap.corp"))));
        org.assertj.core.api.Assertions.assertThat(a.inspect(TestJoinPoint.of("jndi.lookup", "ldap://ldap.corp:389/o=x"))).isNull();
        org.assertj.core.api.Assertions.assertThat(a.inspect(TestJoinPoint.of("jndi.lookup", "ldap://ldap.corp:389@evil/x"))).isNotNull();
        org.assertj.core.api.Assertions.assertThat(a.inspect(TestJoinPoint.of("jndi.lookup", "ldap://ldap.corp:389 ldap://evil/x"))).isNotNull();
    }
}
