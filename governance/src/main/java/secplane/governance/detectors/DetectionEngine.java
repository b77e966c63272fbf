package secplane.governance.detectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every detector over a text in one pass: the text is walked once to cut out alphanumeric tokens and
 * digit groups (the cheap prefilter: prose without digit runs produces no candidates) and to note which
 * trigger characters occur; candidates go to the validating detectors, and text-scanning detectors run
 * only when their trigger is present. Overlapping findings are resolved in favour of the more confident.
 *
 * <p>Thread-safe: detectors keep no state between calls.
 */
public final class DetectionEngine {
    /** Findings below this confidence are dropped by {@link #detect}. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** Longest compact candidate: IBAN (34) is the longest identifier; longer digit runs are not cut. */
    private static final int MAX_COMPACT = 34;
    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ALNUM[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALNUM[c] = true;
            ALNUM[c + 32] = true;
        }
    }

    private final List<Detector> detectors;
    private final Detector[] candidateDetectors;
    private final Detector[] textDetectors;
    private final double threshold;
    /** The fast path when every detector is one of the digit rules (resident ID, cards, mobile), else null. */
    private final DigitScanner digits;

    public DetectionEngine(List<Detector> detectors, double threshold) {
        this.detectors = List.copyOf(detectors);
        this.candidateDetectors = detectors.stream().filter(d -> !d.scansText()).toArray(Detector[]::new);
        this.textDetectors = detectors.stream().filter(Detector::scansText).toArray(Detector[]::new);
        this.threshold = threshold;
        this.digits = DigitScanner.forDetectors(this.detectors, threshold);
    }

    /** All built-in detectors at the default threshold. */
    public static DetectionEngine standard() {
        return new DetectionEngine(Builtins.all(), DEFAULT_THRESHOLD);
    }

    public List<Detector> detectors() {
        return detectors;
    }

    public double threshold() {
        return threshold;
    }

    /** Findings at or above the threshold, without overlaps, in text order. */
    public List<Finding> detect(String text) {
        return detect(text, null);
    }

    /**
     * @param field the column name or JSON key the text came from, or null; it raises or lowers confidence
     */
    public List<Finding> detect(String text, String field) {
        return digits != null ? digits.detect(text, field) : detectGeneral(text, field);
    }

    /** Whether {@link #detect} takes the digit fast path (DigitScanner) for these detectors. */
    public boolean fastPath() {
        return digits != null;
    }

    /** detect() through the general path, whatever the detectors: the reference the fast path is tested against. */
    List<Finding> detectGeneral(String text, String field) {
        List<Finding> raw = detectAll(text, field);
        List<Finding> kept = new ArrayList<>(raw.size());
        for (Finding f : raw) {
            if (f.confidence() >= threshold) {
                kept.add(f);
            }
        }
        return resolveOverlaps(kept);
    }

    /** Every finding of every detector, whatever its confidence, overlaps included. */
    public List<Finding> detectAll(String text, String field) {
        List<Finding> out = new ArrayList<>(4);
        if (text == null || text.isEmpty()) {
            return out;
        }
        String nf = Context.normaliseField(field);
        TextFeatures features = new TextFeatures();
        cutCandidates(text, features, nf, out);
        for (Detector d : textDetectors) {
            d.scan(text, features, nf, out);
        }
        return out;
    }

    private void cutCandidates(String text, TextFeatures features, String field, List<Finding> out) {
        int n = text.length();
        // token boundaries, grown on demand; most texts have few tokens with digits
        int[] starts = new int[16];
        int[] ends = new int[16];
        int[] digitCounts = new int[16];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < 128 && ALNUM[c]) {
                int s = i;
                int digits = 0;
                do {
                    if (c <= '9') {
                        digits++;
                    }
                    i++;
                } while (i < n && (c = text.charAt(i)) < 128 && ALNUM[c]);
                if (digits == 0) {
                    // words are never candidates; IBAN groups read their letter blocks from the text itself
                    continue;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                    digitCounts = java.util.Arrays.copyOf(digitCounts, count * 2);
                }
                starts[count] = s;
                ends[count] = i;
                digitCounts[count] = digits;
                count++;
            } else {
                if (c == '@') {
                    features.at = true;
                } else if (c == ':') {
                    features.colon = true;
                } else if (c == '-') {
                    features.dash = true;
                } else if (c >= 0x3400 && c <= 0x9FFF) {
                    features.cjk = true;
                }
                i++;
            }
        }
        for (int t = 0; t < count; t++) {
            int s = starts[t];
            int e = ends[t];
            int len = e - s;
            int digits = digitCounts[t];
            boolean plus = s > 0 && text.charAt(s - 1) == '+';
            if (len >= 5 && len <= MAX_COMPACT) {
                boolean allDigits = digits == len || (digits == len - 1 && (text.charAt(e - 1) | 0x20) == 'x');
                String tok = text.substring(s, e);
                if (allDigits && digits != len) {
                    tok = tok.substring(0, len - 1) + 'X';
                }
                offer(new Candidate(text, s, e, tok, plus, false, allDigits), field, out);
            }
            boolean startsGroup = t == 0 || !joins(text, ends[t - 1], s, digitCounts[t - 1] == ends[t - 1] - starts[t - 1]);
            if (digits == len && startsGroup && t + 1 < count) {
                digitGroup(text, t, starts, ends, digitCounts, count, plus, field, out);
                dottedQuad(text, t, starts, ends, digitCounts, count, field, out);
            }
            if (len == 4 && e < text.length() && text.charAt(e) == ' ') {
                ibanGroup(text, s, e, field, out);
            }
            if (len == 8 && e + 2 <= text.length() && text.charAt(e) == '-' && isAlnum(text.charAt(e + 1))
                    && (e + 2 == text.length() || !isAlnum(text.charAt(e + 2)))) {
                // organisation codes are printed XXXXXXXX-X (GB 11714-1997 §4)
                String code = (text.substring(s, e) + text.charAt(e + 1)).toUpperCase(java.util.Locale.ROOT);
                offer(new Candidate(text, s, e + 2, code, plus, true, false), field, out);
            }
        }
    }

    /** A single ' ' or '-' between two digit tokens joins them into one group. */
    private static boolean joins(String text, int prevEnd, int nextStart, boolean prevAllDigits) {
        if (!prevAllDigits || nextStart - prevEnd != 1) {
            return false;
        }
        char sep = text.charAt(prevEnd);
        return sep == ' ' || sep == '-';
    }

    private void digitGroup(String text, int t, int[] starts, int[] ends, int[] digitCounts, int count, boolean plus,
                            String field, List<Finding> out) {
        char sep = text.charAt(ends[t]);
        if (sep != ' ' && sep != '-' || starts[t + 1] - ends[t] != 1 || digitCounts[t + 1] == 0) {
            return;
        }
        StringBuilder compact = new StringBuilder(24).append(text, starts[t], ends[t]);
        int last = t;
        for (int u = t + 1; u < count; u++) {
            int len = ends[u] - starts[u];
            boolean digitsOnly = digitCounts[u] == len;
            boolean endsWithX = digitCounts[u] == len - 1 && (text.charAt(ends[u] - 1) | 0x20) == 'x';
            if (starts[u] - ends[u - 1] != 1 || text.charAt(ends[u - 1]) != sep || !(digitsOnly || endsWithX)
                    || compact.length() + len > 24) {
                break;
            }
            if (endsWithX) {
                compact.append(text, starts[u], ends[u] - 1).append('X');
                last = u;
                break;
            }
            compact.append(text, starts[u], ends[u]);
            last = u;
        }
        if (last > t && compact.length() >= 7) {
            offer(new Candidate(text, starts[t], ends[last], compact.toString(), plus, true, true), field, out);
        }
    }

    /** Four digit tokens of at most 3 digits joined by '.', as "a.b.c.d", for the IPv4 detector. */
    private void dottedQuad(String text, int t, int[] starts, int[] ends, int[] digitCounts, int count, String field,
                            List<Finding> out) {
        if (t + 3 >= count || text.charAt(ends[t]) != '.' || starts[t] > 1 && text.charAt(starts[t] - 1) == '.' && Character.isDigit(text.charAt(starts[t] - 2))) {
            return;
        }
        for (int u = t; u <= t + 3; u++) {
            int len = ends[u] - starts[u];
            if (len > 3 || digitCounts[u] != len || (u > t && (starts[u] - ends[u - 1] != 1 || text.charAt(ends[u - 1]) != '.'))) {
                return;
            }
        }
        int e = ends[t + 3];
        if (e < text.length() && text.charAt(e) == '.' && e + 1 < text.length() && Character.isDigit(text.charAt(e + 1))) {
            return; // five or more parts: a version or OID, not an address
        }
        offer(new Candidate(text, starts[t], e, text.substring(starts[t], e), false, true, false), field, out);
    }

    /** IBANs printed in blocks of four ("GB82 WEST 1234 5698 7654 32"), ISO 13616-1 §5 paper format. */
    private void ibanGroup(String text, int s, int e, String field, List<Finding> out) {
        if (!(isUpper(text.charAt(s)) && isUpper(text.charAt(s + 1)) && Character.isDigit(text.charAt(s + 2))
                && Character.isDigit(text.charAt(s + 3)))) {
            return;
        }
        int n = text.length();
        StringBuilder compact = new StringBuilder(34).append(text, s, e);
        int end = e;
        int pos = e;
        while (pos < n && text.charAt(pos) == ' ') {
            int q = pos + 1;
            while (q < n && q - pos - 1 < 5 && isAlnum(text.charAt(q))) {
                q++;
            }
            int len = q - pos - 1;
            if (len == 0 || len > 4 || compact.length() + len > 34) {
                break;
            }
            compact.append(text, pos + 1, q);
            end = q;
            pos = q;
            if (len < 4) {
                break;
            }
        }
        if (end > e) {
            offer(new Candidate(text, s, end, compact.toString().toUpperCase(java.util.Locale.ROOT), false, true, false), field, out);
        }
    }

    private static boolean isAlnum(char c) {
        return c < 128 && ALNUM[c];
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private void offer(Candidate c, String field, List<Finding> out) {
        for (Detector d : candidateDetectors) {
            d.candidate(c, field, out);
        }
    }

    /** Keeps, among overlapping findings, the most confident (then the longest); the result is in text order. */
    public static List<Finding> resolveOverlaps(List<Finding> findings) {
        if (findings.size() < 2) {
            return findings;
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingDouble(Finding::confidence).reversed().thenComparing(Comparator.comparingInt(Finding::length).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : sorted) {
            boolean overlaps = false;
            for (Finding k : kept) {
                if (f.start() < k.end() && k.start() < f.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(f);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }
}
