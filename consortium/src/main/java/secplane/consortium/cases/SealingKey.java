package secplane.consortium.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A member's X25519 key (RFC 7748) for reading case-event details sealed to it. The public half is published in the
 * consortium's member list (base64, 32 bytes); the private half stays in a file readable by the node only.
 */
public final class SealingKey {
    private final X25519PrivateKeyParameters key;

    private SealingKey(X25519PrivateKeyParameters key) {
        this.key = key;
    }

    public static SealingKey generate(SecureRandom random) {
        return new SealingKey(new X25519PrivateKeyParameters(random));
    }

    public static SealingKey fromBytes(byte[] raw) {
        if (raw.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes, not " + raw.length);
        }
        return new SealingKey(new X25519PrivateKeyParameters(raw, 0));
    }

    /** Reads a key file written by {@link #write}: one line, the private key in base64. */
    public static SealingKey read(Path file) {
        try {
            return fromBytes(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such sealing key file; create the member's keys first");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " does not hold an X25519 sealing key (one line of base64, 32 bytes): " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The public key, 32 bytes. */
    public byte[] publicKey() {
        return key.generatePublicKey().getEncoded();
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey());
    }

    X25519PrivateKeyParameters privateKey() {
        return key;
    }

    static X25519PublicKeyParameters publicKey(byte[] raw) {
        if (raw.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes, not " + raw.length);
        }
        return new X25519PublicKeyParameters(raw, 0);
    }
}
