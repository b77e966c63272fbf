package secplane.governance.fpe;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * FF1 format-preserving encryption, NIST SP 800-38G (rev. 1 constraints) Algorithms 7 and 8, over numeral
 * strings of any radix 2..65536, with the JDK's AES (128, 192 or 256-bit keys) as the block cipher CIPH.
 * Instances are immutable and thread-safe (one Cipher per call; AES-ECB init is cheap next to ten rounds).
 */
public final class FF1 {
    /** SP 800-38G rev. 1 §5.2: radix^minlen ≥ 1,000,000. */
    private static final BigInteger MIN_DOMAIN = BigInteger.valueOf(1_000_000);
    private static final int MAX_LEN = 1 << 20;

    private final SecretKeySpec key;
    private final int radix;

    public FF1(byte[] key, int radix) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("FF1 needs an AES key of 16, 24 or 32 bytes, not " + key.length);
        }
        if (radix < 2 || radix > 65536) {
            throw new IllegalArgumentException("FF1 radix must be in 2..65536, not " + radix);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.radix = radix;
    }

    public int radix() {
        return radix;
    }

    /** The shortest input length this radix allows (radix^len ≥ 10^6). */
    public int minLength() {
        int len = 1;
        BigInteger r = BigInteger.valueOf(radix);
        while (r.pow(len).compareTo(MIN_DOMAIN) < 0) {
            len++;
        }
        return len;
    }

    public int[] encrypt(int[] x, byte[] tweak) {
        return crypt(x, tweak, true);
    }

    public int[] decrypt(int[] x, byte[] tweak) {
        return crypt(x, tweak, false);
    }

    private int[] crypt(int[] x, byte[] tweak, boolean encrypt) {
        int n = x.length;
        if (n < Math.max(2, minLength()) || n > MAX_LEN) {
            throw new IllegalArgumentException("FF1 input of " + n + " numerals is outside " + Math.max(2, minLength()) + ".." + MAX_LEN
                    + " for radix " + radix + " (SP 800-38G requires radix^length >= 1,000,000)");
        }
        for (int d : x) {
            if (d < 0 || d >= radix) {
                throw new IllegalArgumentException("numeral " + d + " is not below the radix " + radix);
            }
        }
        Cipher aes = aes();
        int t = tweak.length;
        int u = n / 2;
        int v = n - u;
        int[] a = Arrays.copyOfRange(x, 0, u);
        int[] b = Arrays.copyOfRange(x, u, n);
        // step 3: b = ceil(ceil(v * log2(radix)) / 8), computed exactly as the byte length of radix^v - 1
        int bLen = (BigInteger.valueOf(radix).pow(v).subtract(BigInteger.ONE).bitLength() + 7) / 8;
        int d = 4 * ((bLen + 3) / 4) + 4;
        byte[] p = {1, 2, 1, (byte) (radix >>> 16), (byte) (radix >>> 8), (byte) radix, 10, (byte) u,
            (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n,
            (byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
        int pad = Math.floorMod(-t - bLen - 1, 16);
        BigInteger bigRadix = BigInteger.valueOf(radix);
        BigInteger modU = bigRadix.pow(u);
        BigInteger modV = bigRadix.pow(v);
        for (int r = 0; r < 10; r++) {
            int i = encrypt ? r : 9 - r;
            int[] half = encrypt ? b : a;
            byte[] q = new byte[t + pad + 1 + bLen];
            System.arraycopy(tweak, 0, q, 0, t);
            q[t + pad] = (byte) i;
            byte[] num = toBytes(num(half), bLen);
            System.arraycopy(num, 0, q, t + pad + 1, bLen);
            byte[] rBlock = prf(aes, p, q);
            byte[] s = expand(aes, rBlock, d);
            BigInteger y = new BigInteger(1, s);
            int m = i % 2 == 0 ? u : v;
            BigInteger mod = m == u ? modU : modV;
            if (encrypt) {
                BigInteger c = num(a).add(y).mod(mod);
                a = b;
                b = str(c, m);
            } else {
                BigInteger c = num(b).subtract(y).mod(mod);
                b = a;
                a = str(c, m);
            }
        }
        int[] out = new int[n];
        System.arraycopy(a, 0, out, 0, u);
        System.arraycopy(b, 0, out, u, v);
        return out;
    }

    private Cipher aes() {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JDK", e);
        }
    }

    /** SP 800-38G Algorithm 6 PRF: CBC-MAC of P || Q with a zero IV. */
    private static byte[] prf(Cipher aes, byte[] p, byte[] q) {
        byte[] y = new byte[16];
        byte[] all = new byte[p.length + q.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(q, 0, all, p.length, q.length);
        for (int off = 0; off < all.length; off += 16) {
            for (int k = 0; k < 16; k++) {
                y[k] ^= all[off + k];
            }
            y = block(aes, y);
        }
        return y;
    }

    /** Step 6.iii: S = first d bytes of R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) … */
    private static byte[] expand(Cipher aes, byte[] r, int d) {
        byte[] s = new byte[((d + 15) / 16) * 16];
        System.arraycopy(r, 0, s, 0, 16);
        for (int j = 1; j * 16 < d; j++) {
            byte[] x = r.clone();
            for (int k = 0; k < 4; k++) {
                x[15 - k] ^= (byte) (j >>> (8 * k));
            }
            System.arraycopy(block(aes, x), 0, s, j * 16, 16);
        }
        return Arrays.copyOf(s, d);
    }

    private static byte[] block(Cipher aes, byte[] in) {
        try {
            return aes.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private BigInteger num(int[] x) {
        BigInteger r = BigInteger.ZERO;
        BigInteger bigRadix = BigInteger.valueOf(radix);
        for (int d : x) {
            r = r.multiply(bigRadix).add(BigInteger.valueOf(d));
        }
        return r;
    }

    private int[] str(BigInteger value, int m) {
        int[] out = new int[m];
        BigInteger bigRadix = BigInteger.valueOf(radix);
        BigInteger v = value;
        for (int k = m - 1; k >= 0; k--) {
            BigInteger[] qr = v.divideAndRemainder(bigRadix);
            out[k] = qr[1].intValue();
            v = qr[0];
        }
        return out;
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }
}
