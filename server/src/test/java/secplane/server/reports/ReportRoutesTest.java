package secplane.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/** The server alone has no renderer on its class path (the report module has it): the route says so. */
class ReportRoutesTest {
    @TempDir
    Path data;

    @Test
    void withoutTheReportModuleTheRouteAnswers501AndSaysWhatToRun() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(data).withPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            String admin = plane.bootstrapToken().orElseThrow();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port() + "/v1/reports/compliance?format=pdf"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(r.body()).contains("report module").contains("secplane report compliance");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port() + "/v1/reports/compliance"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        }
    }
}
