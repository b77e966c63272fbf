package secplane.governance.detectors;

import java.util.List;

/**
 * Motor vehicle plates (GA 36-2018): a province abbreviation, the issuing authority letter, an optional '·',
 * then 5 characters (letters except I and O, digits; the last may be 挂/学/警/港/澳) for ordinary plates,
 * or 6 for new-energy plates (D/A/B/C/E for battery-electric, F/G/H/J/K for others, first for small
 * vehicles and last for large ones).
 */
final class LicensePlate extends TextRule {
    private static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private static final boolean[] IS_PROVINCE = new boolean[0x10000];
    private static final String NEV_LETTERS = "DABCEFGHJK";
    private final boolean nev;

    static {
        for (char c : PROVINCES.toCharArray()) {
            IS_PROVINCE[c] = true;
        }
    }

    LicensePlate(boolean nev) {
        super(nev ? "CN_LICENSE_PLATE_NEV" : "CN_LICENSE_PLATE", Region.CN,
                nev ? "province abbreviation + letter + 6 characters with D/A/B/C/E/F/G/H/J/K first (small) or last (large) (GA 36-2018 new-energy plates)"
                        : "province abbreviation + letter + 5 characters of A-Z (no I/O) and 0-9, last may be 挂/学/警/港/澳 (GA 36-2018)",
                Context.of(List.of("车牌", "号牌", "牌照", "车辆", "plate"), List.of("plate", "carno", "车牌", "cph", "vehicleno")));
        this.nev = nev;
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasCjk()) {
            return;
        }
        int n = text.length();
        for (int i = 0; i + 6 < n; i++) {
            char c = text.charAt(i);
            if (!IS_PROVINCE[c]) {
                continue;
            }
            char authority = text.charAt(i + 1);
            if (authority < 'A' || authority > 'Z' || i > 0 && isAsciiAlnum(text.charAt(i - 1))) {
                continue;
            }
            int p = i + 2;
            if (p < n && (text.charAt(p) == '·' || text.charAt(p) == '•' || text.charAt(p) == ' ')) {
                p++;
            }
            int s = p;
            int digits = 0;
            while (p < n && p - s < 7 && plateChar(text.charAt(p))) {
                digits += Character.isDigit(text.charAt(p)) ? 1 : 0;
                p++;
            }
            int len = p - s;
            boolean suffix = p < n && "挂学警港澳".indexOf(text.charAt(p)) >= 0;
            if (p < n && isAsciiAlnum(text.charAt(p)) || digits == 0) {
                continue;
            }
            if (!nev && (len == 5 || len == 4 && suffix)) {
                add(text, i, suffix ? p + 1 : p, 0.7, field, out);
            } else if (nev && len == 6 && (NEV_LETTERS.indexOf(text.charAt(s)) >= 0 && digits >= 4
                    || NEV_LETTERS.indexOf(text.charAt(s + 5)) >= 0 && digits == 5)) {
                add(text, i, p, 0.75, field, out);
            }
        }
    }

    private static boolean plateChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
    }
}
