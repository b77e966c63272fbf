package secplane.bench.privacy;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Textbook Paillier (g = n + 1) on JDK BigInteger: the baseline that exponential ElGamal is measured
 * against. Enc(m) = (1 + m·n)·r^n mod n², Dec(c) = L(c^λ mod n²)·μ mod n.
 */
final class Paillier {
    final BigInteger n;
    final BigInteger n2;
    private final BigInteger lambda;
    private final BigInteger mu;
    private final SecureRandom random;

    Paillier(int bits, SecureRandom random) {
        this.random = random;
        BigInteger p = BigInteger.probablePrime(bits / 2, random);
        BigInteger q = BigInteger.probablePrime(bits / 2, random);
        n = p.multiply(q);
        n2 = n.multiply(n);
        lambda = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        mu = lambda.modInverse(n);
    }

    BigInteger encrypt(long m) {
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(n) >= 0);
        return BigInteger.ONE.add(BigInteger.valueOf(m).multiply(n)).multiply(r.modPow(n, n2)).mod(n2);
    }

    BigInteger add(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(n2);
    }

    long decrypt(BigInteger c) {
        return c.modPow(lambda, n2).subtract(BigInteger.ONE).divide(n).multiply(mu).mod(n).longValueExact();
    }
}
