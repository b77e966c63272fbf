package secplane.agent.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {

    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() throws Exception {
        AgentOptions o = AgentOptions.resolve(null, Map.of());

        assertThat(o.get("poll.ms")).isEqualTo("1000");
        assertThat(o.number("aspect.budget.ms")).isEqualTo(100);
        assertThat(o.number("quarantine.after")).isEqualTo(5);
        assertThat(o.number("events.queue")).isEqualTo(10000);
        assertThat(o.bool("builtin")).isTrue();
        assertThat(o.file("policy")).isNull();
        assertThat(o.source("poll.ms")).isEqualTo("default");
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void everyKnownKeyHasADefault() throws Exception {
        AgentOptions o = AgentOptions.resolve("", Map.of());

        assertThat(o.asMap().keySet()).containsExactlyElementsOf(AgentOptions.known().keySet());
    }

    @Test
    void agentArgumentIsReadAsCommaSeparatedKeyValues() throws Exception {
        AgentOptions o = AgentOptions.resolve(" policy = /etc/p.json , poll.ms=250,,", Map.of());

        assertThat(o.get("policy")).isEqualTo("/etc/p.json");
        assertThat(o.file("policy")).isEqualTo(new File("/etc/p.json"));
        assertThat(o.number("poll.ms")).isEqualTo(250);
        assertThat(o.source("poll.ms")).isEqualTo("agent argument");
    }

    @Test
    void valueMayContainEqualsSigns() throws Exception {
        assertThat(AgentOptions.resolve("service=a=b", Map.of()).get("service")).isEqualTo("a=b");
    }

    @Test
    void environmentOverridesConfigFile() throws Exception {
        Path f = config("poll.ms=300\nservice=from-file\n");

        AgentOptions o = AgentOptions.resolve("config=" + f, Map.of("SECPLANE_POLL_MS", "400"));

        assertThat(o.get("poll.ms")).isEqualTo("400");
        assertThat(o.source("poll.ms")).isEqualTo("environment");
        assertThat(o.get("service")).isEqualTo("from-file");
        assertThat(o.source("service")).isEqualTo("config file");
    }

    @Test
    void agentArgumentOverridesEnvironmentAndConfigFile() throws Exception {
        Path f = config("poll.ms=300\n");

        AgentOptions o = AgentOptions.resolve("config=" + f + ",poll.ms=500", Map.of("SECPLANE_POLL_MS", "400"));

        assertThat(o.get("poll.ms")).isEqualTo("500");
        assertThat(o.source("poll.ms")).isEqualTo("agent argument");
    }

    @Test
    void configFileOverridesDefaults() throws Exception {
        Path f = config("log.level = debug  \n");

        AgentOptions o = AgentOptions.resolve("config=" + f, Map.of());

        assertThat(o.get("log.level")).isEqualTo("debug");
        assertThat(o.source("log.level")).isEqualTo("config file");
    }

    @Test
    void configFileCanBeNamedByEnvironment() throws Exception {
        Path f = config("service=env-named\n");

        AgentOptions o = AgentOptions.resolve(null, Map.of("SECPLANE_CONFIG", f.toString()));

        assertThat(o.get("service")).isEqualTo("env-named");
    }

    @Test
    void configFileNamedByArgumentWinsOverTheOneNamedByEnvironment() throws Exception {
        Path fromArg = config("service=arg-file\n");
        Path fromEnv = dir.resolve("env.properties");
        Files.writeString(fromEnv, "service=env-file\n");

        AgentOptions o = AgentOptions.resolve("config=" + fromArg, Map.of("SECPLANE_CONFIG", fromEnv.toString()));

        assertThat(o.get("service")).isEqualTo("arg-file");
    }

    @Test
    void missingConfigFileFails() {
        assertThatThrownBy(() -> AgentOptions.resolve("config=" + dir.resolve("absent.properties"), Map.of()))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void unknownKeyInArgumentIsRejectedWithTheKnownKeys() {
        assertThatThrownBy(() -> AgentOptions.resolve("polcy=/etc/p.json", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'polcy' in agent argument")
                .hasMessageContaining("known options: [config, data, policy, aspects.dir");
    }

    @Test
    void unknownKeyInConfigFileIsRejectedNamingTheFile() throws Exception {
        Path f = config("poll.ms=300\nquarantine=3\n");

        assertThatThrownBy(() -> AgentOptions.resolve("config=" + f, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'quarantine' in config file " + f)
                .hasMessageContaining("quarantine.after");
    }

    @Test
    void argumentWithoutEqualsIsRejected() {
        assertThatThrownBy(() -> AgentOptions.resolve("policy=/p.json,verbose", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent argument 'verbose' is not key=value")
                .hasMessageContaining("known keys: [config");
    }

    @Test
    void argumentWithEmptyKeyIsRejected() {
        assertThatThrownBy(() -> AgentOptions.resolve("=x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'=x' is not key=value");
    }

    @Test
    void unknownSecplaneEnvironmentVariableOnlyWarns() throws Exception {
        AgentOptions o = AgentOptions.resolve(null, Map.of("SECPLANE_POLICIES", "/x", "SECPLANE_POLICY", "/p.json"));

        assertThat(o.get("policy")).isEqualTo("/p.json");
        assertThat(o.warnings()).singleElement().asString()
                .contains("SECPLANE_POLICIES is not an agent option")
                .contains("SECPLANE_ASPECTS_DIR");
    }

    @Test
    void otherEnvironmentVariablesAreIgnored() throws Exception {
        AgentOptions o = AgentOptions.resolve(null, Map.of("POLL_MS", "1", "secplane_poll_ms", "2", "PATH", "/bin"));

        assertThat(o.get("poll.ms")).isEqualTo("1000");
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void envNameIsUpperCaseWithUnderscores() {
        assertThat(AgentOptions.envName("policy")).isEqualTo("SECPLANE_POLICY");
        assertThat(AgentOptions.envName("aspects.dir")).isEqualTo("SECPLANE_ASPECTS_DIR");
        assertThat(AgentOptions.envName("aspect.budget.ms")).isEqualTo("SECPLANE_ASPECT_BUDGET_MS");
        assertThat(AgentOptions.envName("a-b")).isEqualTo("SECPLANE_A_B");
    }

    @Test
    void everyKnownKeyIsReadFromItsEnvironmentName() throws Exception {
        for (String key : AgentOptions.known().keySet()) {
            if (key.equals("config")) {
                continue; // would be opened as a file
            }
            AgentOptions o = AgentOptions.resolve(null, Map.of(AgentOptions.envName(key), "v-" + key));
            assertThat(o.get(key)).as(key).isEqualTo("v-" + key);
            assertThat(o.source(key)).as(key).isEqualTo("environment");
        }
    }

    @Test
    void numberErrorNamesKeyValueAndSource() throws Exception {
        AgentOptions o = AgentOptions.resolve(null, Map.of("SECPLANE_POLL_MS", "fast"));

        assertThatThrownBy(() -> o.number("poll.ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option poll.ms=fast (from environment) is not a number");
    }

    @Test
    void numberErrorNamesTheAgentArgument() throws Exception {
        AgentOptions o = AgentOptions.resolve("quarantine.after=5x", Map.of());

        assertThatThrownBy(() -> o.number("quarantine.after")).hasMessageContaining("(from agent argument)");
    }

    @Test
    void numberToleratesSurroundingBlanks() throws Exception {
        AgentOptions o = AgentOptions.resolve(null, Map.of("SECPLANE_EVENTS_QUEUE", " 42 "));

        assertThat(o.number("events.queue")).isEqualTo(42);
    }

    @Test
    void boolIsFalseForAnythingButTrue() throws Exception {
        assertThat(AgentOptions.resolve("builtin=false", Map.of()).bool("builtin")).isFalse();
        assertThat(AgentOptions.resolve("builtin=TRUE", Map.of()).bool("builtin")).isTrue();
        assertThat(AgentOptions.resolve("builtin=no", Map.of()).bool("builtin")).isFalse();
    }
}
