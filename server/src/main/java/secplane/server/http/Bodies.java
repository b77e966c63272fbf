package secplane.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reading request bodies with a hard cap, so no request can make the server buffer unbounded input. */
public final class Bodies {
    /** Cap of every JSON request body (policies included). */
    public static final int MAX_JSON = 1 << 20;

    private Bodies() {
    }

    public static byte[] read(Context ctx, int max, String what) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > max) {
                    throw ApiError.tooLarge(what + " is " + length.trim() + " bytes; the limit is " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length '" + length + "' is not a number");
            }
        }
        try (InputStream in = ctx.req().getInputStream()) {
            return readAtMost(in, max, what);
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /**
     * A body ({@code what}, e.g. "batch") sent as is or with {@code Content-Encoding: gzip}: at most {@code maxSent} bytes on the
     * wire and {@code maxPlain} once decompressed (413 beyond either), 400 for broken gzip, 415 for
     * any other encoding.
     */
    public static byte[] readEncoded(Context ctx, int maxSent, long maxPlain, String what) {
        String encoding = ctx.header("Content-Encoding");
        boolean gzip;
        if (encoding == null || encoding.equalsIgnoreCase("identity")) {
            gzip = false;
        } else if (encoding.equalsIgnoreCase("gzip")) {
            gzip = true;
        } else {
            throw ApiError.unsupportedMedia("Content-Encoding '" + encoding + "' is not accepted; send gzip");
        }
        byte[] body = read(ctx, maxSent, gzip ? "the compressed " + what : "the " + what);
        if (!gzip) {
            return body;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return readAtMost(in, maxPlain, "the uncompressed " + what);
        } catch (java.util.zip.ZipException e) {
            throw ApiError.badRequest("the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("the body could not be decompressed: " + e.getMessage());
        }
    }

    /** Reads the stream whole, failing with 413 as soon as it passes {@code max} bytes. */
    public static byte[] readAtMost(InputStream in, long max, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw ApiError.tooLarge(what + " is larger than the limit of " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(what + " is not valid UTF-8");
        }
    }
}
