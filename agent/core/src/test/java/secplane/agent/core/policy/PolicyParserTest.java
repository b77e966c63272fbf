package secplane.agent.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

@SuppressWarnings("unchecked")
class PolicyParserTest {

    /** Two aspects as the agent would report them: jndi with one rule, process with an off-by-default rule. */
    static Map<String, Map<String, Rule>> catalog() {
        Map<String, Rule> jndi = new LinkedHashMap<>();
        jndi.put("jndi.remote-lookup", new Rule("jndi.remote-lookup", Mode.BLOCK, "remote lookup"));
        Map<String, Rule> process = new LinkedHashMap<>();
        process.put("process.exploit-frame", new Rule("process.exploit-frame", Mode.BLOCK, "exploit frame"));
        process.put("process.never", new Rule("process.never", Mode.OFF, "never"));
        Map<String, Map<String, Rule>> catalog = new LinkedHashMap<>();
        catalog.put("jndi", jndi);
        catalog.put("process", process);
        return catalog;
    }

    private static Policy parse(String file, String text) throws PolicyException {
        return PolicyParser.parse(file, text, catalog());
    }

    private static String error(String file, String text) {
        try {
            PolicyParser.parse(file, text, catalog());
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("policy was accepted: " + text);
    }

    // ------------------------------------------------------------------ valid policies

    @Test
    void readsEveryFieldOfAValidJsonPolicy() throws Exception {
        Policy p = parse("p.json", """
                {
                  "version": "2026-11-29.1",
                  "mode": "observe",
                  "limits": {"budgetMillis": 50, "quarantineAfter": 7},
                  "aspects": {
                    "jndi": {"mode": "block", "rules": {"jndi.remote-lookup": "off"},
                             "config": {"allow": ["ldap://ldap.internal:389"]}},
                    "process": {"enabled": false}
                  }
                }
                """);

        assertThat(p.version()).isEqualTo("2026-11-29.1");
        assertThat(p.source()).isEqualTo("p.json");
        assertThat(p.mode()).isEqualTo(Mode.OBSERVE);
        assertThat(p.budgetMillis()).isEqualTo(50L);
        assertThat(p.quarantineAfter()).isEqualTo(7L);
        Policy.AspectPolicy jndi = p.aspect("jndi");
        assertThat(jndi.enabled()).isTrue();
        assertThat(jndi.mode()).isEqualTo(Mode.BLOCK);
        assertThat(jndi.rules()).containsExactly(Map.entry("jndi.remote-lookup", Mode.OFF));
        assertThat(jndi.config()).containsKey("allow");
        assertThat((List<Object>) jndi.config().get("allow")).containsExactly("ldap://ldap.internal:389");
        assertThat(p.aspect("process").enabled()).isFalse();
    }

    @Test
    void emptyPolicyIsTheDefault() throws Exception {
        Policy p = parse("p.json", "{}");

        assertThat(p.version()).isEqualTo("unversioned");
        assertThat(p.mode()).isNull();
        assertThat(p.budgetMillis()).isNull();
        assertThat(p.quarantineAfter()).isNull();
        assertThat(p.aspects()).isEmpty();
        assertThat(p.aspect("jndi").enabled()).isTrue();
    }

    @Test
    void numericVersionIsReadAsText() throws Exception {
        assertThat(parse("p.json", "{\"version\": 42}").version()).isEqualTo("42");
    }

    @Test
    void readsTheSamePolicyFromYaml() throws Exception {
        Policy p = parse("p.yaml", """
                version: "7"
                mode: block
                limits:
                  budgetMillis: 20
                  quarantineAfter: 3
                aspects:
                  jndi:
                    rules:
                      jndi.remote-lookup: observe
                    config:
                      allow: [ "ldap://a:389", "rmi://b" ]
                  process:
                    enabled: false
                """);

        assertThat(p.version()).isEqualTo("7");
        assertThat(p.mode()).isEqualTo(Mode.BLOCK);
        assertThat(p.budgetMillis()).isEqualTo(20L);
        assertThat(p.quarantineAfter()).isEqualTo(3L);
        assertThat(p.aspect("jndi").rules()).containsExactly(Map.entry("jndi.remote-lookup", Mode.OBSERVE));
        assertThat((List<Object>) p.aspect("jndi").config().get("allow")).containsExactly("ldap://a:389", "rmi://b");
        assertThat(p.aspect("process").enabled()).isFalse();
    }

    @Test
    void ymlExtensionIsYamlToo() throws Exception {
        assertThat(parse("P.YML", "mode: observe\n").mode()).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void emptyYamlDocumentIsTheDefault() throws Exception {
        assertThat(parse("p.yaml", "").aspects()).isEmpty();
    }

    @Test
    void unquotedYamlOffMeansModeOff() throws Exception {
        Policy p = parse("p.yaml", """
                mode: off
                aspects:
                  jndi:
                    mode: off
                    rules:
                      jndi.remote-lookup: off
                """);

        assertThat(p.mode()).isEqualTo(Mode.OFF);
        assertThat(p.aspect("jndi").mode()).isEqualTo(Mode.OFF);
        assertThat(p.aspect("jndi").rules()).containsEntry("jndi.remote-lookup", Mode.OFF);
    }

    @Test
    void unquotedYamlOnIsNotAMode() {
        assertThat(error("p.yaml", "mode: on\n")).isEqualTo("p.yaml:1:7: /mode: unknown mode true; expected off, observe or block");
    }

    @Test
    void jsonFalseModeMeansOff() throws Exception {
        // read as OFF for YAML 1.1's sake (unquoted off is a boolean there); JSON shares the rule
        assertThat(parse("p.json", "{\"mode\": false}").mode()).isEqualTo(Mode.OFF);
    }

    // ------------------------------------------------------------------ errors: syntax

    @Test
    void jsonSyntaxErrorNamesFileLineAndColumn() {
        String message = error("conf/p.json", "{\n  \"version\": \"1\",\n  \"mode\": }\n");

        assertThat(message).startsWith("conf/p.json:3:11: ").contains("expected a value").contains("YAML");
    }

    @Test
    void jsonDuplicateKeyIsRejectedAtTheSecondKey() {
        assertThat(error("p.json", "{\"mode\": \"block\",\n \"mode\": \"observe\"}"))
                .startsWith("p.json:2:2: ")
                .contains("duplicate member \"mode\"");
    }

    @Test
    void jsonDuplicateKeyInsideAnAspectIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"mode\": \"block\", \"mode\": \"off\"}}}"))
                .contains("duplicate member \"mode\"");
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() {
        String message = error("p.yaml", "mode: block\naspects:\n  jndi: [unclosed\n");

        assertThat(message).matches("p\\.yaml:\\d+:\\d+: .+");
        assertThat(message).doesNotStartWith("p.yaml:1:");
    }

    @Test
    void yamlBadIndentationNamesTheLine() {
        String message = error("p.yaml", "mode: block\n  limits: 3\n");

        assertThat(message).startsWith("p.yaml:2:");
    }

    @Test
    void yamlDuplicateKeyIsRejected() {
        // regression: Yaml.compose() ignores LoaderOptions.setAllowDuplicateKeys(false), the last key won
        assertThat(error("p.yaml", "mode: block\nmode: off\n")).isEqualTo("p.yaml:2:1: /mode: duplicate key 'mode'");
    }

    @Test
    void yamlDuplicateRuleKeyIsRejectedWithItsPointer() {
        assertThat(error("p.yaml", """
                aspects:
                  jndi:
                    rules:
                      jndi.remote-lookup: block
                      jndi.remote-lookup: off
                """)).isEqualTo("p.yaml:5:7: /aspects/jndi/rules/jndi.remote-lookup: duplicate key 'jndi.remote-lookup'");
    }

    // ------------------------------------------------------------------ errors: structure

    @Test
    void topLevelMustBeAnObject() {
        assertThat(error("p.json", "[1]")).isEqualTo("p.json:1:1: /: expected an object");
    }

    @Test
    void unknownTopLevelFieldIsRejectedWithTheKnownOnes() {
        assertThat(error("p.json", "{\"version\": \"1\",\n \"modes\": \"block\"}"))
                .isEqualTo("p.json:2:11: /modes: unknown field 'modes'; expected one of [version, mode, limits, aspects, patches]");
    }

    @Test
    void unknownLimitsFieldIsRejected() {
        assertThat(error("p.json", "{\"limits\": {\"budget\": 5}}"))
                .contains("/limits/budget: unknown field 'budget'; expected one of [budgetMillis, quarantineAfter]");
    }

    @Test
    void unknownAspectFieldIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"rule\": {}}}}"))
                .contains("/aspects/jndi/rule: unknown field 'rule'; expected one of [enabled, mode, rules, config]");
    }

    @Test
    void unknownAspectIdIsRejectedWithTheLoadedOnes() {
        assertThat(error("p.json", "{\"aspects\": {\n  \"jdni\": {}}}"))
                .isEqualTo("p.json:2:11: /aspects/jdni: unknown aspect 'jdni'; loaded aspects: [jndi, process]");
    }

    @Test
    void aspectIdWithSlashIsEscapedInThePointer() {
        assertThat(error("p.json", "{\"aspects\": {\"a/b~c\": {}}}")).contains(": /aspects/a~1b~0c: unknown aspect 'a/b~c'");
    }

    @Test
    void unknownRuleIdIsRejectedWithTheAspectsRules() {
        assertThat(error("p.json", "{\"aspects\": {\"process\": {\"rules\": {\"process.always\": \"block\"}}}}"))
                .contains("/aspects/process/rules/process.always: unknown rule 'process.always'; "
                        + "rules of this aspect: [process.exploit-frame, process.never]");
    }

    @Test
    void ruleOfAnotherAspectIsUnknownHere() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"rules\": {\"process.never\": \"block\"}}}}"))
                .contains("unknown rule 'process.never'");
    }

    @Test
    void badTopLevelModeIsRejected() {
        assertThat(error("p.json", "{\"mode\": \"enforce\"}"))
                .isEqualTo("p.json:1:10: /mode: unknown mode 'enforce'; expected off, observe or block");
    }

    @Test
    void modeIsCaseSensitive() {
        assertThat(error("p.json", "{\"mode\": \"BLOCK\"}")).contains("unknown mode 'BLOCK'");
    }

    @Test
    void badRuleModeIsRejectedAtTheRule() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"rules\": {\"jndi.remote-lookup\": \"deny\"}}}}"))
                .contains("/aspects/jndi/rules/jndi.remote-lookup: unknown mode 'deny'");
    }

    @Test
    void numericModeIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"mode\": 1}}}"))
                .contains("/aspects/jndi/mode: unknown mode 1; expected off, observe or block");
    }

    @Test
    void nonObjectAspectEntryIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": \"block\"}}"))
                .isEqualTo("p.json:1:22: /aspects/jndi: expected an object");
    }

    @Test
    void nonObjectAspectsIsRejected() {
        assertThat(error("p.json", "{\"aspects\": [\"jndi\"]}")).contains("/aspects: expected an object");
    }

    @Test
    void nonObjectRulesIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"rules\": [\"jndi.remote-lookup\"]}}}"))
                .contains("/aspects/jndi/rules: expected an object");
    }

    @Test
    void nonObjectConfigIsRejected() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"config\": \"allow\"}}}"))
                .contains("/aspects/jndi/config: expected an object");
    }

    @Test
    void nonObjectLimitsIsRejected() {
        assertThat(error("p.json", "{\"limits\": 5}")).contains("/limits: expected an object");
    }

    @Test
    void enabledMustBeABoolean() {
        assertThat(error("p.json", "{\"aspects\": {\"jndi\": {\"enabled\": \"false\"}}}"))
                .contains("/aspects/jndi/enabled: expected true or false");
    }

    @Test
    void versionMustBeAScalar() {
        assertThat(error("p.json", "{\"version\": {\"major\": 1}}")).contains("/version: expected a string");
        assertThat(error("p.json", "{\"version\": true}")).contains("/version: expected a string");
    }

    @Test
    void limitsBelowOneAreRejected() {
        assertThat(error("p.json", "{\"limits\": {\"budgetMillis\": 0}}"))
                .contains("/limits/budgetMillis: expected a whole number between 1 and 999999");
        assertThat(error("p.json", "{\"limits\": {\"quarantineAfter\": -3}}"))
                .contains("/limits/quarantineAfter: expected a whole number between 1 and 999999");
    }

    @Test
    void limitsOfAMillionAreRejected() {
        assertThat(error("p.json", "{\"limits\": {\"budgetMillis\": 1000000}}")).contains("/limits/budgetMillis: expected a whole number");
    }

    @Test
    void limitsAtTheBoundsAreAccepted() throws Exception {
        Policy p = parse("p.json", "{\"limits\": {\"budgetMillis\": 1, \"quarantineAfter\": 999999}}");

        assertThat(p.budgetMillis()).isEqualTo(1L);
        assertThat(p.quarantineAfter()).isEqualTo(999999L);
    }

    @Test
    void limitsMustBeWholeNumbers() {
        assertThat(error("p.json", "{\"limits\": {\"budgetMillis\": 1.5}}")).contains("/limits/budgetMillis: expected a whole number");
        assertThat(error("p.json", "{\"limits\": {\"budgetMillis\": \"100\"}}")).contains("/limits/budgetMillis: expected a whole number");
        assertThat(error("p.json", "{\"limits\": {\"budgetMillis\": 1e2}}")).contains("/limits/budgetMillis: expected a whole number");
    }

    @Test
    void hugeLimitIsRejectedNotOverflowed() {
        assertThat(error("p.json", "{\"limits\": {\"quarantineAfter\": 99999999999999999999}}"))
                .contains("/limits/quarantineAfter: expected a whole number");
    }

    @Test
    void yamlLimitsOutOfRangeNameTheLine() {
        assertThat(error("p.yaml", "limits:\n  budgetMillis: 0\n"))
                .isEqualTo("p.yaml:2:17: /limits/budgetMillis: expected a whole number between 1 and 999999");
    }

    @Test
    void yamlFloatLimitIsRejected() {
        assertThat(error("p.yaml", "limits:\n  budgetMillis: 2.5\n")).contains("/limits/budgetMillis: expected a whole number");
    }

    @Test
    void yamlUnknownAspectNamesTheLine() {
        assertThat(error("p.yaml", "aspects:\n  jndi: {}\n  spel: {}\n"))
                .startsWith("p.yaml:3:9: /aspects/spel: unknown aspect 'spel'");
    }

    @Test
    void yamlNonObjectAspectEntryIsRejected() {
        assertThat(error("p.yaml", "aspects:\n  jndi: block\n")).isEqualTo("p.yaml:2:9: /aspects/jndi: expected an object");
    }

    @Test
    void yamlQuotedBooleanIsNotEnabled() {
        assertThat(error("p.yaml", "aspects:\n  jndi:\n    enabled: \"no\"\n")).contains("/aspects/jndi/enabled: expected true or false");
    }

    @Test
    void yamlUnquotedNoDisablesAnAspect() throws Exception {
        assertThat(parse("p.yaml", "aspects:\n  jndi:\n    enabled: no\n").aspect("jndi").enabled()).isFalse();
    }

    // ------------------------------------------------------------------ errors: size and depth

    @Test
    void policyLargerThanOneMebibyteIsRejectedBeforeParsing() {
        String big = "{\"version\": \"" + "x".repeat(PolicyParser.MAX_BYTES) + "\"}";

        assertThatThrownBy(() -> parse("p.json", big))
                .isInstanceOf(PolicyException.class)
                .hasMessage("p.json: policy is larger than 1048576 bytes");
    }

    @Test
    void policyOfExactlyOneMebibyteIsRead() throws Exception {
        String prefix = "{\"version\": \"";
        String suffix = "\"}";
        String text = prefix + "x".repeat(PolicyParser.MAX_BYTES - prefix.length() - suffix.length()) + suffix;

        assertThat(text).hasSize(PolicyParser.MAX_BYTES);
        assertThat(parse("p.json", text).version()).hasSize(PolicyParser.MAX_BYTES - prefix.length() - suffix.length());
    }

    @Test
    void deeplyNestedJsonIsRejected() {
        String deep = "{\"aspects\": {\"jndi\": {\"config\": {\"x\": " + "[".repeat(100) + "]".repeat(100) + "}}}}";

        assertThat(error("p.json", deep)).contains("nesting deeper than");
    }

    @Test
    void deeplyNestedYamlIsRejected() {
        String deep = "aspects: {jndi: {config: {x: " + "[".repeat(100) + "]".repeat(100) + "}}}\n";

        assertThat(error("p.yaml", deep)).startsWith("p.yaml: ").containsIgnoringCase("nesting");
    }
}
