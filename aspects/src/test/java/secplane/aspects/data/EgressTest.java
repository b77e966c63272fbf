package secplane.aspects.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;

/** The egress baseline of the data aspect on the http.outbound and kafka.send join points. */
class EgressTest {
    private static final String CUSTOMER = "{\"name\":\"Zhang San\",\"idCard\":\"110101199003074477\",\"mobile\":\"13812345678\"}";
    private static final String ORDER = "{\"order\":\"ORD-20240317-000123\",\"sku\":\"SKU-AB12-3456\",\"at\":1710670530000}";

    private static DataAspect aspect(Map<String, Object> config) throws Exception {
        DataAspect a = new DataAspect();
        a.configure(new AspectConfig(config));
        return a;
    }

    private static Finding http(DataAspect a, String destination, Object body, boolean inspectAll) {
        return a.inspect(TestJoinPoint.of("http.outbound",
                new Object[] {"http://" + destination + "/v1/customers", destination, body, "http-client", inspectAll}));
    }

    private static Finding kafka(DataAspect a, String topic, String text, boolean inspectAll) {
        return a.inspect(TestJoinPoint.of("kafka.send", new Object[] {topic, "kafka:" + topic, text, "kafka-producer", inspectAll}));
    }

    @Test
    void personalDataToADestinationOffTheAllowListIsAViolationWithTypesAndLevelsButNeverTheValue() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1, "egress", Map.of("allow", List.of("partner.example.com"))));
        Finding f = http(a, "tracker.example.net:443", CUSTOMER, false);
        assertThat(f.rule()).isEqualTo("data.egress");
        assertThat(f.evidence()).containsEntry("destination", "tracker.example.net:443").containsEntry("allowed", "false")
                .containsEntry("count", "2").containsEntry("client", "http-client").doesNotContainKey("reportOnly");
        assertThat(f.evidence().get("types")).isEqualTo("CN_RESIDENT_ID,CN_MOBILE");
        assertThat(f.evidence().get("levels")).isEqualTo("CN_RESIDENT_ID:3,CN_MOBILE:3");
        assertThat(f.evidence().toString()).doesNotContain("110101199003074477").doesNotContain("13812345678");
    }

    @Test
    void anAllowedDestinationIsRecordedForTheMapAndNeverRefused() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1, "egress", Map.of("allow", List.of("partner.example.com", "*.bank.example:8443"))));
        Finding f = http(a, "partner.example.com:443", CUSTOMER, false);
        assertThat(f.rule()).isEqualTo("data.egress");
        assertThat(f.evidence()).containsEntry("allowed", "true").containsEntry("reportOnly", "true");
        assertThat(http(a, "api.bank.example:8443", CUSTOMER, false).evidence()).containsEntry("allowed", "true");
        assertThat(http(a, "api.bank.example:443", CUSTOMER, false).evidence()).as("the pattern names port 8443").containsEntry("allowed", "false");
        // a refusing policy inspects every send, and an allowed one that is not sampled is not even read
        DataAspect none = aspect(Map.of("sample", 0, "egress", Map.of("allow", List.of("partner.example.com"))));
        AtomicInteger reads = new AtomicInteger();
        Supplier<String> body = () -> {
            reads.incrementAndGet();
            return CUSTOMER;
        };
        assertThat(http(none, "partner.example.com:443", body, true)).isNull();
        assertThat(reads).hasValue(0);
        assertThat(http(none, "tracker.example.net:443", body, true).evidence()).containsEntry("allowed", "false");
        assertThat(reads).hasValue(1);
    }

    @Test
    void benignBodiesAndUnsampledSendsAreNotReported() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1));
        assertThat(http(a, "tracker.example.net:443", ORDER, false)).isNull();
        for (String benign : DataAspectTest.benignCorpus().subList(0, 200)) {
            assertThat(http(a, "tracker.example.net:443", benign, true)).as(benign).isNull();
        }
        assertThat(http(aspect(Map.of("sample", 0)), "tracker.example.net:443", CUSTOMER, false)).isNull();
    }

    @Test
    void kafkaTopicsAreDestinationsOfTheirOwn() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1, "egress", Map.of("allow", List.of("kafka:audit-*"))));
        assertThat(kafka(a, "audit-customers", "42\n" + CUSTOMER, false).evidence()).containsEntry("allowed", "true")
                .containsEntry("topic", "audit-customers");
        Finding f = kafka(a, "marketing", "42\n" + CUSTOMER, true);
        assertThat(f.evidence()).containsEntry("destination", "kafka:marketing").containsEntry("allowed", "false");
        assertThat(f.message()).contains("kafka:marketing");
    }

    @Test
    void moreLevelThreeValuesThanTheLimitInOneBodyIsAnExportOverTheLimit() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0, "egress", Map.of("allow", List.of("partner.example.com"), "maxRecords", 3)));
        String two = "[" + CUSTOMER + "]";
        String many = "[" + String.join(",", CUSTOMER, CUSTOMER.replace("13812345678", "13912345678")) + "]";
        assertThat(http(a, "partner.example.com:443", two, true)).as("2 values, limit 3").isNull();
        Finding f = http(a, "partner.example.com:443", many, true);
        assertThat(f.rule()).isEqualTo("data.egress-limit");
        assertThat(f.evidence()).containsEntry("records", "4").containsEntry("maxRecords", "3").doesNotContainKey("reportOnly");
    }

    @Test
    void minLevelDecidesWhatCountsAsPersonalData() throws Exception {
        String email = "{\"email\":\"zhang.san@example.com\"}";
        DataAspect three = aspect(Map.of("sample", 1));
        DataAspect two = aspect(Map.of("sample", 1, "egress", Map.of("minLevel", 2)));
        assertThat(http(three, "tracker.example.net:443", email, true)).isNull();
        assertThat(http(two, "tracker.example.net:443", email, true)).isNotNull();
    }

    @Test
    void badEgressConfigSaysWhatToGive() {
        assertThatThrownBy(() -> aspect(Map.of("egress", List.of("x")))).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> aspect(Map.of("egress", Map.of("allow", List.of("https://partner.example.com/x")))))
                .hasMessageContaining("no scheme, no path");
        assertThatThrownBy(() -> aspect(Map.of("egress", Map.of("maxRecords", -1)))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> aspect(Map.of("egress", Map.of("minLevel", 9)))).hasMessageContaining("level from 1 to 5");
        assertThatThrownBy(() -> aspect(Map.of("egress", Map.of("allowed", List.of())))).hasMessageContaining("unknown key 'allowed'");
    }
}
