package secplane.report;

/** A text in English and in Simplified Chinese; the report is written in one of them, with both in its headings. */
public record Text(String en, String zh) {
    public static Text of(String en, String zh) {
        return new Text(en, zh);
    }

    /** Text that reads the same in both languages: identifiers, numbers, queries. */
    public static Text same(String s) {
        return new Text(s, s);
    }

    public String in(Lang lang) {
        return lang == Lang.ZH && zh != null ? zh : en;
    }

    /** The language a report is written in. */
    public enum Lang {
        EN, ZH;

        public static Lang parse(String s) {
            return switch (s == null ? "en" : s.toLowerCase(java.util.Locale.ROOT)) {
                case "en" -> EN;
                case "zh", "zh-cn", "zh-hans" -> ZH;
                default -> throw new IllegalArgumentException("--lang takes en or zh, not " + s);
            };
        }
    }
}
