package secplane.consortium.cases;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import secplane.consortium.trace.TraceCase;
import secplane.consortium.trace.TraceResult;

/**
 * Turns a member's case actions into ledger entries ({@link CaseEvent} format). Personal data appears only as keyed
 * hashes (HMAC-SHA256, RFC 2104, under the consortium's shared key, so members can find every event about an account
 * they know but an outsider reading the log cannot test guesses) or inside details sealed to the parties entitled to
 * read them: the member that filed the case and the members holding the accounts concerned.
 */
public final class CaseEvents {
    private final String self;
    private final byte[] consortiumKey;
    private final Map<String, byte[]> sealingKeys;
    private final SecureRandom random;

    /**
     * @param consortiumKey the shared HMAC key, at least 32 bytes
     * @param sealingKeys every member's X25519 public key (this member's included)
     */
    public CaseEvents(String self, byte[] consortiumKey, Map<String, byte[]> sealingKeys, SecureRandom random) {
        if (consortiumKey.length < 32) {
            throw new IllegalArgumentException("the consortium's case key must be at least 32 bytes (RFC 2104 §3: not shorter than the hash output)");
        }
        if (!sealingKeys.containsKey(self)) {
            throw new IllegalArgumentException("no sealing key for this member (" + self + ") among the members' keys");
        }
        this.self = self;
        this.consortiumKey = consortiumKey.clone();
        this.sealingKeys = Map.copyOf(sealingKeys);
        this.random = random;
    }

    /** The keyed hash of an account id, as it appears in entries. */
    public String accountHash(String account) {
        return hmac("account:" + account);
    }

    public String caseRef(String caseId) {
        return hmac("case:" + caseId);
    }

    private String hmac(String s) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(consortiumKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case was filed by this member. */
    public byte[] report(TraceCase c) {
        String details = "{\"case\":" + q(c.caseId()) + ",\"victimAccount\":" + q(c.victimAccount()) + ",\"victimMember\":" + q(c.victimMember())
                + ",\"amount\":" + c.amount() + ",\"from\":" + q(c.from().toString()) + ",\"to\":" + q(c.to().toString())
                + ",\"maxHops\":" + c.maxHops() + "}";
        return entry("report", c.caseId(), List.of(c.victimAccount()), parties(c.victimMember()), details);
    }

    /** The trace followed one transfer. */
    public byte[] traceStep(TraceCase c, TraceResult.Edge e) {
        String details = "{\"transfer\":" + q(e.transferId()) + ",\"from\":" + q(e.fromAccount()) + ",\"fromMember\":" + q(e.fromMember())
                + ",\"to\":" + q(e.toAccount()) + ",\"toMember\":" + q(e.toMember()) + ",\"amount\":" + e.amount() + ",\"time\":"
                + q(e.time().toString()) + ",\"depth\":" + e.depth() + "}";
        return entry("trace-step", c.caseId(), List.of(e.fromAccount(), e.toAccount()), parties(e.fromMember(), e.toMember()), details);
    }

    /** This member asked the holding member to freeze an account. */
    public byte[] freezeRequest(TraceCase c, TraceResult.Freeze f) {
        String details = "{\"account\":" + q(f.account()) + ",\"member\":" + q(f.member()) + "}";
        return entry("freeze-request", c.caseId(), List.of(f.account()), parties(f.member()), details);
    }

    /** The holding member's answer (or why none came). */
    public byte[] freezeAnswer(TraceCase c, TraceResult.Freeze f) {
        String details = "{\"account\":" + q(f.account()) + ",\"member\":" + q(f.member()) + ",\"answered\":" + f.answered()
                + ",\"accepted\":" + f.accepted() + ",\"reason\":" + q(f.reason()) + "}";
        return entry("freeze-answer", c.caseId(), List.of(f.account()), parties(f.member()), details);
    }

    private List<String> parties(String... others) {
        Set<String> p = new LinkedHashSet<>();
        p.add(self);
        for (String o : others) {
            if (o != null && sealingKeys.containsKey(o)) {
                p.add(o);
            }
        }
        return new ArrayList<>(p);
    }

    private byte[] entry(String type, String caseId, List<String> accounts, List<String> parties, String details) {
        StringBuilder h = new StringBuilder(CaseEvent.MAGIC).append('\n');
        h.append("type ").append(type).append('\n');
        h.append("case ").append(caseRef(caseId)).append('\n');
        h.append("at ").append(Instant.now()).append('\n');
        h.append("by ").append(self).append('\n');
        h.append("accounts");
        for (String a : accounts) {
            h.append(' ').append(accountHash(a));
        }
        h.append('\n');
        h.append("parties ").append(String.join(" ", parties)).append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] plain = details.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(h);
        for (String p : parties) {
            out.append("details ").append(p).append(' ')
                    .append(Base64.getEncoder().encodeToString(Sealed.seal(sealingKeys.get(p), plain, header, random))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
