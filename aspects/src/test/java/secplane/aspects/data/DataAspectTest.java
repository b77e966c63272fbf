package secplane.aspects.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.HttpRequest;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.protocol.json.Json;

class DataAspectTest {
    private static final String PI_LINE = "customer 1 loaded: idCard=110101199003074477, card=6222021234567890128, mobile=13812345678";

    private static DataAspect aspect(Map<String, Object> config) throws Exception {
        DataAspect a = new DataAspect();
        a.configure(new AspectConfig(config));
        return a;
    }

    private static Finding log(DataAspect a, String text, boolean rewriting) {
        return a.inspect(TestJoinPoint.of("log.message", text, "INFO", "app", "log4j2", rewriting));
    }

    /** Order numbers, timestamps, product codes, amounts and 18-digit ids that fail the GB 11643 checksum. */
    static List<String> benignCorpus() {
        List<String> out = new ArrayList<>(List.of(
                "order ORD-20240317-000123 placed at 2024-03-17T10:15:30Z for product SKU-AB12-3456",
                "epoch 1710670530000 took 12 ms, request id 7f3c9a2e-0b1d-4e5f-9a8b-123456789abc",
                "invoice INV202403170001 amount 129.90 CNY, batch 20240317101530123",
                "shipment 2024031710153012 tracking SF1234567890123 weight 1.25 kg"));
        Random r = new Random(42);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        while (out.size() < 1004) {
            StringBuilder id = new StringBuilder();
            id.append(1 + r.nextInt(9));
            for (int i = 1; i < 18; i++) {
                id.append(r.nextInt(10));
            }
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (id.charAt(i) - '0') * w[i];
            }
            if ("10X98765432".charAt(sum % 11) != id.charAt(17)) {
                out.add("trace id " + id + " at 2024-03-17 10:15:30.123");
            }
        }
        return out;
    }

    @Test
    void theBenignCorpusIsNeverMaskedInLogsOrResponses() throws Exception {
        DataAspect a = aspect(Map.of());
        for (String line : benignCorpus()) {
            assertThat(log(a, line, true)).as(line).isNull();
            String json = "{\"note\":\"" + line + "\",\"epochMillis\":1710670530000,\"amount\":129.90}";
            assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/orders"),
                    new Object[] {json, "application/json", true})))
                    .as(json).isNull();
        }
    }

    @Test
    void enforcedLinesCarryTheMaskedTextAndTheEvidenceNeverTheValue() throws Exception {
        Finding f = log(aspect(Map.of("sample", 0)), PI_LINE, true);
        assertThat(f.rule()).isEqualTo(DataAspect.LOG_BASELINE);
        assertThat(f.evidence().get("rewrite"))
                .isEqualTo("customer 1 loaded: idCard=110***********4477, card=622202*********0128, mobile=138****5678");
        assertThat(f.evidence()).containsEntry("count", "3").containsEntry("example", "110***********4477");
        Map<String, String> reported = new HashMap<>(f.evidence());
        reported.remove("rewrite");
        assertThat(reported.toString()).doesNotContain("110101199003074477", "6222021234567890128", "13812345678");
    }

    @Test
    void observeSamplesAtThePolicyRate() throws Exception {
        assertThat(log(aspect(Map.of("sample", 0)), PI_LINE, false)).isNull();
        Finding f = log(aspect(Map.of("sample", 1)), PI_LINE, false);
        assertThat(f.evidence()).doesNotContainKey("rewrite").containsEntry("types", "CN_RESIDENT_ID,CN_BANK_CARD,CN_MOBILE");
        DataAspect tenth = aspect(Map.of("sample", 0.1));
        int seen = 0;
        for (int i = 0; i < 2000; i++) {
            // one logger per line: reports of one logger are limited to one a second (below)
            seen += tenth.inspect(TestJoinPoint.of("log.message", PI_LINE, "INFO", "app" + i, "jul", false)) == null ? 0 : 1;
        }
        assertThat(seen).isBetween(120, 280);
    }

    @Test
    void observationOfOneLoggerIsReportedAtMostOnceASecondAndCountsTheRest() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1));
        assertThat(log(a, PI_LINE, false).evidence()).containsEntry("suppressed", "0");
        for (int i = 0; i < 5; i++) {
            assertThat(log(a, PI_LINE, false)).isNull();
            assertThat(log(a, PI_LINE, true)).as("rewrites are never limited").isNotNull();
        }
        Thread.sleep(DataAspect.REPORT_INTERVAL_NANOS / 1_000_000 + 50);
        assertThat(log(a, PI_LINE, false).evidence()).containsEntry("suppressed", "5");
    }

    @Test
    void maskedJsonStaysValidForStringsAndBareNumbers() throws Exception {
        String json = "{\"idCard\":\"110101199003074477\",\"mobile\":13812345678,\"note\":\"card 6222021234567890128 \\\"vip\\\"\"}";
        Finding f = aspect(Map.of("sample", 0)).inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1"),
                new Object[] {json, "application/json;charset=UTF-8", true}));
        String masked = f.evidence().get("rewrite");
        assertThat(masked).hasSameSizeAs(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) Json.parse(masked);
        assertThat(parsed.get("idCard")).isEqualTo("110***********4477");
        assertThat(parsed.get("mobile").toString()).isEqualTo("13800005678");
        assertThat(parsed.get("note")).isEqualTo("card 622202*********0128 \"vip\"");
    }

    @Test
    void theUnmaskedRoleOfTheEndpointSeesTheValues() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0, "roleHeader", "X-Role",
                "responses", List.of(Map.of("endpoint", "/customers/*", "unmaskedRoles", List.of("auditor")))));
        String json = "{\"idCard\":\"110101199003074477\"}";
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").header("x-role", "auditor"),
                new Object[] {json, "application/json", true}))).isNull();
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").header("x-role", "clerk"),
                new Object[] {json, "application/json", true}))).isNotNull();
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/export"),
                new Object[] {json, "application/json", true}))).as("an endpoint no rule names is not masked").isNull();
    }

    @Test
    void anAuthenticatedUsersRoleComesFromTheContainerAndAHeaderNeverOverridesIt() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0, "roleHeader", "X-Role", "roles", List.of("clerk"),
                "responses", List.of(Map.of("endpoint", "/customers/*", "unmaskedRoles", List.of("auditor")))));
        String json = "{\"idCard\":\"110101199003074477\"}";
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").user("alice", "auditor"),
                new Object[] {json, "application/json", true}))).as("an authenticated auditor").isNull();
        Finding clerk = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().uri("/customers/1").header("x-role", "auditor").user("bob", "clerk"),
                new Object[] {json, "application/json", true}));
        assertThat(clerk).as("a clerk forging X-Role: auditor is still masked").isNotNull();
        assertThat(clerk.evidence()).containsEntry("role", "clerk").containsEntry("rewrite", "{\"idCard\":\"110***********4477\"}");
        assertThat(clerk.evidence().toString()).doesNotContain("bob");
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").header("x-role", "auditor"),
                new Object[] {json, "application/json", true}))).as("an anonymous caller: the configured header").isNull();
    }

    @Test
    void withRoleFromPrincipalTheHeaderIsNeverRead() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0, "roleHeader", "X-Role", "roleFrom", List.of("principal"),
                "responses", List.of(Map.of("endpoint", "/customers/*", "unmaskedRoles", List.of("auditor")))));
        String json = "{\"idCard\":\"110101199003074477\"}";
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").header("x-role", "auditor"),
                new Object[] {json, "application/json", true}))).isNotNull();
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers/1").user("alice", "auditor"),
                new Object[] {json, "application/json", true}))).isNull();
        assertThatThrownBy(() -> aspect(Map.of("roleFrom", List.of("cookie")))).hasMessageContaining("\"principal\"");
        assertThatThrownBy(() -> aspect(Map.of("roleFrom", List.of("header")))).hasMessageContaining("roleHeader");
    }

    @Test
    void badConfigSaysWhatToGive() {
        assertThatThrownBy(() -> aspect(Map.of("sample", 2))).hasMessageContaining("a number from 0 to 1");
        assertThatThrownBy(() -> aspect(Map.of("logTypes", List.of("SSN")))).hasMessageContaining("catalog keys such as CN_RESIDENT_ID");
        assertThatThrownBy(() -> aspect(Map.of("maxRecords", -1))).hasMessageContaining("0 for no limit");
        assertThatThrownBy(() -> aspect(Map.of("responses", List.of(Map.of("types", List.of()))))).hasMessageContaining("\"endpoint\" pattern");
    }

    @Test
    void sameLengthMasksKeepUtf8Length() {
        assertThat(DataAspect.sameLength("张三丰", "张**")).isEqualTo("\uFF0A\uFF0A\uFF0A");
        assertThat(DataAspect.sameLength("13812345678", "138****5678")).isEqualTo("138****5678");
        assertThat(DataAspect.sameLength("a@b.cn", "[REDACTED]")).isEqualTo("******");
    }

    private static Finding read(DataAspect a, String value, String table, String column, HttpRequest request) {
        return a.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {value, table, column, false}));
    }

    /** A read while a rule of the aspect is in block mode: the host sets the fourth argument, enforcing. */
    private static Finding enforced(DataAspect a, String value, String table, String column, HttpRequest request) {
        return a.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {value, table, column, true}));
    }

    @Test
    void readValuesAreSampledAtThePolicyRate() throws Exception {
        assertThat(read(aspect(Map.of("sample", 0)), "110101199003074477", "customers", "id_number", null)).isNull();
        assertThat(read(aspect(Map.of("sample", 1)), "110101199003074477", "customers", "id_number", null)).isNotNull();
        DataAspect tenth = aspect(Map.of("sample", 0.1));
        int seen = 0;
        for (int i = 0; i < 2000; i++) {
            // one column per read: reports of one column are limited to one a second
            seen += read(tenth, "13812345678", "customers", "mobile" + i, null) == null ? 0 : 1;
        }
        assertThat(seen).isBetween(120, 280);
    }

    @Test
    void aReadValueIsReportedWithItsTableColumnTypeAndLevelAndAMaskedExampleNeverTheValue() throws Exception {
        DataAspect a = aspect(Map.of("sample", 1));
        Finding f = read(a, "110101199003074477", "customers", "id_number", null);
        assertThat(f.rule()).isEqualTo(DataAspect.JDBC_RESULT);
        assertThat(f.evidence()).containsEntry("table", "customers").containsEntry("column", "id_number")
                .containsEntry("types", "CN_RESIDENT_ID").containsEntry("dataLevel", "3").containsEntry("count", "1")
                .containsEntry("example", "110***********4477").containsEntry("suppressed", "0");
        assertThat(f.evidence().toString() + f.message()).doesNotContain("110101199003074477");
        assertThat(read(a, "110101199003074477", "customers", "id_number", null)).as("one event a second per column").isNull();
        assertThat(read(a, "6222021234567890128", "accounts", "card_no", null).evidence()).containsEntry("types", "CN_BANK_CARD");
        for (String line : benignCorpus()) {
            assertThat(read(a, line, "orders", "note", null)).as(line).isNull();
        }
        assertThat(read(a, "Zhang Wei", "customers", "name", null)).isNull();
    }

    @Test
    void aValueLeavingInTheResponseOrALogLineNamesTheColumnItWasReadFromInTheSameRequest() throws Exception {
        // sample 0 with a rule in block mode: an enforcing rule's events carry lineage, so every request's reads are remembered
        DataAspect a = aspect(Map.of("sample", 0));
        TestRequest request = new TestRequest().uri("/customers/1");
        assertThat(enforced(a, "110101199003074477", "customers", "id_number", request)).isNull();
        assertThat(enforced(a, "13812345678", "customers", "mobile", request)).isNull();
        assertThat(enforced(a, "Zhang Wei", "customers", "name", request)).isNull();
        assertThat(Lineage.size(request)).isEqualTo(2);
        String json = "{\"idCard\":\"110101199003074477\",\"mobile\":\"13812345678\",\"card\":\"6222021234567890128\"}";
        Finding response = a.inspect(new TestJoinPoint("http.response", request, new Object[] {json, "application/json", true}));
        assertThat(response.evidence()).containsEntry("source", "customers.id_number,customers.mobile")
                .containsEntry("sources", "CN_RESIDENT_ID=customers.id_number,CN_MOBILE=customers.mobile");
        Finding line = a.inspect(new TestJoinPoint("log.message", request,
                new Object[] {"sms to 13812345678 sent", "INFO", "sms", "logback", true}));
        assertThat(line.evidence()).containsEntry("source", "customers.mobile").containsEntry("sources", "CN_MOBILE=customers.mobile");
        assertThat(a.sourceOf(request, "138-1234-5678")).as("the canonical form: separators do not matter").isEqualTo("customers.mobile");
        assertThat(a.sourceOf(request, "6222021234567890128")).as("a value that was never read").isNull();

        TestRequest other = new TestRequest().uri("/customers/1");
        Finding elsewhere = a.inspect(new TestJoinPoint("http.response", other, new Object[] {json, "application/json", true}));
        assertThat(elsewhere.evidence()).as("another request read nothing").doesNotContainKeys("source", "sources");
        assertThat(Lineage.size(other)).isZero();
        assertThat(read(a, "13812345678", "customers", "mobile", null)).isNull();
        assertThat(a.sourceOf(null, "13812345678")).as("nothing is remembered outside a request").isNull();
    }

    /** One request as the agent runs it: started (the draw), two sensitive reads and a name, a JSON response, a log line. */
    private static Finding[] serve(DataAspect a, TestRequest request) {
        assertThat(a.wants("http.request", request, false)).as("the draw is made when the host asks; no call is prepared").isFalse();
        read(a, "110101199003074477", "customers", "id_number", request);
        read(a, "13812345678", "customers", "mobile", request);
        read(a, "Zhang Wei", "customers", "name", request);
        String json = "{\"idCard\":\"110101199003074477\",\"mobile\":\"13812345678\"}";
        Finding response = a.inspect(new TestJoinPoint("http.response", request, new Object[] {json, "application/json", false}));
        Finding line = a.inspect(new TestJoinPoint("log.message", request, new Object[] {"sms to 13812345678 sent", "INFO", "sms" + request.uri(), "logback", false}));
        return new Finding[] {response, line};
    }

    @Test
    void anUnsampledRequestDoesNoObservationWorkAndIsNotEvenPreparedByTheHost() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0));
        for (int i = 0; i < 200; i++) {
            TestRequest request = new TestRequest().uri("/customers/" + i);
            assertThat(serve(a, request)).containsOnlyNulls();
            assertThat(request.attachments()).as("no fingerprints, no record counts, no draw kept").isEmpty();
            for (String jp : List.of("jdbc.result", "http.response", "log.message", "http.outbound", "kafka.send")) {
                assertThat(a.wants(jp, request, false)).as(jp + ": the host need not decode, name or read anything").isFalse();
                assertThat(a.wants(jp, request, true)).as(jp + ": a rule in block mode sees every call").isTrue();
            }
        }
        assertThat(a.inspected()).as("no value classified or fingerprinted, no chunk or line run through the detectors").isZero();
        assertThat(a.inspect(new TestJoinPoint("http.request", new TestRequest(), new Object[] {"GET", "/"}))).isNull();
        assertThat(a.wants("jdbc.result", null, false)).as("outside a request each call is drawn in inspect").isTrue();

        DataAspect all = aspect(Map.of("sample", 1));
        TestRequest request = new TestRequest().uri("/customers/1");
        Finding[] found = serve(all, request);
        assertThat(all.wants("jdbc.result", request, false)).isTrue();
        assertThat(all.inspected()).as("the two reads past the digit check, the response and the line").isEqualTo(4);
        assertThat(Lineage.size(request)).isEqualTo(2);
        assertThat(found[0].rule()).isEqualTo(DataAspect.RESPONSE_MASK);
        assertThat(found[0].evidence()).containsEntry("source", "customers.id_number,customers.mobile");
        assertThat(found[1].evidence()).containsEntry("source", "customers.mobile");
    }

    @Test
    void theSampleIsDrawnOncePerRequestSoASampledRequestIsObservedWhole() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0.3));
        int sampled = 0;
        for (int i = 0; i < 1000; i++) {
            TestRequest request = new TestRequest().uri("/customers/" + i);
            Finding[] found = serve(a, request);
            boolean in = a.wants("jdbc.result", request, false);
            if (in) {
                sampled++;
                assertThat(Lineage.size(request)).as("every read of a sampled request is remembered").isEqualTo(2);
                assertThat(found[0].evidence()).as("so its response names its sources").containsEntry("sources",
                        "CN_RESIDENT_ID=customers.id_number,CN_MOBILE=customers.mobile");
            } else {
                assertThat(Lineage.size(request)).as("no read of an unsampled request is").isZero();
                assertThat(found).containsOnlyNulls();
            }
        }
        assertThat(sampled).isBetween(240, 360);
    }

    @Test
    void aColumnClassifiedOnceIsFingerprintedWithoutTheDetectorsAndLineageCanBeTurnedOff() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0));
        TestRequest first = new TestRequest().uri("/customers/1");
        enforced(a, "13812345678", "customers", "mobile", first);
        TestRequest second = new TestRequest().uri("/customers/2");
        // a formatted value the mobile detector would not cut out whole: the column's known type fingerprints it
        enforced(a, "+ 139 0000 1111", "customers", "mobile", second);
        assertThat(a.sourceOf(second, "13900001111")).isEqualTo("customers.mobile");

        DataAspect off = aspect(Map.of("sample", 0, "lineage", false));
        TestRequest r = new TestRequest().uri("/customers/1");
        enforced(off, "13812345678", "customers", "mobile", r);
        assertThat(Lineage.size(r)).isZero();
        assertThatThrownBy(() -> aspect(Map.of("lineage", "yes"))).hasMessageContaining("give true to attribute");
    }

    @Test
    void aRequestKeepsAtMost256FingerprintsTheOldestReplacedFirst() throws Exception {
        DataAspect a = aspect(Map.of("sample", 0));
        TestRequest request = new TestRequest().uri("/customers");
        for (int i = 0; i < 1000; i++) {
            enforced(a, "1380000" + String.format("%04d", i), "customers", "mobile", request);
        }
        assertThat(Lineage.size(request)).isEqualTo(Lineage.MAX_ENTRIES);
        assertThat(a.sourceOf(request, "13800000999")).isEqualTo("customers.mobile");
        assertThat(a.sourceOf(request, "13800000744")).isEqualTo("customers.mobile");
        assertThat(a.sourceOf(request, "13800000743")).as("replaced").isNull();
        assertThat(a.sourceOf(request, "13800000000")).isNull();
        assertThat(request.attachments()).as("the fingerprints live only in the request").containsOnlyKeys(Lineage.ATTACHMENT);
        request.end(); // what the agent does when the request ends
        assertThat(a.sourceOf(request, "13800000999")).isNull();
    }

    @Test
    void fingerprintsAreKeyedPerAspectInstanceAndSipHashMatchesTheReferenceVector() throws Exception {
        // SipHash-2-4 paper, Appendix A: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        assertThat(Lineage.sipHash24(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, m, 15)).isEqualTo(0xa129ca6149be45e5L);
        Lineage one = new Lineage();
        Lineage two = new Lineage();
        assertThat(one.fingerprint("110101199003074477")).isEqualTo(one.fingerprint("110101 19900307 4477"))
                .isNotEqualTo(two.fingerprint("110101199003074477")).isNotZero();
        assertThat(one.fingerprint("12345")).as("too short to identify anyone").isZero();
    }
}
