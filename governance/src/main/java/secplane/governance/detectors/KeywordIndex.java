package secplane.governance.detectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every context keyword of every detector, indexed by its first character, and the keyword occurrences of one
 * text found in a single pass: a detector then only checks whether one of its keywords occurred inside its
 * window, instead of searching the window once per keyword. Keywords are matched ASCII-case-insensitively.
 */
final class KeywordIndex {
    private static final Object LOCK = new Object();
    /** Lower-case keywords by first character; replaced, never mutated, so readers need no lock. */
    private static volatile String[][] byFirst = new String[0x10000][];

    private KeywordIndex() {
    }

    static void register(List<String> lowerCaseKeywords) {
        synchronized (LOCK) {
            String[][] next = byFirst.clone();
            for (String k : lowerCaseKeywords) {
                char c = k.charAt(0);
                String[] old = next[c] == null ? new String[0] : next[c];
                if (Arrays.asList(old).contains(k)) {
                    continue;
                }
                String[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = k.intern();
                next[c] = grown;
            }
            byFirst = next;
        }
    }

    /** Keyword occurrences in one text: parallel arrays of position and (interned) keyword. */
    static final class Hits {
        final String text;
        int count;
        int[] positions = new int[8];
        String[] keywords = new String[8];

        Hits(String text) {
            this.text = text;
        }

        void add(int pos, String k) {
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, count * 2);
                keywords = Arrays.copyOf(keywords, count * 2);
            }
            positions[count] = pos;
            keywords[count] = k;
            count++;
        }
    }

    /**
     * Per thread, the last text's hits as JDK types only ({text, int[] positions, String[] keywords, Integer count}):
     * a thread outlives an aspect (the attach listener that configured it, a pool thread of the application), and a
     * value of one of this library's classes would keep the aspect's class loader, and the agent's, alive after a
     * detach or an upgrade.
     */
    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

    /** The occurrences in this text, computed once per text and thread (the detectors of one call share them). */
    static Hits hits(String text) {
        Object[] last = LAST.get();
        if (last != null && last[0] == text) {
            Hits h = new Hits(text);
            h.positions = (int[]) last[1];
            h.keywords = (String[]) last[2];
            h.count = (Integer) last[3];
            return h;
        }
        Hits h = scan(text);
        LAST.set(new Object[] {text, h.positions, h.keywords, h.count});
        return h;
    }

    private static Hits scan(String text) {
        String[][] index = byFirst;
        Hits h = new Hits(text);
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            String[] ks = index[c];
            if (ks == null) {
                continue;
            }
            for (String k : ks) {
                if (i + k.length() <= n && matchesAt(text, i, k)) {
                    h.add(i, k);
                }
            }
        }
        return h;
    }

    /** ASCII-case-insensitive match of a lower-case keyword; most candidates fail on the second character. */
    private static boolean matchesAt(String text, int i, String k) {
        for (int j = 1; j < k.length(); j++) {
            char c = text.charAt(i + j);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != k.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    static List<String> all() {
        List<String> out = new ArrayList<>();
        for (String[] ks : byFirst) {
            if (ks != null) {
                out.addAll(Arrays.asList(ks));
            }
        }
        return out;
    }
}
