package secplane.agent.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import secplane.aspect.Mode;

/** {@link Policy#modeOf}: rule entry, then aspect mode, then top-level mode, then the rule's default. */
class PolicyModeTest {

    private static Policy policy(Mode top, Mode aspect, Map<String, Mode> rules) {
        Policy.AspectPolicy a = new Policy.AspectPolicy(true, aspect, rules, Map.of());
        return new Policy("v", "test", top, null, null, Map.of("jndi", a));
    }

    @Test
    void defaultPolicyKeepsEveryRuleDefault() {
        assertThat(Policy.DEFAULT.modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.BLOCK);
        assertThat(Policy.DEFAULT.modeOf("jndi", "r", Mode.OBSERVE)).isEqualTo(Mode.OBSERVE);
        assertThat(Policy.DEFAULT.modeOf("jndi", "r", Mode.OFF)).isEqualTo(Mode.OFF);
    }

    @Test
    void ruleEntryWinsOverAspectAndTopLevelMode() {
        Policy p = policy(Mode.OFF, Mode.BLOCK, Map.of("r", Mode.OBSERVE));

        assertThat(p.modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void aspectModeWinsOverTopLevelMode() {
        Policy p = policy(Mode.OFF, Mode.OBSERVE, Map.of());

        assertThat(p.modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void topLevelModeWinsOverRuleDefault() {
        Policy p = policy(Mode.OBSERVE, null, Map.of());

        assertThat(p.modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void topLevelModeAppliesToAspectsThePolicyDoesNotName() {
        Policy p = policy(Mode.OBSERVE, null, Map.of());

        assertThat(p.modeOf("process", "process.exploit-frame", Mode.BLOCK)).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void aspectModeDoesNotLeakIntoOtherAspects() {
        Policy p = policy(null, Mode.OFF, Map.of());

        assertThat(p.modeOf("process", "process.exploit-frame", Mode.BLOCK)).isEqualTo(Mode.BLOCK);
    }

    @Test
    void modeFieldsCanSwitchOffARuleThatIsOnByDefault() {
        assertThat(policy(Mode.OFF, null, Map.of()).modeOf("jndi", "r", Mode.OBSERVE)).isEqualTo(Mode.OFF);
        assertThat(policy(null, Mode.OFF, Map.of()).modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.OFF);
    }

    @Test
    void topLevelModeNeverSwitchesOnARuleThatIsOffByDefault() {
        assertThat(policy(Mode.BLOCK, null, Map.of()).modeOf("jndi", "never", Mode.OFF)).isEqualTo(Mode.OFF);
    }

    @Test
    void aspectModeNeverSwitchesOnARuleThatIsOffByDefault() {
        assertThat(policy(null, Mode.OBSERVE, Map.of()).modeOf("jndi", "never", Mode.OFF)).isEqualTo(Mode.OFF);
    }

    @Test
    void namingARuleThatIsOffByDefaultSwitchesItOn() {
        Policy p = policy(Mode.OBSERVE, Mode.OBSERVE, Map.of("never", Mode.BLOCK));

        assertThat(p.modeOf("jndi", "never", Mode.OFF)).isEqualTo(Mode.BLOCK);
    }

    @Test
    void ruleEntryOfAnotherRuleDoesNotApply() {
        Policy p = policy(null, null, Map.of("other", Mode.OFF));

        assertThat(p.modeOf("jndi", "r", Mode.BLOCK)).isEqualTo(Mode.BLOCK);
    }

    @Test
    void parsedPolicyResolvesProcessNeverOnlyWhenNamed() throws Exception {
        Policy blanket = PolicyParser.parse("p.json", "{\"mode\": \"block\", \"aspects\": {\"process\": {\"mode\": \"block\"}}}",
                PolicyParserTest.catalog());
        Policy named = PolicyParser.parse("p.json", "{\"aspects\": {\"process\": {\"rules\": {\"process.never\": \"observe\"}}}}",
                PolicyParserTest.catalog());

        assertThat(blanket.modeOf("process", "process.never", Mode.OFF)).isEqualTo(Mode.OFF);
        assertThat(named.modeOf("process", "process.never", Mode.OFF)).isEqualTo(Mode.OBSERVE);
    }

    @Test
    void enabledFalseIsKeptOnTheAspectPolicy() throws Exception {
        Policy p = PolicyParser.parse("p.json", "{\"aspects\": {\"jndi\": {\"enabled\": false}}}", PolicyParserTest.catalog());

        assertThat(p.aspect("jndi").enabled()).isFalse();
        assertThat(p.aspect("process").enabled()).isTrue();
    }
}
