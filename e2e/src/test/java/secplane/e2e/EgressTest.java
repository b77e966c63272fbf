package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Personal data leaving a real application under the agent, on JDK 17 and 25: a JSON customer record
 * posted to a "partner" HTTP server on 127.0.0.1 (the JDK HttpClient and HttpURLConnection) and sent to a
 * real Kafka broker (KRaft, one combined node in this JVM). Without the agent the partner and the topic
 * receive it; in observe mode they still do and each destination is reported; with {@code data.egress} in
 * block mode and the destinations off the allow list the application gets the block and nothing arrives;
 * allow-listed, everything passes.
 */
class EgressTest {
    private static final String CUSTOMER = "{\"name\":\"Zhang San\",\"idCard\":\"110101199003074477\",\"mobile\":\"13812345678\"}";
    private static KafkaClusterTestKit kafka;

    @TempDir
    Path tmp;
    private HttpServer partner;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void broker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("auto.create.topics.enable", "true").setConfigProp("offsets.topic.replication.factor", "1").build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startPartner() throws Exception {
        partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/v1/customers", x -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            x.getRequestBody().transferTo(body);
            received.add(body.toString(StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        partner.start();
    }

    @AfterEach
    void stopPartner() {
        partner.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + partner.getAddress().getPort() + "/v1/customers";
    }

    private String destination() {
        return "127.0.0.1:" + partner.getAddress().getPort();
    }

    private Path policy(String version, String mode, String allow) throws Exception {
        return policy(version, mode, allow, 0);
    }

    private Path policy(String version, String mode, String allow, int maxRecords) throws Exception {
        return Files.writeString(tmp.resolve(version + ".json"), "{\"version\": \"" + version + "\", \"aspects\": {\"data\": "
                + "{\"rules\": {\"data.egress\": \"" + mode + "\", \"data.egress-limit\": \"" + mode + "\"}, \"config\": {\"sample\": 1, "
                + "\"egress\": {\"allow\": [" + allow + "], \"maxRecords\": " + maxRecords + "}}}}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void withoutTheAgentThePartnerAndTheTopicReceiveTheCustomer(Path javaHome) throws Exception {
        String topic = "customers-plain-" + javaHome.getFileName();
        try (Probe p = Probe.start(javaHome, tmp)) {
            assertThat(p.send("post-client " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            assertThat(p.send("post-huc " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            assertThat(p.send("kafka-send " + kafka.bootstrapServers() + " " + topic + " " + CUSTOMER)).startsWith("ok sent " + topic + " offset 0");
        }
        assertThat(received).containsExactly(CUSTOMER, CUSTOMER);
        assertThat(read(topic)).containsExactly(CUSTOMER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void observeLetsTheDataGoAndReportsEachDestinationWithTypesButNeverTheValue(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        String topic = "customers-observed-" + javaHome.getFileName();
        try (Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy("egress-observe", "observe", "")))) {
            assertThat(p.send("post-client " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            Map<String, Object> client = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "observe")
                    .and(e -> "http-client".equals(TestEnv.evidence(e).get("client"))));
            // one report a second per destination: the second client's send is reported after that
            Thread.sleep(1100);
            assertThat(p.send("post-huc " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            Map<String, Object> huc = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "observe")
                    .and(e -> "http-url-connection".equals(TestEnv.evidence(e).get("client"))));
            assertThat(p.send("kafka-send " + kafka.bootstrapServers() + " " + topic + " " + CUSTOMER)).startsWith("ok sent");
            Map<String, Object> record = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "observe")
                    .and(e -> ("kafka:" + topic).equals(TestEnv.evidence(e).get("destination"))));
            for (Map<String, Object> e : List.of(client, huc)) {
                assertThat(e).containsEntry("joinPoint", "http.outbound");
                assertThat(TestEnv.evidence(e)).containsEntry("destination", destination()).containsEntry("allowed", "false")
                        .containsEntry("url", url()).containsEntry("types", "CN_RESIDENT_ID,CN_MOBILE").containsEntry("count", "2");
            }
            assertThat(record).containsEntry("joinPoint", "kafka.send");
            assertThat(TestEnv.evidence(record)).containsEntry("topic", topic).containsEntry("types", "CN_RESIDENT_ID,CN_MOBILE");
        }
        assertThat(received).containsExactly(CUSTOMER, CUSTOMER);
        assertThat(read(topic)).containsExactly(CUSTOMER);
        assertThat(Files.readString(data.resolve("events.jsonl"))).doesNotContain("110101199003074477").doesNotContain("13812345678");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void blockRefusesDestinationsOffTheAllowListBeforeAnyByteLeaves(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        String topic = "customers-blocked-" + javaHome.getFileName();
        try (Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data,
                "policy=" + policy("egress-block", "block", "\"partner.example.com\", \"kafka:audit-*\"")))) {
            assertThat(p.send("post-client " + url() + " " + CUSTOMER)).startsWith("blocked secplane blocked http.outbound (data.egress)");
            assertThat(p.send("post-huc " + url() + " " + CUSTOMER)).startsWith("blocked secplane blocked http.outbound (data.egress)");
            assertThat(p.send("post-huc-fixed " + url() + " " + CUSTOMER)).as("streaming mode: refused at the body's first write")
                    .startsWith("blocked secplane blocked http.outbound (data.egress)");
            assertThat(p.send("kafka-send " + kafka.bootstrapServers() + " " + topic + " " + CUSTOMER))
                    .startsWith("blocked secplane blocked kafka.send (data.egress)");
            assertThat(p.send("post-client " + url() + " {\"order\":\"ORD-20240317-000123\"}")).as("no personal data").isEqualTo("ok status 204");
            TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "block").and(e -> "kafka.send".equals(e.get("joinPoint"))));
            assertThat(TestEnv.events(data).stream().filter(TestEnv.verdict("data.egress", "block"))).hasSize(4);
        }
        // the streaming request's headers reached the partner (a body-less or cut request at most), never the customer
        assertThat(received).contains("{\"order\":\"ORD-20240317-000123\"}").noneMatch(b -> b.contains("110101199003074477"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).as("the producer never even asked for the topic").doesNotContain(topic);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void blockLetsAllowListedDestinationsReceiveAndRecordsThem(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        String topic = "audit-customers-" + javaHome.getFileName();
        try (Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data,
                "policy=" + policy("egress-allowed", "block", "\"127.0.0.1\", \"kafka:audit-*\"", 2)))) {
            assertThat(p.send("post-client " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            // an export over the limit: two customers are four level-3 values, over 2, even to an allowed partner
            assertThat(p.send("post-client " + url() + " [" + CUSTOMER + "," + CUSTOMER.replace("13812345678", "13912345678") + "]"))
                    .startsWith("blocked secplane blocked http.outbound (data.egress-limit)");
            assertThat(p.send("post-huc-fixed " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            assertThat(p.send("post-huc " + url() + " " + CUSTOMER)).isEqualTo("ok status 204");
            assertThat(p.send("kafka-send " + kafka.bootstrapServers() + " " + topic + " " + CUSTOMER)).startsWith("ok sent " + topic);
            Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "observe"));
            assertThat(TestEnv.evidence(e)).containsEntry("allowed", "true").containsEntry("reportOnly", "true");
        }
        assertThat(received).containsExactly(CUSTOMER, CUSTOMER, CUSTOMER);
        assertThat(read(topic)).containsExactly(CUSTOMER);
        assertThat(TestEnv.events(data).stream().filter(TestEnv.verdict("data.egress", "block"))).isEmpty();
        assertThat(TestEnv.events(data).stream().filter(TestEnv.verdict("data.egress-limit", "block"))).hasSize(1);
    }

    /**
     * Inside a request: the plain servlet testbed (Tomcat 10.1) exports customers to the partner from
     * {@code /export}. Without the agent the partner gets them; with {@code data.egress} in block mode the
     * client of the export gets 403 naming the event, and the partner gets nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void anExportFromAnEndpointIsAnswered403AndNeverReachesThePartner(Path javaHome) throws Exception {
        // the partner is the application's configuration, not request input (which the ssrf rule would judge)
        String partnerArg = "-Drequest-app.partner=" + url();
        String export = "/partner-export?count=2";
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("plain")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-plain"))), partnerArg)) {
            java.net.http.HttpResponse<String> r = app.get(export);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("exported 2, partner answered 204");
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("{\"customers\":[").contains("\"idCard\":\"");
        received.clear();
        Path data = tmp.resolve("data");
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("blocked")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-blocked"))), partnerArg,
                TestEnv.agentArg(data, "policy=" + policy("egress-export", "block", "\"partner.example.com\"")))) {
            java.net.http.HttpResponse<String> r = app.get(export);
            assertThat(r.statusCode()).isEqualTo(403);
            Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "block"));
            assertThat(r.body()).contains(e.get("id").toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) e.get("request");
            assertThat(request.get("uri").toString()).startsWith("/partner-export");
            assertThat(TestEnv.evidence(e)).containsEntry("destination", destination()).containsEntry("endpoint", "/partner-export");
            assertThat(TestEnv.evidence(e).get("types").toString()).contains("CN_RESIDENT_ID", "CN_BANK_CARD", "CN_MOBILE");
            assertThat(app.get("/orders").statusCode()).as("the application keeps serving").isEqualTo(200);
        }
        assertThat(received).as("the partner received nothing").isEmpty();
    }

    /** Every value of the topic's one partition, read from the beginning. */
    private static List<String> read(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<String> out = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
            return out;
        }
    }
}
