package secplane.governance.detectors;

import java.util.List;

/**
 * Chinese personal names: a surname from the common single and compound surname list, then 1-2 given-name
 * characters; only reported with context (a label such as 姓名/联系人/收件人 right before it, or a name
 * column/key), because surname characters are also ordinary words. Accuracy is measured, not assumed:
 * see docs/benchmarks.md.
 */
final class PersonName extends TextRule {
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
    static final List<String> COMPOUND = List.of("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
            "夏侯", "轩辕", "令狐", "钟离", "端木", "南宫", "独孤", "百里", "呼延", "万俟", "申屠", "澹台", "公冶", "太史", "闻人", "赫连");
    /** Characters that end a name: function words and the first characters of the labels that follow one. */
    private static final String STOP = "的了是在和与及或等但而先女男电手身地住性年出联邮证号码籍民族生日期岁工作单位家庭就职现";
    private static final List<String> LABELS = List.of("姓名", "联系人", "收件人", "收货人", "寄件人", "户主", "患者", "持卡人", "开户名", "户名",
            "申请人", "借款人", "法定代表人", "经办人", "客户", "签名", "本人", "我叫", "name");

    PersonName() {
        super("CN_PERSON_NAME", Region.CN,
                "common single/compound surname + 1-2 given-name characters, after a label (姓名, 联系人, 收件人, 持卡人…) or in a name field",
                new Context(LABELS, List.of(), List.of("name", "xm", "姓名", "联系人", "contact", "holder", "customer"), List.of("username", "filename", "hostname", "nickname", "company", "product", "orgname")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasCjk()) {
            return;
        }
        if (context.fieldVote(field) > 0) {
            String v = text.strip();
            int len = nameLength(v, 0);
            if (len == v.length()) {
                int s = text.indexOf(v);
                add(text, s, s + len, 0.5, field, out);
                return;
            }
        }
        int n = text.length();
        for (int k = 0; k < n; k++) {
            char c = text.charAt(k);
            if (c >= LABEL_START.length || !LABEL_START[c]) {
                continue;
            }
            for (String label : LABELS) {
                if (label.charAt(0) != c || !text.startsWith(label, k)) {
                    continue;
                }
                int i = k + label.length();
                int skipped = 0;
                while (i < text.length() && skipped < 3 && "：:= \t是为叫".indexOf(text.charAt(i)) >= 0) {
                    i++;
                    skipped++;
                }
                int len = nameLength(text, i);
                if (len > 0) {
                    add(text, i, i + len, 0.5, field, out);
                }
            }
        }
    }

    /** First characters of the labels: one table lookup per character instead of one scan per label. */
    private static final boolean[] LABEL_START = new boolean[0xA000];

    static {
        for (String l : LABELS) {
            LABEL_START[l.charAt(0)] = true;
        }
    }

    /** Length of a name starting at i (surname + 1-2 given characters, not followed by a further CJK given char), or 0. */
    static int nameLength(String text, int i) {
        int surname = 0;
        for (String c : COMPOUND) {
            if (text.startsWith(c, i)) {
                surname = 2;
                break;
            }
        }
        if (surname == 0 && i < text.length() && SURNAMES.indexOf(text.charAt(i)) >= 0) {
            surname = 1;
        }
        if (surname == 0) {
            return 0;
        }
        int g = 0;
        while (g < 2 && i + surname + g < text.length() && given(text.charAt(i + surname + g))) {
            g++;
        }
        return g == 0 ? 0 : surname + g;
    }

    private static boolean given(char c) {
        return isCjk(c) && STOP.indexOf(c) < 0;
    }
}
