package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkCommandTest {
    @Test
    void marksForTwoRecipientsAndTracesAHalfLeakConvertedToJson(@TempDir Path tmp) throws Exception {
        List<String> lines = new ArrayList<>(List.of("customer_id,name,amount,remark"));
        for (int i = 0; i < 200; i++) {
            lines.add(String.format("C%05d,客户%d,%d.%02d,第%d笔转账", i, i, 100 + i * 7, i % 100, i));
        }
        Path export = tmp.resolve("customers.csv");
        Files.write(export, lines);
        Path registry = tmp.resolve("registry");

        assertThat(Cli.run("watermark", export.toString(), tmp.resolve("for-acme.csv").toString(), "--recipient", "Acme Credit", "--registry", registry.toString()))
                .startsWith("0\n").contains("Acme Credit").contains("customer_id").contains("amount");
        assertThat(Cli.run("watermark", export.toString(), tmp.resolve("for-beta.json").toString(), "--recipient", "Beta Pay", "--registry", registry.toString()))
                .startsWith("0\n");
        assertThat(Files.readString(registry.resolve("exports.jsonl"))).doesNotContain("客户1").doesNotContain("C00001");

        // the leak: Acme's file, every second row, converted to JSON lines
        List<String> acme = Files.readAllLines(tmp.resolve("for-acme.csv"));
        StringBuilder leak = new StringBuilder();
        for (int i = 1; i < acme.size(); i += 2) {
            String[] f = acme.get(i).split(",");
            leak.append(String.format("{\"remark\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s}%n", f[3], f[0], f[2]));
        }
        Path leaked = tmp.resolve("pastebin.jsonl");
        Files.writeString(leaked, leak);
        assertThat(Cli.run("trace", leaked.toString(), "--registry", registry.toString()))
                .startsWith("0\n").containsPattern("NAMED +Acme Credit").doesNotContain("NAMED  Beta");

        assertThat(Cli.run("trace", export.toString(), "--registry", registry.toString()))
                .startsWith(TraceCommand.NOBODY + "\n").contains("nobody named");
        assertThat(Cli.run("trace", leaked.toString(), "--registry", tmp.resolve("nowhere").toString()))
                .startsWith("2\n").contains("no watermark.key");
        assertThat(Cli.run("watermark", export.toString(), tmp.resolve("for-acme.csv").toString(), "--recipient", "X", "--registry", registry.toString()))
                .startsWith("2\n").contains("exists");
    }
}
