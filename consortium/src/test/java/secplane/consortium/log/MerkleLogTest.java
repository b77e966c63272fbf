package secplane.consortium.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleLogTest {

    @TempDir
    Path dir;

    private static byte[] entry(int i) {
        return ("{\"case\":\"C-" + i + "\",\"event\":\"report\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reopeningRestoresEntriesRootsAndProofs() {
        byte[] root;
        List<byte[]> proof;
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 1000; i++) {
                assertThat(log.append(entry(i))).isEqualTo(i);
            }
            root = log.root();
            proof = log.inclusionProof(417, 1000);
        }
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            assertThat(log.size()).isEqualTo(1000);
            assertThat(log.root()).isEqualTo(root);
            assertThat(log.entry(417)).isEqualTo(entry(417));
            assertThat(log.inclusionProof(417, 1000)).usingElementComparator(java.util.Arrays::compare).isEqualTo(proof);
            assertThat(MerkleProofs.verifyInclusion(417, 1000, MerkleHash.leaf(entry(417)), proof, root)).isTrue();
            log.append(entry(1000));
            assertThat(MerkleProofs.verifyConsistency(1000, 1001, root, log.root(), log.consistencyProof(1000, 1001))).isTrue();
        }
    }

    @Test
    void aTornLastRecordIsCutOffOnOpen() throws IOException {
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.EVERY_APPEND)) {
            for (int i = 0; i < 10; i++) {
                log.append(entry(i));
            }
        }
        byte[] rootOf10 = MerkleLog.open(dir, FsyncPolicy.ON_SYNC).root();
        // a crash in the middle of the 11th record: its length says 40 bytes, only 5 arrived
        Files.write(dir.resolve(LogFiles.ENTRIES), new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5}, java.nio.file.StandardOpenOption.APPEND);
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            assertThat(log.size()).isEqualTo(10);
            assertThat(log.root()).isEqualTo(rootOf10);
            log.append(entry(10));
            assertThat(log.entry(10)).isEqualTo(entry(10));
        }
    }

    @Test
    void entriesWhoseLeafHashWasLostAreHashedAgainOnOpen() throws IOException {
        byte[] root;
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 20; i++) {
                log.append(entry(i));
            }
            root = log.root();
        }
        // the process stopped after writing the entries of the last 3 appends but before their leaf hashes
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(LogFiles.LEAVES).toFile(), "rw")) {
            f.setLength(17 * 32L + 11);
        }
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            assertThat(log.size()).isEqualTo(20);
            assertThat(log.root()).isEqualTo(root);
        }
        assertThat(Files.size(dir.resolve(LogFiles.LEAVES))).isEqualTo(20 * 32L);
    }

    @Test
    void leafHashesWithoutTheirEntriesAreReportedNotRepaired() throws IOException {
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 5; i++) {
                log.append(entry(i));
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(LogFiles.ENTRIES).toFile(), "rw")) {
            f.setLength(4 + entry(0).length);
        }
        assertThatThrownBy(() -> MerkleLog.open(dir, FsyncPolicy.ON_SYNC))
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining("records 5 leaf hashes but the entries file holds only 1 entries")
                .hasMessageContaining("secplane ledger verify");
    }

    @Test
    void readingAnEditedEntryFails() throws IOException {
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 5; i++) {
                log.append(entry(i));
            }
        }
        Path entries = dir.resolve(LogFiles.ENTRIES);
        String text = Files.readString(entries, StandardCharsets.ISO_8859_1).replace("C-3", "C-9");
        Files.writeString(entries, text, StandardCharsets.ISO_8859_1);
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            assertThat(log.entry(2)).isEqualTo(entry(2));
            assertThatThrownBy(() -> log.entry(3)).isInstanceOf(LogCorruptedException.class).hasMessageContaining("entry 3");
        }
    }

    @Test
    void oversizedEntriesAreRefusedWithTheLimit() {
        try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
            assertThatThrownBy(() -> log.append(new byte[LogFiles.MAX_ENTRY_BYTES + 1]))
                    .hasMessageContaining("at most " + LogFiles.MAX_ENTRY_BYTES).hasMessageContaining("log their hash");
            assertThat(log.size()).isZero();
        }
    }
}
