package secplane.governance.detectors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GB/T 2260 administrative division codes at province (2 digits) and prefecture (4 digits) level, with
 * their names: the area part of identity numbers and credit codes, and the gazetteer of the address
 * detector. Loaded once from {@code gbt2260.tsv}; see docs/governance.md for the edition.
 */
public final class AreaCodes {
    private static final AreaCodes INSTANCE = load();

    private final Map<String, String> names;
    private final boolean[] province = new boolean[100];
    private final boolean[] prefecture = new boolean[10000];
    /** Short place names (suffix 省/市/自治区… removed) and the 4-digit code they stand for, longest first. */
    private final List<Map.Entry<String, String>> shortNames;

    private AreaCodes(Map<String, String> names) {
        this.names = Collections.unmodifiableMap(names);
        List<Map.Entry<String, String>> shorts = new ArrayList<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String code = e.getKey();
            if (code.length() == 2) {
                province[Integer.parseInt(code)] = true;
            } else {
                prefecture[Integer.parseInt(code)] = true;
            }
            String shortName = shorten(e.getValue());
            if (shortName.length() >= 2 && !shortName.contains("辖")) {
                shorts.add(Map.entry(shortName, code));
            }
        }
        shorts.sort((a, b) -> b.getKey().length() - a.getKey().length());
        this.shortNames = Collections.unmodifiableList(shorts);
    }

    public static AreaCodes get() {
        return INSTANCE;
    }

    /** "浙江省" → "浙江", "延边朝鲜族自治州" → "延边", "杭州市" → "杭州". */
    static String shorten(String name) {
        for (String suffix : new String[] {"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市", "地区", "盟"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length() + 1) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        int zu = name.indexOf("族");
        if (name.endsWith("自治州") && zu > 1) {
            // "延边朝鲜族自治州": the place name precedes the first nationality, which is at least 1 char before 族
            String head = name.substring(0, name.length() - 3);
            return head.length() > 2 ? head.substring(0, 2) : head;
        }
        return name;
    }

    public boolean isProvince(int twoDigits) {
        return twoDigits >= 0 && twoDigits < 100 && province[twoDigits];
    }

    public boolean isPrefecture(int fourDigits) {
        return fourDigits >= 0 && fourDigits < 10000 && prefecture[fourDigits];
    }

    /** The name of a 2- or 4-digit code, or null. */
    public String name(String code) {
        return names.get(code);
    }

    public List<Map.Entry<String, String>> shortNames() {
        return shortNames;
    }

    /** Every 4-digit prefecture code, for generators of test identifiers. */
    public List<String> prefectureCodes() {
        List<String> out = new ArrayList<>();
        for (String c : names.keySet()) {
            if (c.length() == 4) {
                out.add(c);
            }
        }
        return out;
    }

    private static AreaCodes load() {
        Map<String, String> names = new HashMap<>();
        try (InputStream in = AreaCodes.class.getResourceAsStream("/secplane/governance/gbt2260.tsv")) {
            if (in == null) {
                throw new IllegalStateException("gbt2260.tsv is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                names.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AreaCodes(names);
    }
}
