package secplane.aspects.deserialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class DeserializationAspectTest {
    private static final String GADGETS = "secplane/aspects/deserialization/gadgets.txt";

    private DeserializationAspect aspect;

    @BeforeEach
    void load() throws Exception {
        aspect = new DeserializationAspect();
        aspect.load(new TestContext(DeserializationAspect.class));
        aspect.configure(AspectConfig.EMPTY);
    }

    private Finding deserialize(String className) {
        return aspect.inspect(TestJoinPoint.of("deserialize.class", className, null));
    }

    private void configure(String key, String... entries) throws Exception {
        aspect.configure(new AspectConfig(Map.of(key, List.of(entries))));
    }

    @Test
    void declaresTwoBlockingRulesOnDeserializeClass() {
        assertThat(aspect.joinPoints()).containsExactly("deserialize.class");
        assertThat(aspect.rules()).extracting(r -> r.id() + "=" + r.defaultMode())
                .containsExactly("deserialize.gadget=" + Mode.BLOCK, "deserialize.not-allowed=" + Mode.BLOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "org.apache.commons.collections.functors.InvokerTransformer",
        "org.apache.commons.collections4.functors.InvokerTransformer",
        "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
        "org.apache.commons.collections4.comparators.TransformingComparator",
        "javax.management.BadAttributeValueExpException",
        "[Lorg.apache.commons.collections.functors.InvokerTransformer;",
        "[[Lcom.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl;"})
    void knownGadgetClassIsReported(String className) {
        Finding f = deserialize(className);

        assertThat(f).isNotNull();
        assertThat(f.rule()).isEqualTo("deserialize.gadget");
        assertThat(f.evidence().get("class")).doesNotStartWith("[").doesNotEndWith(";");
        assertThat(f.evidence().get("denyEntry")).isEqualTo(f.evidence().get("class"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.util.ArrayList", "java.lang.String", "[I", "[[B", "[Ljava.util.HashMap;",
        "org.apache.commons.collections.map.HashedMap", "com.acme.Order"})
    void ordinaryClassIsNotReportedWithoutConfig(String className) {
        assertThat(deserialize(className)).isNull();
    }

    @Test
    void gadgetNameMustMatchExactlyNotAsAPrefix() {
        assertThat(deserialize("org.apache.commons.collections.functors.InvokerTransformerX")).isNull();
    }

    @Test
    void configDenyPrefixReportsMatchingClassesAsGadgets() throws Exception {
        configure("deny", "com.acme.*", "org.other.Exact");

        assertThat(deserialize("com.acme.internal.Evil")).satisfies(f -> {
            assertThat(f.rule()).isEqualTo("deserialize.gadget");
            assertThat(f.evidence()).containsEntry("denyEntry", "com.acme.*");
        });
        assertThat(deserialize("[Lcom.acme.Evil;")).isNotNull();
        assertThat(deserialize("org.other.Exact")).isNotNull();
        assertThat(deserialize("com.acmex.Fine")).isNull();
        assertThat(deserialize("org.other.ExactNot")).isNull();
    }

    @Test
    void configDenyKeepsTheBuiltInDenyList() throws Exception {
        configure("deny", "com.acme.*");

        assertThat(deserialize("org.apache.commons.collections.functors.InvokerTransformer")).isNotNull();
    }

    @Test
    void allowListModeAllowsListedClassesArraysAndPrimitives() throws Exception {
        configure("allow", "java.util.*", "com.mine.Dto");

        assertThat(deserialize("java.util.ArrayList")).isNull();
        assertThat(deserialize("java.util.concurrent.ConcurrentHashMap")).isNull();
        assertThat(deserialize("com.mine.Dto")).isNull();
        assertThat(deserialize("[Ljava.util.Date;")).isNull();
        assertThat(deserialize("[I")).isNull();
        assertThat(deserialize("[[J")).isNull();
    }

    @Test
    void allowListModeReportsEverythingElseAsNotAllowed() throws Exception {
        configure("allow", "java.util.*", "com.mine.Dto");

        for (String name : List.of("com.other.X", "com.mine.DtoX", "[Lcom.other.X;", "java.lang.Integer")) {
            Finding f = deserialize(name);
            assertThat(f).as(name).isNotNull();
            assertThat(f.rule()).as(name).isEqualTo("deserialize.not-allowed");
        }
        assertThat(deserialize("com.other.X").evidence()).containsEntry("class", "com.other.X");
    }

    @Test
    void gadgetIsReportedAsGadgetEvenWhenAllowListed() throws Exception {
        configure("allow", "org.apache.commons.*");

        assertThat(deserialize("org.apache.commons.collections.functors.InvokerTransformer").rule()).isEqualTo("deserialize.gadget");
    }

    @Test
    void emptyAllowListTurnsAllowListModeOff() throws Exception {
        configure("allow", "java.util.*");
        configure("allow");

        assertThat(deserialize("com.other.X")).isNull();
    }

    @Test
    void proxyIsCheckedByTheInterfacesItImplements() throws Exception {
        configure("deny", "java.lang.Runnable");
        Class<?> proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class},
                (p, m, a) -> null).getClass();

        Finding f = aspect.inspect(TestJoinPoint.of("deserialize.class", proxy.getName(), proxy));

        assertThat(f).isNotNull();
        assertThat(f.evidence()).containsEntry("class", "java.lang.Runnable");
    }

    @Test
    void ordinaryResolvedClassIsCheckedByNameOnly() {
        Finding f = aspect.inspect(TestJoinPoint.of("deserialize.class", "java.util.ArrayList", java.util.ArrayList.class));

        assertThat(f).isNull();
    }

    @Test
    void elementNameUnwrapsObjectArraysAndKeepsPrimitiveDescriptors() {
        assertThat(DeserializationAspect.elementName("[[Lcom.x.Y;")).isEqualTo("com.x.Y");
        assertThat(DeserializationAspect.elementName("[I")).isEqualTo("I");
        assertThat(DeserializationAspect.elementName("com.x.Y")).isEqualTo("com.x.Y");
    }

    // ------------------------------------------------------------------ the shipped deny-list

    private static String gadgetsText() throws Exception {
        try (InputStream in = DeserializationAspect.class.getClassLoader().getResourceAsStream(GADGETS)) {
            assertThat(in).as(GADGETS).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyGadgetsLineIsACommentOrAPlausibleClassNameOrPrefix() throws Exception {
        Pattern identifier = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
        Pattern entry = Pattern.compile("(" + identifier + "\\.)+" + identifier + "(\\*)?|(" + identifier + "\\.)+\\*");
        String[] lines = gadgetsText().split("\n", -1);

        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("gadgets.txt line " + (i + 1)).matches(entry);
        }
    }

    @Test
    void gadgetsListHasNoDuplicatesAndIsWhatTheAspectReads() throws Exception {
        List<String> entries = DeserializationAspect.readList(gadgetsText().getBytes(StandardCharsets.UTF_8));
        Set<String> seen = new HashSet<>();

        for (String e : entries) {
            assertThat(seen.add(e)).as("duplicate entry " + e).isTrue();
            assertThat(deserialize(e.endsWith("*") ? e.substring(0, e.length() - 1) + "Any" : e)).as(e).isNotNull();
        }
        assertThat(entries).hasSizeGreaterThan(40);
    }

    @Test
    void readListDropsCommentsBlankLinesAndCarriageReturns() throws Exception {
        byte[] data = "# head\r\ncom.a.B  # why\r\n\r\n  com.c.*\n".getBytes(StandardCharsets.UTF_8);

        assertThat(DeserializationAspect.readList(data)).containsExactly("com.a.B", "com.c.*");
    }
}
