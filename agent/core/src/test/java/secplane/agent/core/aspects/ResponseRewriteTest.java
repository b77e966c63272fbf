package secplane.agent.core.aspects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseRewriteTest {
    @Test
    void aSameLengthMaskIsWrittenIntoTheApplicationsBuffer() {
        byte[] buffer = "xx{\"m\":\"13812345678\",\"n\":\"张三\"}yy".getBytes(StandardCharsets.UTF_8);
        String chunk = "{\"m\":\"13812345678\",\"n\":\"张三\"}";
        int len = chunk.getBytes(StandardCharsets.UTF_8).length;
        boolean done = ResponseRewrite.apply(new Object[] {buffer, 2, len}, chunk, "{\"m\":\"138****5678\",\"n\":\"张三\"}", StandardCharsets.UTF_8);
        assertThat(done).isTrue();
        assertThat(new String(buffer, StandardCharsets.UTF_8)).isEqualTo("xx{\"m\":\"138****5678\",\"n\":\"张三\"}yy");
    }

    @Test
    void aMaskThatChangesTheLengthOrACutCharacterLeavesTheChunkAsWrittenAndIsCounted() {
        long before = ResponseRewrite.failures();
        byte[] buffer = "\"张三\"".getBytes(StandardCharsets.UTF_8);
        byte[] copy = buffer.clone();
        // '*' is one byte where '张' was three
        assertThat(ResponseRewrite.apply(new Object[] {buffer, 0, buffer.length}, "\"张三\"", "\"*三\"", StandardCharsets.UTF_8)).isFalse();
        // the chunk ends inside '三': its decoding does not re-encode to the same bytes
        String cut = new String(buffer, 0, buffer.length - 2, StandardCharsets.UTF_8);
        assertThat(ResponseRewrite.apply(new Object[] {buffer, 0, buffer.length - 2}, cut, cut.replace('张', '＊'), StandardCharsets.UTF_8)).isFalse();
        // a String write whose text is not the chunk the aspects saw
        assertThat(ResponseRewrite.apply(new Object[] {"13812345679", 0, 11}, "13812345678", "138****5678", StandardCharsets.UTF_8)).isFalse();
        assertThat(buffer).isEqualTo(copy);
        assertThat(ResponseRewrite.failures()).isEqualTo(before + 3);
    }

    @Test
    void aStringWriteGetsAMaskedCopyInItsArguments() {
        Object[] raw = {"{\"a\":1}mobile 13812345678!", 7, 19};
        assertThat(ResponseRewrite.apply(raw, "mobile 13812345678", "mobile 138****5678", StandardCharsets.UTF_8)).isTrue();
        assertThat(raw[0]).isEqualTo("{\"a\":1}mobile 138****5678!");
        assertThat(raw[1]).isEqualTo(7);
    }

    @Test
    void charBuffersAreRewrittenToo() {
        char[] buffer = "mobile 13812345678".toCharArray();
        assertThat(ResponseRewrite.apply(new Object[] {buffer, 7, 11}, "13812345678", "138****5678", StandardCharsets.UTF_8)).isTrue();
        assertThat(new String(buffer)).isEqualTo("mobile 138****5678");
    }
}
