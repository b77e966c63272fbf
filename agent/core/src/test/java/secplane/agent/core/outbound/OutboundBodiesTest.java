package secplane.agent.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OutboundBodiesTest {
    private static final String BODY = "{\"idCard\":\"110101199003074477\"}";

    @Test
    void theJdkClientsInMemoryBodiesAreReadAndCanStillBeSent() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x")).POST(BodyPublishers.ofString(BODY)).build();
        assertThat(OutboundBodies.utf8(OutboundBodies.httpClientBody(r))).isEqualTo(BODY);
        assertThat(OutboundBodies.utf8(OutboundBodies.httpClientBody(r))).as("read again, as the client will").isEqualTo(BODY);
        HttpRequest bytes = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x"))
                .POST(BodyPublishers.ofByteArray(BODY.getBytes(StandardCharsets.UTF_8))).build();
        assertThat(OutboundBodies.utf8(OutboundBodies.httpClientBody(bytes))).isEqualTo(BODY);
    }

    @Test
    void bodiesAreCutAt64KbAndStreamsAreNeverReadAhead() throws Exception {
        String big = "x".repeat(OutboundBodies.LIMIT + 1000);
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x")).POST(BodyPublishers.ofString(big)).build();
        assertThat(OutboundBodies.httpClientBody(r)).hasSize(OutboundBodies.LIMIT);
        HttpRequest stream = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x"))
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)))).build();
        assertThat(OutboundBodies.httpClientBody(stream)).isNull();
        assertThat(OutboundBodies.httpClientBody(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x")).GET().build())).isNull();
    }

    @Test
    void destinationsAreHostAndPortWithTheSchemesDefaultAndUrlsLoseTheirQuery() {
        assertThat(OutboundBodies.destination("https://Partner.Example.com/v1?id=110101199003074477")).isEqualTo("partner.example.com:443");
        assertThat(OutboundBodies.destination("http://127.0.0.1/v1")).isEqualTo("127.0.0.1:80");
        assertThat(OutboundBodies.destination("http://[::1]:8080/v1")).isEqualTo("[::1]:8080");
        assertThat(OutboundBodies.withoutQuery("https://partner.example.com/v1/c?id=110101199003074477#x")).isEqualTo("https://partner.example.com:443/v1/c");
        assertThat(OutboundBodies.destination("mailto:someone")).isNull();
    }
}
