package secplane.privacy.unbalanced;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.MontgomeryLadder;
import secplane.privacy.curve.Scalars;

/**
 * The large party's long-lived OPRF key k ∈ [1, ℓ). F_k(y) = u([k]·[8]·H(y)), with H the RFC 9380
 * encoding of {@link #DST}: the cofactor is cleared first so that the querier's blinding by r and
 * unblinding by r^-1 mod ℓ cancel exactly (the 2HashDH OPRF of Jarecki–Kiayias–Krawczyk, as in
 * RFC 9497 but on the Montgomery u-line).
 */
public final class OprfKey {
    public static final String DST = "secplane-oprf-v1-with-" + HashToCurve.SUITE;
    static final HashToCurve HASH = new HashToCurve(DST);
    private final BigInteger k;
    private final byte[] encoded;

    private OprfKey(BigInteger k) {
        this.k = k;
        this.encoded = Scalars.toLittleEndian(k);
    }

    public static OprfKey generate(SecureRandom random) {
        return new OprfKey(Scalars.randomModOrder(random));
    }

    /** The key kept in {@code file}, generated and written (owner-only) on first use. */
    public static OprfKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        OprfKey key = generate(new SecureRandom());
        key.write(file);
        return key;
    }

    public static OprfKey read(Path file) {
        try {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            BigInteger k = new BigInteger(hex, 16);
            if (k.signum() <= 0 || k.compareTo(Scalars.ORDER) >= 0) {
                throw new IllegalArgumentException(file + " does not hold an OPRF key (a hex scalar below the group order)");
            }
            return new OprfKey(k);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such key file; create one with 'secplane psi prepare'");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " does not hold an OPRF key (hex expected)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, k.toString(16) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key " + file, e);
        }
    }

    /** Identifies the key without revealing it: SHA-256 of u([k]·9), the image of the base point. */
    public String fingerprint() {
        byte[] base = new byte[32];
        base[0] = 9;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MontgomeryLadder.scalarMult(encoded, base)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [8]·H(y): the input point, in the prime-order subgroup. */
    static byte[] inputPoint(byte[] item) {
        return MontgomeryLadder.clearCofactor(HASH.encode(item));
    }

    /** F_k(y) directly: used offline on the large party's own items. */
    public long evaluate(byte[] item) {
        return tag(MontgomeryLadder.scalarMult(encoded, inputPoint(item)));
    }

    /** [k]·P for a blinded query point. */
    void evaluateBlinded(byte[] point, int off, byte[] out, int outOff) {
        MontgomeryLadder.scalarMult(encoded, point, off, out, outOff);
    }

    /** The stored tag: the first 8 bytes of u, big-endian as a long. */
    static long tag(byte[] u) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (u[i] & 0xff);
        }
        return v;
    }
}
