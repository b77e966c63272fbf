package secplane.governance.detectors;

import java.util.List;

/** Base of the detectors that scan the text themselves behind their own prefilter. */
abstract class TextRule implements Detector {
    private final String type;
    private final Region region;
    private final String rule;
    final Context context;

    TextRule(String type, Region region, String rule, Context context) {
        this.type = type;
        this.region = region;
        this.rule = rule;
        this.context = context;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Region region() {
        return region;
    }

    @Override
    public final String rule() {
        return rule;
    }

    @Override
    public final boolean scansText() {
        return true;
    }

    final void add(String text, int start, int end, double base, String field, List<Finding> out) {
        out.add(new Finding(type, start, end, text.substring(start, end), context.score(base, text, start, end, field)));
    }

    static boolean isCjk(char c) {
        return c >= 0x4E00 && c <= 0x9FFF;
    }

    static boolean isAsciiAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
