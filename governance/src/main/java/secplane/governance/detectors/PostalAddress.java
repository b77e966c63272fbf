package secplane.governance.detectors;

import java.util.List;
import java.util.Map;

/**
 * Chinese postal addresses by address grammar: a road-like unit (路/街/道/巷/弄/里/村/胡同/组) followed by a house
 * number and 号, extended left over the place names before it and right over building/unit/room
 * (栋/幢/单元/室/楼/层); a GB/T 2260 province or prefecture name, or an administrative suffix (省/市/区/县/镇/乡),
 * in the span raises confidence. In an address field the whole value counts when it has a place name and a
 * road unit. Addresses without a house number in running text are not found (see the measured recall).
 */
final class PostalAddress extends TextRule {
    private static final String ROAD = "路街道巷弄里村同组";
    private static final String NUMERALS = "0123456789一二三四五六七八九十百零〇-";
    private static final String LEFT_STOP = "在到至于往从是为的了住：:，,。;；、 \t\r\n()（）【】[]\"'“”";
    private static final String RIGHT = "0123456789-栋幢号楼单元室层座甲乙丙";

    PostalAddress() {
        super("CN_ADDRESS", Region.CN,
                "…(省/市/区/县)…路/街/道/巷/弄 + number + 号 (+ 栋/单元/室); GB/T 2260 place names (province, prefecture) or admin suffixes raise confidence",
                Context.of(List.of("地址", "住址", "住在", "收货", "寄往", "address", "addr"), List.of("address", "addr", "dz", "地址", "住址", "location")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasCjk()) {
            return;
        }
        if (context.fieldVote(field) > 0) {
            String v = text.strip();
            if (v.length() >= 6 && v.length() <= 120 && (placeName(v) || adminSuffix(v)) && hasRoad(v)) {
                int s = text.indexOf(v);
                add(text, s, s + v.length(), 0.5, field, out);
                return;
            }
        }
        for (int h = text.indexOf('号'); h >= 0; h = text.indexOf('号', h + 1)) {
            int d = h;
            while (d > 0 && NUMERALS.indexOf(text.charAt(d - 1)) >= 0) {
                d--;
            }
            if (d == h || d == 0 || ROAD.indexOf(text.charAt(d - 1)) < 0) {
                continue;
            }
            int s = d - 1;
            while (s > 0 && d - s < 30 && LEFT_STOP.indexOf(text.charAt(s - 1)) < 0
                    && (isCjk(text.charAt(s - 1)) || Character.isDigit(text.charAt(s - 1)))) {
                s--;
            }
            int e = h + 1;
            while (e < text.length() && e - h < 16 && RIGHT.indexOf(text.charAt(e)) >= 0) {
                e++;
            }
            String span = text.substring(s, e);
            if (span.length() < 6) {
                continue;
            }
            double base = placeName(span) || adminSuffix(span.substring(0, Math.max(0, d - 1 - s))) ? 0.7 : 0.4;
            add(text, s, e, base, field, out);
            h = e - 1;
        }
    }

    private static boolean hasRoad(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (ROAD.indexOf(v.charAt(i)) >= 0 || v.charAt(i) == '号') {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> PLACES = new java.util.HashSet<>();

    static {
        for (Map.Entry<String, String> e : AreaCodes.get().shortNames()) {
            PLACES.add(e.getKey());
        }
    }

    /** Whether a GB/T 2260 short place name (2-5 characters) occurs in the span: a hash lookup per position and length. */
    static boolean placeName(String span) {
        for (int i = 0; i + 2 <= span.length(); i++) {
            for (int len = 2; len <= 5 && i + len <= span.length(); len++) {
                if (PLACES.contains(span.substring(i, i + len))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean adminSuffix(String span) {
        for (int i = 1; i < span.length(); i++) {
            if ("省市区县镇乡".indexOf(span.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
