package secplane.bench.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;
import secplane.governance.accuracy.Corpus;

/** The benchmark inputs, generated with fixed seeds: prose and logs without personal data, and PII-dense JSON records. */
final class Texts {
    private Texts() {
    }

    /** Lines of English and Chinese prose and application log lines, about {@code chars} characters, with no personal data. */
    static List<String> piiFree(int chars) {
        Faker en = new Faker(Locale.ENGLISH, new Random(1));
        Random rnd = new Random(2);
        String[] zh = {"系统运行正常，今日任务已全部完成。", "请在工作时间内提交相关材料，逾期不予受理。", "本次更新优化了页面加载速度并修复了若干问题。",
            "会议将于下周三下午召开，请各部门做好准备。", "数据同步任务耗时较长，建议在夜间执行。"};
        List<String> out = new ArrayList<>();
        int n = 0;
        while (n < chars) {
            String line;
            switch (rnd.nextInt(3)) {
                case 0:
                    line = en.lorem().paragraph(3);
                    break;
                case 1:
                    line = zh[rnd.nextInt(zh.length)] + zh[rnd.nextInt(zh.length)];
                    break;
                default:
                    line = String.format("2026-11-%02d %02d:%02d:%02d.%03d INFO  [worker-%d] c.e.jobs.Scheduler - job %s finished in %d ms, %d items",
                            1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1000), rnd.nextInt(8),
                            en.hacker().noun(), rnd.nextInt(5000), rnd.nextInt(900));
            }
            out.add(line);
            n += line.length() + 1;
        }
        return out;
    }

    /** JSON records of a customer table, each holding a name, identity number, mobile, e-mail, address and card number. */
    static List<String> piiDenseJson(int chars) {
        GeneratorAccess g = new GeneratorAccess(3);
        Random rnd = new Random(4);
        List<String> out = new ArrayList<>();
        int n = 0;
        while (n < chars) {
            String line = "{\"customerId\":" + rnd.nextInt(1_000_000) + ",\"name\":\"" + g.value("CN_PERSON_NAME") + "\",\"idCard\":\"" + g.value("CN_RESIDENT_ID")
                    + "\",\"mobile\":\"" + g.value("CN_MOBILE") + "\",\"email\":\"" + g.value("EMAIL") + "\",\"address\":\"" + g.value("CN_ADDRESS")
                    + "\",\"cardNo\":\"" + g.value("CN_BANK_CARD") + "\",\"status\":\"active\",\"createdAt\":\"2026-11-2" + rnd.nextInt(10) + "T10:00:00Z\"}";
            out.add(line);
            n += line.length() + 1;
        }
        return out;
    }

    static long utf8Bytes(List<String> lines) {
        long b = 0;
        for (String l : lines) {
            b += l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }
        return b;
    }

    /** The corpus's value generators, reached through a generated document per value. */
    static final class GeneratorAccess {
        private final Corpus corpus;

        GeneratorAccess(long seed) {
            this.corpus = new Corpus(seed);
        }

        String value(String type) {
            return corpus.valueOf(type);
        }
    }
}
