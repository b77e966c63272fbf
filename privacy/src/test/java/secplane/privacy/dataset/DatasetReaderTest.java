package secplane.privacy.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.normalize.ColumnSpec;

class DatasetReaderTest {
    @TempDir
    Path dir;

    Path csv(String text) throws Exception {
        Path p = dir.resolve("in.csv");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsQuotedFieldsNormalisesAndCollapsesDuplicates() throws Exception {
        Path p = csv("\uFEFFname,phone,card\n\"Zhang, San\",+86 138 0013 8000,6222 0000 1111 2222\n"
                + "\"Li \"\"Si\"\"\",13800138000,6222000011112222\nWang,13900139000,\"6222\n0000\"\n");
        Dataset d = new DatasetReader(List.of(ColumnSpec.parse("phone:cn-mobile")), null, false).read(p);
        assertThat(d.ids()).containsExactly("+8613800138000", "+8613900139000");
        assertThat(d.duplicates()).isEqualTo(1);
        assertThat(d.rows()).isEqualTo(3);
        Dataset composite = new DatasetReader(List.of(ColumnSpec.parse("phone:cn-mobile"), ColumnSpec.parse("card:bank-card")), null, true).read(p);
        assertThat(composite.ids()).containsExactly("+8613800138000\u001f6222000011112222");
        assertThat(composite.skipped()).isEqualTo(1);
    }

    @Test
    void aMissingColumnNamesTheColumnAndTheHeader() throws Exception {
        Path p = csv("name,mobile\nx,13800138000\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone:cn-mobile")), null, false).read(p))
                .isInstanceOf(InputException.class).hasMessageContaining("no column 'phone'").hasMessageContaining("[name, mobile]");
    }

    @Test
    void aMalformedRowNamesTheLineAndSaysHowToProceed() throws Exception {
        Path p = csv("phone,amount\n13800138000,5\n12345,6\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone:cn-mobile")), "amount", false).read(p))
                .isInstanceOf(InputException.class).hasMessageContaining("line 3").hasMessageContaining("--skip-bad-rows");
        Path q = csv("phone,amount\n13800138000,5\n13900139000\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone")), null, false).read(q))
                .hasMessageContaining("line 3").hasMessageContaining("1 fields, the header has 2");
        Path r = csv("phone,amount\n13800138000,-5\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone")), "amount", false).read(r)).hasMessageContaining("negative");
        Path s = csv("phone,amount\n13800138000,5\n13800138000,6\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone")), "amount", false).read(s))
                .hasMessageContaining("one value per identifier");
        Path t = csv("phone\n\"13800138000\n");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone")), null, false).read(t)).hasMessageContaining("not closed");
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("phone")), null, false).read(csv("")))
                .hasMessageContaining("empty");
        Files.write(dir.resolve("latin1.csv"), new byte[] {'p', '\n', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> new DatasetReader(List.of(ColumnSpec.parse("p")), null, false).read(dir.resolve("latin1.csv")))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aResultIsVisibleUnderItsNameOnlyOnceCommitted() throws Exception {
        Path target = dir.resolve("out").resolve("result.csv");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "stale result of an earlier run\n");
        try (ResultFile r = new ResultFile(target)) {
            r.row("id");
            r.row("a,b");
            assertThat(target).doesNotExist();
        }
        assertThat(Files.list(target.getParent())).isEmpty();
        try (ResultFile r = new ResultFile(target)) {
            r.row("id");
            r.row("a,b");
            r.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("id\n\"a,b\"\n");
    }
}
