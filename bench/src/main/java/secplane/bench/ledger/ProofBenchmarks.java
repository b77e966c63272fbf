package secplane.bench.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import secplane.consortium.log.MerkleHash;
import secplane.consortium.log.MerkleProofs;
import secplane.consortium.log.MerkleTree;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.NoteVerifier;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;

/**
 * Inclusion and consistency proofs in a tree of {@code leaves} entries (RFC 9162 §2.1.3/§2.1.4), beside the unit they
 * are made of (one SHA-256 node hash) and the checkpoint signature check a client does once per tree head.
 * One thread: the figures are per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProofBenchmarks {

    @Param({"1000000"})
    public int leaves;

    private MerkleTree tree;
    private byte[] root;
    private long index;
    private byte[] leafHash;
    private List<byte[]> inclusion;
    private List<byte[]> consistency;
    private byte[] oldRoot;
    private byte[] left;
    private byte[] right;
    private SignedNote checkpoint;
    private VerifierKey operator;

    @Setup(Level.Trial)
    public void setUp() {
        tree = new MerkleTree();
        for (int i = 0; i < leaves; i++) {
            tree.appendLeafHash(MerkleHash.leaf(("entry-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        root = tree.root(leaves);
        index = leaves / 3 + 7;
        leafHash = tree.leafHash(index);
        inclusion = tree.inclusionProof(index, leaves);
        oldRoot = tree.root(leaves / 2 + 1);
        consistency = tree.consistencyProof(leaves / 2 + 1, leaves);
        if (!MerkleProofs.verifyInclusion(index, leaves, leafHash, inclusion, root)) {
            throw new IllegalStateException("inclusion proof does not verify");
        }
        left = tree.leafHash(0);
        right = tree.leafHash(1);
        NoteSigner signer = NoteSigner.generate("ledger.bench.example", KeyType.ED25519);
        operator = signer.verifierKey();
        checkpoint = signer.sign(new Checkpoint("ledger.bench.example", leaves, root).body());
    }

    @Benchmark
    public boolean verifyInclusion() {
        return MerkleProofs.verifyInclusion(index, leaves, leafHash, inclusion, root);
    }

    @Benchmark
    public boolean verifyConsistency() {
        return MerkleProofs.verifyConsistency(leaves / 2 + 1, leaves, oldRoot, root, consistency);
    }

    @Benchmark
    public List<byte[]> generateInclusion() {
        return tree.inclusionProof(index, leaves);
    }

    /** Baseline: one interior node hash, SHA-256(0x01 || l || r); an inclusion proof costs ~log2(n) of these. */
    @Benchmark
    public byte[] baselineOneNodeHash() {
        return MerkleHash.node(left, right);
    }

    /** Baseline without the node prefix: the JDK's SHA-256 over 64 bytes. */
    @Benchmark
    public byte[] baselineSha256Of64Bytes() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(left);
        md.update(right);
        return md.digest();
    }

    @Benchmark
    public boolean verifyCheckpointSignature() {
        return NoteVerifier.isSignedBy(checkpoint, operator);
    }
}
