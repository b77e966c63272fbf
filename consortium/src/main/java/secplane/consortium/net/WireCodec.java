package secplane.consortium.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The binary payloads of the consortium's request kinds: written with {@link DataOutputStream}, read back whole — a
 * truncated payload or one with trailing bytes is malformed, and the reader names what it was reading.
 */
public final class WireCodec {
    private WireCodec() {
    }

    public interface Writer {
        void write(DataOutputStream d) throws IOException;
    }

    public interface Reader<T> {
        T read(DataInputStream d) throws IOException;
    }

    public static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            w.write(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads {@code what} from {@code b}; {@code malformed} turns the reason ("onward answer has 3 trailing bytes")
     * into the exception the caller's protocol raises.
     */
    public static <T> T read(byte[] b, String what, Reader<T> r, Function<String, RuntimeException> malformed) {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(b))) {
            T t = r.read(d);
            if (d.available() > 0) {
                throw malformed.apply(what + " has " + d.available() + " trailing bytes");
            }
            return t;
        } catch (IOException e) {
            throw malformed.apply(what + " is truncated or not in its format (" + e.getMessage() + ")");
        }
    }
}
