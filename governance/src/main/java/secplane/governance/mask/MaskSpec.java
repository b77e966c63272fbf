package secplane.governance.mask;

import java.util.Locale;
import secplane.governance.fpe.Alphabet;

/**
 * The masking operator language of the catalog and the CLI:
 * {@code keep:N,M} (first N, last M), {@code redact}, {@code replace:TEXT}, {@code hash} (HMAC-SHA-256, needs a key),
 * {@code generalise:year|city|ip|decade}, {@code email}, {@code fpe:digits|alnum|cjk} (FF1, needs a key).
 */
public final class MaskSpec {
    private MaskSpec() {
    }

    /** Checks a spec without building it (keys are not needed to validate). */
    public static void validate(String spec) {
        build(spec, new byte[32]);
    }

    /** Whether the operator needs a secret key. */
    public static boolean needsKey(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        return s.equals("hash") || s.startsWith("fpe:");
    }

    /**
     * @param key the secret for {@code hash} and {@code fpe} (16, 24 or 32 bytes), or null when none was given
     */
    public static MaskOperator build(String spec, byte[] key) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? lower : lower.substring(0, colon);
        String arg = colon < 0 ? "" : s.substring(colon + 1);
        switch (name) {
            case "keep": {
                String[] nm = arg.split(",");
                try {
                    if (nm.length != 2) {
                        throw new NumberFormatException();
                    }
                    return new KeepFirstLast(Integer.parseInt(nm[0].trim()), Integer.parseInt(nm[1].trim()));
                } catch (NumberFormatException e) {
                    throw bad(spec, "keep takes two counts, e.g. keep:3,4");
                }
            }
            case "redact":
                return Redact.DEFAULT;
            case "replace":
                return new Redact(arg);
            case "email":
                return new EmailMask();
            case "generalise":
            case "generalize":
                try {
                    return Generalise.valueOf(arg.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw bad(spec, "generalise takes year, city, ip or decade");
                }
            case "hash":
                requireKey(spec, key);
                return new SaltedHash(key, 32);
            case "fpe":
                requireKey(spec, key);
                try {
                    return new FpeMask(key, Alphabet.valueOf(arg.trim().toUpperCase(Locale.ROOT)), "secplane");
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() != null && e.getMessage().contains("AES key")) {
                        throw e;
                    }
                    throw bad(spec, "fpe takes digits, alnum or cjk");
                }
            default:
                throw bad(spec, "use keep:N,M, redact, replace:TEXT, hash, generalise:year|city|ip|decade, email or fpe:digits|alnum|cjk");
        }
    }

    private static void requireKey(String spec, byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("the masking operator '" + spec + "' needs a secret key of 16, 24 or 32 random bytes (MaskSpec.build(spec, key)); without one, reports show the type as [REDACTED]");
        }
    }

    private static IllegalArgumentException bad(String spec, String help) {
        return new IllegalArgumentException("unknown masking operator '" + spec + "': " + help);
    }
}
