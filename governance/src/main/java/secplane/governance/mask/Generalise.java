package secplane.governance.mask;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import secplane.governance.detectors.AreaCodes;

/** Generalisation: keeps a coarser truth of the value (GB/T 37964-2019 §6 generalisation techniques). */
public enum Generalise implements MaskOperator {
    /** A date (yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, yyyy年m月d日) → its year. */
    YEAR {
        @Override
        public String apply(String value) {
            Matcher m = DATE.matcher(value);
            return m.find() ? m.group(1) : "****";
        }
    },
    /** A Chinese address → its province and prefecture (GB/T 2260 names), e.g. "浙江省杭州市". */
    CITY {
        @Override
        public String apply(String value) {
            String province = null;
            String city = null;
            for (Map.Entry<String, String> e : AreaCodes.get().shortNames()) {
                if (value.contains(e.getKey())) {
                    String code = e.getValue();
                    if (code.length() == 2 && province == null) {
                        province = code;
                    } else if (code.length() == 4 && city == null) {
                        city = code;
                    }
                }
            }
            AreaCodes areas = AreaCodes.get();
            if (city != null && (province == null || city.startsWith(province))) {
                String p = areas.name(city.substring(0, 2));
                String c = areas.name(city);
                return c.contains("辖") ? p : p + c;
            }
            return province != null ? areas.name(province) : "***";
        }
    },
    /** IPv4 → its /24 network, IPv6 → its /48 prefix. */
    IP {
        @Override
        public String apply(String value) {
            int dot = value.lastIndexOf('.');
            if (value.indexOf(':') < 0 && dot > 0) {
                return value.substring(0, dot) + ".0/24";
            }
            String[] groups = value.split(":");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(3, groups.length) && !groups[i].isEmpty(); i++) {
                sb.append(groups[i]).append(':');
            }
            return sb.append(":/48").toString();
        }
    },
    /** A number (an age, an amount) → its decade band, e.g. 37 → "30-39". */
    DECADE {
        @Override
        public String apply(String value) {
            try {
                long v = Long.parseLong(value.trim());
                long lo = v / 10 * 10;
                return lo + "-" + (lo + 9);
            } catch (NumberFormatException e) {
                return "***";
            }
        }
    };

    private static final Pattern DATE = Pattern.compile("((?:19|20)\\d{2})(?:[-/.年]?\\d{1,2}[-/.月]?\\d{1,2}日?)");
}
