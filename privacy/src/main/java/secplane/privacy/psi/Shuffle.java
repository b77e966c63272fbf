package secplane.privacy.psi;

import java.security.SecureRandom;

/** Uniform permutations (Fisher–Yates with a CSPRNG), so that order reveals nothing about the input. */
public final class Shuffle {
    private Shuffle() {
    }

    public static int[] permutation(int n, SecureRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Shuffles fixed-size records inside {@code data} in place. */
    public static void records(byte[] data, int recordSize, SecureRandom random) {
        int n = data.length / recordSize;
        byte[] t = new byte[recordSize];
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            System.arraycopy(data, i * recordSize, t, 0, recordSize);
            System.arraycopy(data, j * recordSize, data, i * recordSize, recordSize);
            System.arraycopy(t, 0, data, j * recordSize, recordSize);
        }
    }
}
