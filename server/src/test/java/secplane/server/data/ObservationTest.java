package secplane.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one event becomes an asset, types and a consumer: path patterns, address classes, events that are not observations. */
class ObservationTest {
    @Test
    void record_identifiers_in_a_path_become_a_pattern_and_route_names_stay() {
        Map<String, Object> get = Map.of("method", "get");
        assertThat(DataMap.endpoint(get, "/customers/42")).isEqualTo("GET /customers/{id}");
        assertThat(DataMap.endpoint(get, "/customers/110101199003074477/cards?page=2")).isEqualTo("GET /customers/{id}/cards");
        assertThat(DataMap.endpoint(get, "/orders/3f2b8c4e-1d2a-4b5c-9e8f-0a1b2c3d4e5f")).isEqualTo("GET /orders/{id}");
        assertThat(DataMap.endpoint(get, "/files/9f86d081884c7d659a2feaa0c55ad015")).isEqualTo("GET /files/{id}");
        assertThat(DataMap.endpoint(get, "/api/v2/customer-reports/monthly")).isEqualTo("GET /api/v2/customer-reports/monthly");
        assertThat(DataMap.endpoint(get, "/api/v2/customer_export_reports")).as("a long name without a digit is a route").isEqualTo("GET /api/v2/customer_export_reports");
        assertThat(DataMap.endpoint(Map.of("method", "POST", "uri", "/x/7"), "")).as("the request's URI when the evidence has none").isEqualTo("POST /x/{id}");
    }

    @Test
    void the_consumer_is_the_role_and_the_class_of_a_literal_address_never_a_lookup() {
        assertThat(DataMap.consumer("clerk", "127.0.0.1")).isEqualTo("role clerk, loopback");
        assertThat(DataMap.consumer("", "::1")).isEqualTo("no role, loopback");
        assertThat(DataMap.consumer("", "192.168.1.20")).isEqualTo("no role, private network");
        assertThat(DataMap.consumer("", "fd12:3456::1")).isEqualTo("no role, private network");
        assertThat(DataMap.consumer("", "203.0.113.9")).isEqualTo("no role, public network");
        assertThat(DataMap.consumer("", "example.org")).isEqualTo("no role, unknown address");
        assertThat(DataMap.consumer("auditor", "")).isEqualTo("role auditor");
    }

    @Test
    void only_verdicts_of_the_data_rules_with_evidence_are_observations() {
        assertThat(DataMap.observation("{\"type\":\"verdict\",\"rule\":\"jndi.remote-lookup\",\"evidence\":{}}")).isNull();
        assertThat(DataMap.observation("{\"type\":\"policy.applied\",\"rule\":\"data.log-baseline\",\"evidence\":{\"logger\":\"a\"}}")).isNull();
        assertThat(DataMap.observation("{\"type\":\"verdict\",\"rule\":\"data.log-baseline\"}")).isNull();
        assertThat(DataMap.observation("not json")).isNull();
        DataMap.Observation o = DataMap.observation("{\"type\":\"verdict\",\"verdict\":\"observe\",\"rule\":\"data.log-baseline\",\"evidence\":{\"logger\":\"app.Orders\","
                + "\"types\":\"CN_MOBILE, CN_MOBILE,EMAIL\",\"count\":\"3\",\"suppressed\":\"x\",\"library\":\"jul\"}}");
        assertThat(o).isEqualTo(new DataMap.Observation("data.log-baseline", "logger", "app.Orders", List.of("CN_MOBILE", "EMAIL"), 3, 0, "log output (jul)", "observe"));
    }
}
