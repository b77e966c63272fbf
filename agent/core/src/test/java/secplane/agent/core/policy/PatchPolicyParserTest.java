package secplane.agent.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import secplane.agent.core.patches.PatchSpec;

/** The {@code patches} section of a policy: what is accepted, and each malformed entry refused with where and why. */
class PatchPolicyParserTest {

    private static Policy parse(String text) throws PolicyException {
        return PolicyParser.parse("p.json", text, PolicyParserTest.catalog());
    }

    private static String error(String text) {
        try {
            parse(text);
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("policy was accepted: " + text);
    }

    /** A policy with one patch whose members are {@code members} (JSON, without braces). */
    private static String one(String members) {
        return "{\"patches\": [{" + members + "}]}";
    }

    private static final String JNDI = "\"id\": \"log4shell\", \"class\": \"org.apache.logging.log4j.core.lookup.JndiLookup\", "
            + "\"method\": \"lookup\"";

    @Test
    void readsEveryFieldOfEachAction() throws Exception {
        Policy p = parse("""
                {"version": "v1", "patches": [
                  {"id": "log4shell-jndi-lookup", "advisories": ["CVE-2021-44228", "CVE-2021-45046"],
                   "class": "org.apache.logging.log4j.core.lookup.JndiLookup", "method": "lookup",
                   "descriptor": "(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String;",
                   "action": "return", "value": null, "instances": ["orders-1", "orders-7"]},
                  {"id": "t", "class": "a.B$C", "method": "<init>", "action": "throw", "message": "no"},
                  {"id": "b.1_x", "class": "a.B", "method": "m", "action": "block-if", "arg": 1, "matches": "(?i)\\\\$\\\\{jndi:"},
                  {"id": "n", "class": "a.B", "method": "n", "action": "return", "value": 2.5}
                ]}
                """);

        List<PatchSpec> patches = p.patches();
        assertThat(patches).hasSize(4);
        PatchSpec a = patches.get(0);
        assertThat(a.id()).isEqualTo("log4shell-jndi-lookup");
        assertThat(a.advisories()).containsExactly("CVE-2021-44228", "CVE-2021-45046");
        assertThat(a.className()).isEqualTo("org.apache.logging.log4j.core.lookup.JndiLookup");
        assertThat(a.internalName()).isEqualTo("org/apache/logging/log4j/core/lookup/JndiLookup");
        assertThat(a.descriptor()).isEqualTo("(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String;");
        assertThat(a.action()).isEqualTo(PatchSpec.Action.RETURN);
        assertThat(a.value()).isNull();
        assertThat(a.instances()).containsExactly("orders-1", "orders-7");
        assertThat(a.inScope("orders-7")).isTrue();
        assertThat(a.inScope("orders-2")).isFalse();
        assertThat(a.where("class")).isEqualTo("p.json:3:13: /patches/0/class");

        assertThat(patches.get(1).action()).isEqualTo(PatchSpec.Action.THROW);
        assertThat(patches.get(1).message()).isEqualTo("no");
        assertThat(patches.get(1).instances()).as("every instance").isNull();
        assertThat(patches.get(1).inScope("anything")).isTrue();
        assertThat(patches.get(2).arg()).isEqualTo(1);
        assertThat(patches.get(2).matches().matcher("${JNDI:ldap://x}").find()).isTrue();
        assertThat(patches.get(2).descriptor()).as("every overload").isNull();
        assertThat(patches.get(3).value()).isEqualTo(new BigDecimal("2.5"));
    }

    @Test
    void readsPatchesFromYamlToo() throws Exception {
        Policy p = PolicyParser.parse("p.yaml", """
                version: y1
                patches:
                  - id: text4shell-url
                    class: org.apache.commons.text.lookup.UrlStringLookup
                    method: lookup
                    action: return
                    value: null
                  - id: ratio
                    class: a.B
                    method: ratio
                    action: return
                    value: 0.5
                """, PolicyParserTest.catalog());

        assertThat(p.patches()).extracting(PatchSpec::id).containsExactly("text4shell-url", "ratio");
        assertThat(p.patches().get(1).value()).isEqualTo(new BigDecimal("0.5"));
        assertThat(p.patches().get(0).where("method")).isEqualTo("p.yaml:5:13: /patches/0/method");
    }

    @Test
    void aPolicyWithoutPatchesHasNone() throws Exception {
        assertThat(parse("{}").patches()).isEmpty();
        assertThat(parse("{\"patches\": []}").patches()).isEmpty();
    }

    @Test
    void patchesMustBeAListOfObjectsWithKnownFields() {
        assertThat(error("{\"patches\": {}}")).isEqualTo("p.json:1:13: /patches: expected a list of patches");
        assertThat(error("{\"patches\": [1]}")).isEqualTo("p.json:1:14: /patches/0: expected an object");
        assertThat(error(one(JNDI + ", \"action\": \"return\", \"valeu\": null")))
                .endsWith("/patches/0/valeu: unknown field 'valeu'; expected one of [id, set, advisories, class, method, descriptor, action, "
                        + "value, message, arg, matches, instances]");
    }

    @Test
    void idIsRequiredWellFormedAndUnique() {
        assertThat(error(one("\"class\": \"a.B\", \"method\": \"m\", \"action\": \"throw\""))).endsWith("/patches/0: missing 'id'");
        assertThat(error(one("\"id\": \"Log4Shell\", \"class\": \"a.B\", \"method\": \"m\", \"action\": \"throw\"")))
                .endsWith("/patches/0/id: 'Log4Shell' is not a patch id; expected 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        assertThat(error(one("\"id\": \"" + "a".repeat(65) + "\", \"class\": \"a.B\", \"method\": \"m\", \"action\": \"throw\"")))
                .contains("is not a patch id");
        assertThat(error("{\"patches\": [{\"id\": \"x\", \"class\": \"a.B\", \"method\": \"m\", \"action\": \"throw\"},"
                + "{\"id\": \"x\", \"class\": \"a.C\", \"method\": \"m\", \"action\": \"throw\"}]}"))
                .endsWith("/patches/1/id: duplicate patch id 'x' (also /patches/0/id)");
    }

    @Test
    void classAndMethodMustBeJavaNames() {
        assertThat(error(one("\"id\": \"x\", \"class\": \"org/example/A\", \"method\": \"m\", \"action\": \"throw\"")))
                .endsWith("/patches/0/class: 'org/example/A' is not a class name; expected a binary name with dots, such as "
                        + "org.apache.logging.log4j.core.lookup.JndiLookup (and '$' for a nested class)");
        assertThat(error(one("\"id\": \"x\", \"class\": \"a..B\", \"method\": \"m\", \"action\": \"throw\""))).contains("is not a class name");
        assertThat(error(one("\"id\": \"x\", \"class\": \"a.B\", \"method\": \"m()\", \"action\": \"throw\"")))
                .endsWith("/patches/0/method: 'm()' is not a method name; expected a Java identifier or <init> for a constructor");
        assertThat(error(one("\"id\": \"x\", \"class\": \"a.B\", \"method\": \"<clinit>\", \"action\": \"throw\"")))
                .contains("/patches/0/method: a static initialiser cannot be patched");
        assertThat(error(one("\"id\": \"x\", \"class\": \"a.B\", \"action\": \"throw\""))).endsWith("/patches/0: missing 'method'");
        assertThat(error(one("\"id\": \"x\", \"class\": 7, \"method\": \"m\", \"action\": \"throw\"")))
                .endsWith("/patches/0/class: expected a non-empty string");
    }

    @Test
    void descriptorMustBeAJvmMethodDescriptor() {
        for (String bad : new String[] {"lookup", "(Ljava/lang/String)V", "(Ljava.lang.String;)V", "()", "(I)", "()VV", "(V)V", "(Q)V",
                "()[V", "(L;)V"}) {
            assertThat(error(one(JNDI + ", \"descriptor\": \"" + bad + "\", \"action\": \"return\"")))
                    .as(bad).contains("/patches/0/descriptor: '" + bad + "' is not a JVM method descriptor");
        }
        for (String good : new String[] {"()V", "(IJ[[Ljava/lang/String;)[B", "(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String;"}) {
            assertThat(PolicyParser.isMethodDescriptor(good)).as(good).isTrue();
        }
    }

    @Test
    void actionIsOneOfThreeAndEachTakesOnlyItsOwnFields() {
        assertThat(error(one(JNDI + ", \"action\": \"deny\""))).endsWith("/patches/0/action: unknown action 'deny'; expected return, throw or block-if");
        assertThat(error(one(JNDI))).endsWith("/patches/0: missing 'action'");
        assertThat(error(one(JNDI + ", \"action\": \"throw\", \"value\": null")))
                .endsWith("/patches/0/value: 'value' is only for action return, not throw");
        assertThat(error(one(JNDI + ", \"action\": \"return\", \"message\": \"x\"")))
                .endsWith("/patches/0/message: 'message' is only for action throw and block-if, not return");
        assertThat(error(one(JNDI + ", \"action\": \"return\", \"arg\": 1"))).endsWith("/patches/0/arg: 'arg' is only for action block-if, not return");
        assertThat(error(one(JNDI + ", \"action\": \"throw\", \"matches\": \"x\""))).endsWith("'matches' is only for action block-if, not throw");
        assertThat(error(one(JNDI + ", \"action\": \"return\", \"value\": {\"a\": 1}")))
                .endsWith("/patches/0/value: expected null, a string, a number or true/false");
    }

    @Test
    void blockIfNeedsAnArgumentIndexAndAValidRegularExpression() {
        assertThat(error(one(JNDI + ", \"action\": \"block-if\", \"matches\": \"x\"")))
                .endsWith("/patches/0: action block-if needs 'arg', the index of the argument to test (0 for the first)");
        assertThat(error(one(JNDI + ", \"action\": \"block-if\", \"arg\": 1")))
                .endsWith("/patches/0: action block-if needs 'matches', a Java regular expression searched for in the argument");
        assertThat(error(one(JNDI + ", \"action\": \"block-if\", \"arg\": -1, \"matches\": \"x\"")))
                .endsWith("/patches/0/arg: expected the index of an argument, a whole number from 0 (the first) to 254");
        assertThat(error(one(JNDI + ", \"action\": \"block-if\", \"arg\": 1.5, \"matches\": \"x\""))).contains("/patches/0/arg: expected the index");
        assertThat(error(one(JNDI + ", \"action\": \"block-if\", \"arg\": 1, \"matches\": \"(?i)\\\\$\\\\{jndi:(\"")))
                .contains(":1:").contains("/patches/0/matches: not a valid Java regular expression: Unclosed group near index");
    }

    @Test
    void instancesAndAdvisoriesAreListsOfStrings() {
        assertThat(error(one(JNDI + ", \"action\": \"throw\", \"instances\": []")))
                .endsWith("/patches/0/instances: expected at least one instance id; leave the field out to patch every instance");
        assertThat(error(one(JNDI + ", \"action\": \"throw\", \"instances\": \"orders-1\""))).endsWith("/patches/0/instances: expected a list of strings");
        assertThat(error(one(JNDI + ", \"action\": \"throw\", \"advisories\": [\"CVE-1\", 2]")))
                .endsWith("/patches/0/advisories/1: expected a non-empty string of at most 200 characters");
    }

    @Test
    void errorsNameTheLineAndColumnOfTheField() {
        String e = error("""
                {"patches": [
                  {"id": "x", "class": "a.B",
                   "method": "m", "action": "blok"}
                ]}
                """);
        assertThat(e).isEqualTo("p.json:3:29: /patches/0/action: unknown action 'blok'; expected return, throw or block-if");
    }
}
