package secplane.agent.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", 1);
    }

    @Test
    void trimDropsTheLeadingAgentTrampolineAndThreadFrames() {
        StackTraceElement[] stack = {
            frame("java.lang.Thread", "getStackTrace"),
            frame("secplane.agent.core.aspects.Call", "stack"),
            frame("secplane.aspects.process.ProcessAspect", "inspect"),
            frame("secplane.agent.core.aspects.AspectHost", "onJoinPoint"),
            frame("secplane.bootstrap.Dispatcher", "dispatch"),
            frame("java.lang.ProcessImpl", "start"),
            frame("com.app.Controller", "run"),
        };

        String[] trimmed = Event.trim(stack);

        assertThat(trimmed).containsExactly(stack[5].toString(), stack[6].toString());
    }

    @Test
    void trimKeepsAgentFramesBelowTheFirstApplicationFrame() {
        StackTraceElement[] stack = {
            frame("secplane.bootstrap.Dispatcher", "dispatch"),
            frame("com.app.Controller", "run"),
            frame("secplane.agent.core.Agent", "start"),
        };

        assertThat(Event.trim(stack)).containsExactly(stack[1].toString(), stack[2].toString());
    }

    @Test
    void trimKeepsTheFirstTwentyFourFrames() {
        List<StackTraceElement> stack = new ArrayList<>();
        stack.add(frame("secplane.agent.core.aspects.Call", "stack"));
        for (int i = 0; i < 40; i++) {
            stack.add(frame("com.app.Layer" + i, "call"));
        }

        String[] trimmed = Event.trim(stack.toArray(new StackTraceElement[0]));

        assertThat(trimmed).hasSize(Event.MAX_STACK);
        assertThat(trimmed[0]).startsWith("com.app.Layer0.call");
        assertThat(trimmed[23]).startsWith("com.app.Layer23.call");
    }

    @Test
    void trimOfOnlyAgentFramesIsEmpty() {
        StackTraceElement[] stack = {frame("secplane.agent.core.aspects.Call", "stack"), frame("java.lang.Thread", "run")};

        assertThat(Event.trim(stack)).isEmpty();
        assertThat(Event.trim(new StackTraceElement[0])).isEmpty();
    }

    @Test
    void trimDoesNotTreatLookAlikePackagesAsAgentFrames() {
        StackTraceElement[] stack = {frame("secplane.agentx.Foo", "bar"), frame("java.lang.ThreadLocal", "get")};

        assertThat(Event.trim(stack)).hasSize(2);
    }

    @Test
    void truncateKeepsValuesUpToTheLimit() {
        String exact = "x".repeat(Event.MAX_VALUE);

        assertThat(Event.truncate(exact)).isSameAs(exact);
        assertThat(Event.truncate("")).isEmpty();
        assertThat(Event.truncate(null)).isNull();
    }

    @Test
    void truncateCutsLongValuesAndSaysHowLongTheyWere() {
        String longer = "y".repeat(Event.MAX_VALUE + 1);

        assertThat(Event.truncate(longer)).isEqualTo("y".repeat(Event.MAX_VALUE) + "...(1025 chars)");
    }

    @Test
    void putTruncatesStringsButNotOtherValues() {
        List<String> list = List.of("z".repeat(5000));

        Event e = Event.create().put("s", "s".repeat(5000)).put("n", 7L).put("l", list);

        assertThat((String) e.fields().get("s")).endsWith("...(5000 chars)");
        assertThat(e.fields().get("n")).isEqualTo(7L);
        assertThat(e.fields().get("l")).isSameAs(list);
    }

    @Test
    void createGivesAUniqueIdAndATimestamp() {
        Event a = Event.create();
        Event b = Event.create();

        assertThat(a.id()).matches("ev-[0-9a-f]{24}");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat((String) a.fields().get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(a.fields().keySet()).startsWith("id", "time");
    }

    @Test
    void fieldsKeepInsertionOrder() {
        Map<String, Object> f = Event.create().put("type", "t").put("b", 1).put("a", 2).fields();

        assertThat(f.keySet()).containsExactly("id", "time", "type", "b", "a");
    }
}
