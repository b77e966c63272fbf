package secplane.consortium.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The eight leaves of the RFC 6962/9162 test tree used by transparency-dev/merkle and Certificate Transparency. */
    private static final List<byte[]> VECTOR_LEAVES = List.of(
            HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"),
            HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"), HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

    private static List<byte[]> randomEntries(Random rnd, int n) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // distinct by construction: the index leads every entry
            byte[] e = new byte[4 + rnd.nextInt(40)];
            rnd.nextBytes(e);
            e[0] = (byte) (i >> 24);
            e[1] = (byte) (i >> 16);
            e[2] = (byte) (i >> 8);
            e[3] = (byte) i;
            entries.add(e);
        }
        return entries;
    }

    private static MerkleTree treeOf(List<byte[]> entries) {
        MerkleTree t = new MerkleTree();
        entries.forEach(e -> t.appendLeafHash(MerkleHash.leaf(e)));
        return t;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    @Test
    void rootsOfEveryPrefixEqualTheRfcDefinition() {
        List<byte[]> entries = randomEntries(new Random(1), 300);
        MerkleTree tree = treeOf(entries);
        for (int n = 0; n <= entries.size(); n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("root of size %d", n)
                    .isEqualTo(HEX.formatHex(Rfc9162Reference.mth(entries.subList(0, n))));
        }
    }

    @Test
    void inclusionProofsOfEveryLeafOfRandomTreesMatchTheRfcAndVerify() {
        Random rnd = new Random(2);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> entries = randomEntries(rnd, n);
            MerkleTree tree = treeOf(entries);
            byte[] root = tree.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = tree.inclusionProof(m, n);
                assertThat(hex(proof)).as("PATH(%d, D[%d])", m, n).isEqualTo(hex(Rfc9162Reference.path(m, entries)));
                assertThat(MerkleProofs.verifyInclusion(m, n, MerkleHash.leaf(entries.get(m)), proof, root)).as("leaf %d of %d", m, n).isTrue();
                // the same proof must not vouch for another leaf, index or size
                byte[] other = MerkleHash.leaf(entries.get((m + 1) % n));
                if (n > 1) {
                    assertThat(MerkleProofs.verifyInclusion(m, n, other, proof, root)).isFalse();
                    assertThat(MerkleProofs.verifyInclusion((m + 1) % n, n, MerkleHash.leaf(entries.get(m)), proof, root)).isFalse();
                    // a leaf is the root only of the one-leaf tree
                    assertThat(MerkleProofs.verifyInclusion(m, n, MerkleHash.leaf(entries.get(m)), proof, MerkleHash.leaf(entries.get(m)))).isFalse();
                }
            }
        }
    }

    @Test
    void consistencyProofsForEveryPairOfSizesMatchTheRfcAndVerify() {
        List<byte[]> entries = randomEntries(new Random(3), 64);
        MerkleTree tree = treeOf(entries);
        for (int n = 1; n <= entries.size(); n++) {
            for (int m = 1; m < n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                assertThat(hex(proof)).as("PROOF(%d, D[%d])", m, n).isEqualTo(hex(Rfc9162Reference.proof(m, entries.subList(0, n))));
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n), proof)).as("%d -> %d", m, n).isTrue();
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n - 1), proof)).isFalse();
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m - 1), tree.root(n), proof)).isFalse();
            }
        }
    }

    @Test
    void everySingleBitFlipInAProofIsRejected() {
        List<byte[]> entries = randomEntries(new Random(4), 37);
        MerkleTree tree = treeOf(entries);
        List<byte[]> incl = tree.inclusionProof(21, 37);
        List<byte[]> cons = tree.consistencyProof(13, 37);
        for (int h = 0; h < incl.size(); h++) {
            for (int bit = 0; bit < 256; bit++) {
                List<byte[]> bad = flip(incl, h, bit);
                assertThat(MerkleProofs.verifyInclusion(21, 37, MerkleHash.leaf(entries.get(21)), bad, tree.root(37))).isFalse();
            }
        }
        for (int h = 0; h < cons.size(); h++) {
            for (int bit = 0; bit < 256; bit++) {
                assertThat(MerkleProofs.verifyConsistency(13, 37, tree.root(13), tree.root(37), flip(cons, h, bit))).isFalse();
            }
        }
        assertThat(MerkleProofs.verifyConsistency(13, 37, tree.root(13), tree.root(37), cons.subList(0, cons.size() - 1))).isFalse();
        assertThat(MerkleProofs.verifyConsistency(13, 37, tree.root(13), tree.root(37), List.of())).isFalse();
    }

    private static List<byte[]> flip(List<byte[]> proof, int hash, int bit) {
        List<byte[]> copy = new ArrayList<>();
        proof.forEach(p -> copy.add(p.clone()));
        copy.get(hash)[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    // Published vectors: transparency-dev/merkle testdata/inclusion/{1,3}/happy-path.json and
    // testdata/consistency/{1,3,4}/happy-path.json (+ consistency/3/wrong-root2.json), over the tree of VECTOR_LEAVES.

    @Test
    void publishedRootsOfTheTestTree() {
        MerkleTree tree = treeOf(VECTOR_LEAVES);
        assertThat(HEX.formatHex(tree.root(0))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(tree.root(1)).isEqualTo(b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="));
        assertThat(tree.root(2)).isEqualTo(b64("+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="));
        assertThat(tree.root(3)).isEqualTo(b64("rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc="));
        assertThat(tree.root(5)).isEqualTo(b64("Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="));
        assertThat(tree.root(6)).isEqualTo(b64("duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="));
        assertThat(tree.root(7)).isEqualTo(b64("3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="));
        assertThat(tree.root(8)).isEqualTo(b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="));
    }

    @Test
    void publishedInclusionProofsAreProducedAndVerified() {
        MerkleTree tree = treeOf(VECTOR_LEAVES);
        List<byte[]> p08 = List.of(b64("lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c="), b64("Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="),
                b64("a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="));
        assertThat(hex(tree.inclusionProof(0, 8))).isEqualTo(hex(p08));
        assertThat(MerkleProofs.verifyInclusion(0, 8, b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="), p08,
                b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="))).isTrue();
        List<byte[]> p23 = List.of(b64("+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="));
        assertThat(hex(tree.inclusionProof(2, 3))).isEqualTo(hex(p23));
        assertThat(MerkleProofs.verifyInclusion(2, 3, b64("ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c="), p23,
                b64("rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc="))).isTrue();
    }

    @Test
    void publishedConsistencyProofsAreProducedAndVerified() {
        MerkleTree tree = treeOf(VECTOR_LEAVES);
        List<byte[]> p18 = List.of(b64("lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c="), b64("Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="),
                b64("a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="));
        List<byte[]> p25 = List.of(b64("Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="), b64("vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="));
        List<byte[]> p67 = List.of(b64("DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o="), b64("sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8="),
                b64("037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="));
        assertThat(hex(tree.consistencyProof(1, 8))).isEqualTo(hex(p18));
        assertThat(hex(tree.consistencyProof(2, 5))).isEqualTo(hex(p25));
        assertThat(hex(tree.consistencyProof(6, 7))).isEqualTo(hex(p67));
        assertThat(MerkleProofs.verifyConsistency(1, 8, b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="),
                b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="), p18)).isTrue();
        assertThat(MerkleProofs.verifyConsistency(2, 5, b64("+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="),
                b64("Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="), p25)).isTrue();
        assertThat(MerkleProofs.verifyConsistency(6, 7, b64("duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="),
                b64("3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="), p67)).isTrue();
        // consistency/3/wrong-root2.json: a root that is not even a hash
        assertThat(MerkleProofs.verifyConsistency(2, 5, b64("+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="), b64("V3JvbmdSb290"), p25)).isFalse();
        // swapped roots
        assertThat(MerkleProofs.verifyConsistency(2, 5, b64("Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="),
                b64("+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="), p25)).isFalse();
    }

    @Test
    void trivialAndOutOfRangeCases() {
        MerkleTree tree = treeOf(VECTOR_LEAVES);
        assertThat(tree.consistencyProof(0, 8)).isEmpty();
        assertThat(tree.consistencyProof(8, 8)).isEmpty();
        assertThat(MerkleProofs.verifyConsistency(8, 8, tree.root(8), tree.root(8), List.of())).isTrue();
        assertThat(MerkleProofs.verifyConsistency(8, 8, tree.root(8), tree.root(7), List.of())).isFalse();
        assertThat(MerkleProofs.verifyConsistency(5, 3, tree.root(5), tree.root(3), List.of())).isFalse();
        assertThat(MerkleProofs.verifyInclusion(8, 8, tree.leafHash(0), List.of(), tree.root(8))).isFalse();
        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).hasMessageContaining("leaf index 8 is outside a tree of size 8");
        assertThatThrownBy(() -> tree.root(9)).hasMessageContaining("tree size 9 is outside this log");
    }

    @Test
    void aTreeLargerThanOneStorageChunkKeepsItsRoots() {
        // 2^20 + 3 leaves: crosses the chunk boundary of the level-0 store
        MerkleTree big = new MerkleTree();
        MerkleTree check = new MerkleTree();
        byte[] leaf = new byte[32];
        int n = (1 << 20) + 3;
        for (int i = 0; i < n; i++) {
            leaf[0] = (byte) i;
            leaf[1] = (byte) (i >> 8);
            leaf[2] = (byte) (i >> 16);
            big.appendLeafHash(leaf.clone());
        }
        for (int i = (1 << 20) - 5; i < n; i++) {
            List<byte[]> proof = big.inclusionProof(i, n);
            assertThat(MerkleProofs.verifyInclusion(i, n, big.leafHash(i), proof, big.root(n))).isTrue();
        }
        assertThat(check.size()).isZero();
        assertThat(MerkleProofs.verifyConsistency(1 << 20, n, big.root(1 << 20), big.root(n), big.consistencyProof(1 << 20, n))).isTrue();
    }
}
