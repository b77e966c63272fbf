package secplane.governance.detectors;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat ids: system ids "wxid_..." anywhere; user-chosen ids (a letter, then 5-19 letters, digits, '_' or
 * '-', per WeChat's account rules) only after a WeChat keyword or in a WeChat field.
 */
final class WeChatId extends TextRule {
    private static final Pattern USER_ID = Pattern.compile("[a-zA-Z][-_a-zA-Z0-9]{5,19}");
    private static final Pattern AFTER_KEYWORD = Pattern.compile("(?i)(微信号?|wechat(?: id)?|weixin)\\s*[：:=]?\\s*([a-zA-Z][-_a-zA-Z0-9]{5,19})(?![-_a-zA-Z0-9])");

    WeChatId() {
        super("CN_WECHAT_ID", Region.CN, "'wxid_' system ids anywhere; user ids [a-zA-Z][-_a-zA-Z0-9]{5,19} after 微信/WeChat or in a WeChat field",
                Context.of(List.of("微信", "wechat", "weixin"), List.of("wechat", "weixin", "wxid", "微信")));
    }

    /** "wechat" or "weixin" in any case, looked for only where a 'w' or 'W' is (String.indexOf is vectorised). */
    private static boolean mentionsWeChat(String text) {
        for (char w : new char[] {'w', 'W'}) {
            for (int i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
                if (text.regionMatches(true, i, "wechat", 0, 6) || text.regionMatches(true, i, "weixin", 0, 6)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        for (int s = text.indexOf("wxid_"); s >= 0; s = text.indexOf("wxid_", s + 5)) {
            int e = s + 5;
            while (e < text.length() && (isAsciiAlnum(text.charAt(e)) || text.charAt(e) == '_')) {
                e++;
            }
            if (e - s >= 11) {
                add(text, s, e, 0.85, field, out);
            }
        }
        if (context.fieldVote(field) > 0) {
            String v = text.strip();
            if (USER_ID.matcher(v).matches() && !v.startsWith("wxid_")) {
                int s = text.indexOf(v);
                add(text, s, s + v.length(), 0.45, field, out);
            }
            return;
        }
        if (!(features.hasCjk() && text.indexOf('微') >= 0) && !mentionsWeChat(text)) {
            return;
        }
        {
            Matcher m = AFTER_KEYWORD.matcher(text);
            while (m.find()) {
                if (!m.group(2).startsWith("wxid_")) {
                    add(text, m.start(2), m.end(2), 0.45, field, out);
                }
            }
        }
    }
}
