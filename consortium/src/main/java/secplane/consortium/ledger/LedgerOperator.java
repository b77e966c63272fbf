package secplane.consortium.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.Frames;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.net.MemberUnreachableException;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.NoteSignature;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.witness.CosignatureV1;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * The ledger as its operator member runs it on the network. Members submit signed entries ({@code ledger.submit});
 * the operator checks that the signature is the submitting member's (the TLS-authenticated peer), appends, and
 * answers the indexes once the entries are on disk (one fsync per submission: group commit). Every checkpoint interval, if the log grew (or the last checkpoint
 * still lacks its quorum), it signs a checkpoint and asks every other member to cosign it ({@code ledger.cosign},
 * with the RFC 9162 consistency proof from the size that witness cosigned last); with a quorum of valid
 * cosignatures the cosigned note is stored beside the checkpoint, otherwise it stays uncosigned and is retried on the
 * next tick. Anyone may fetch checkpoints, entries and proofs ({@code ledger.fetch}).
 */
public final class LedgerOperator implements CaseLedger, AutoCloseable {
    public static final String SUBMIT = "ledger.submit";
    public static final String COSIGN = "ledger.cosign";
    public static final String FETCH = "ledger.fetch";

    private final Ledger ledger;
    private final NoteSigner signer;
    private final Map<String, VerifierKey> submitters;
    private final Map<String, VerifierKey> witnesses;
    private final MemberChannels channels;
    private final int quorum;
    private final int maxEntryBytes;
    private final Consumer<String> log;
    private final ScheduledExecutorService ticker;
    private final ExecutorService asks;
    private volatile long cosignedSize = -1;
    private volatile String lastOutcome = "";

    /**
     * @param submitters every member's Ed25519 verifier key, by member name (this member's own included)
     * @param witnesses  the other members' cosigner keys, by member name
     */
    public LedgerOperator(Ledger ledger, NoteSigner signer, Map<String, VerifierKey> submitters, Map<String, VerifierKey> witnesses,
            MemberChannels channels, int quorum, int maxEntryBytes, Consumer<String> log) {
        this.ledger = ledger;
        this.signer = signer;
        this.submitters = Map.copyOf(submitters);
        this.witnesses = Map.copyOf(witnesses);
        this.channels = channels;
        this.quorum = quorum;
        this.maxEntryBytes = maxEntryBytes;
        this.log = log;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ledger-checkpoints"));
        this.asks = Executors.newCachedThreadPool(r -> daemon(r, "ledger-cosign"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Starts signing and collecting cosignatures every {@code interval}. */
    public void start(Duration interval) {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                checkpointAndCosign();
            } catch (RuntimeException e) {
                log.accept("ledger: checkpoint failed: " + e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This member's own case events: signed with its key like anyone else's, appended locally. */
    @Override
    public long append(byte[] event) {
        return appendAll(List.of(event)).get(0);
    }

    /** This member's own events, appended in order and forced to disk together. */
    @Override
    public List<Long> appendAll(List<byte[]> events) {
        List<byte[]> entries = new ArrayList<>(events.size());
        for (byte[] e : events) {
            entries.add(SignedEntry.sign(signer, e).encode());
        }
        return appendDurably(entries, signer.name());
    }

    /**
     * Checks and appends a batch, then forces the log once (group commit): every index returned is of an entry on
     * disk, and a batch costs one fsync however long it is. A bad entry refuses the whole batch before any is appended.
     */
    private List<Long> appendDurably(List<byte[]> entries, String peer) {
        for (byte[] e : entries) {
            check(e, peer);
        }
        List<Long> out = new ArrayList<>(entries.size());
        synchronized (ledger.log()) {
            for (byte[] e : entries) {
                out.add(ledger.append(e));
            }
            ledger.log().sync();
        }
        return out;
    }

    private void check(byte[] entry, String peer) {
        if (entry.length > maxEntryBytes) {
            throw new IllegalArgumentException("a ledger entry of " + entry.length + " bytes exceeds the " + maxEntryBytes
                    + "-byte limit (limits.maxSubmissionBytes); log a document's hash, not the document");
        }
        SignedEntry e;
        try {
            e = SignedEntry.decode(entry);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("refused: " + bad.getMessage());
        }
        if (!e.submitter().equals(peer)) {
            throw new IllegalArgumentException("refused: the entry names " + e.submitter() + " as submitter but was sent by " + peer);
        }
        VerifierKey key = submitters.get(peer);
        if (key == null || !e.verifies(key)) {
            throw new IllegalArgumentException("refused: the entry's signature does not verify with " + peer + "'s key in member.yaml");
        }
    }

    /** The size of the last checkpoint that reached the quorum, or -1. */
    public long cosignedSize() {
        return cosignedSize;
    }

    /** One round: checkpoint if the log grew since the last cosigned checkpoint, and collect cosignatures. */
    public synchronized Optional<SignedNote> checkpointAndCosign() {
        long size = ledger.log().size();
        if (size == 0 || size == cosignedSize) {
            return Optional.empty();
        }
        SignedNote note = ledger.checkpoint();
        Checkpoint cp = Checkpoint.parse(note.text());
        List<String> names = new ArrayList<>(witnesses.keySet());
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (String w : names) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return askWitness(w, note, cp);
                } catch (RuntimeException e) {
                    return e;
                }
            }, asks));
        }
        SignedNote merged = note;
        List<String> signedBy = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Object a = answers.get(i).join();
            if (a instanceof NoteSignature s) {
                merged = merged.withSignature(s);
                signedBy.add(names.get(i));
            } else {
                RuntimeException e = (RuntimeException) a;
                missing.add(names.get(i) + " (" + e.getMessage() + ")");
            }
        }
        String outcome;
        if (signedBy.size() >= quorum) {
            ledger.storeCosigned(merged);
            cosignedSize = cp.size();
            outcome = "ledger: checkpoint " + cp.size() + " cosigned by " + String.join(", ", signedBy) + " (quorum " + quorum + ")"
                    + (missing.isEmpty() ? "" : "; not by " + String.join("; ", missing));
        } else {
            outcome = "ledger: checkpoint " + cp.size() + " has " + signedBy.size() + " of " + quorum + " cosignatures needed"
                    + (missing.isEmpty() ? "" : " (missing: " + String.join("; ", missing) + ")")
                    + "; kept uncosigned, retrying";
        }
        if (!outcome.equals(lastOutcome)) {
            log.accept(outcome);
            lastOutcome = outcome;
        }
        return Optional.of(signedBy.size() >= quorum ? merged : note);
    }

    private NoteSignature askWitness(String witness, SignedNote note, Checkpoint cp) {
        VerifierKey key = witnesses.get(witness);
        try (FramedChannel ch = channels.open(witness, COSIGN)) {
            ch.send(Frames.WITNESS_STATE, cp.origin().getBytes(StandardCharsets.UTF_8));
            long last = LedgerWire.parse(ch.expect(Frames.WITNESS_STATE, "the witness's last cosigned size").payload(),
                    "witness state", ByteBuffer::getLong);
            List<byte[]> proof = last > 0 && last < cp.size() ? ledger.consistencyProof(last, cp.size()) : List.of();
            ch.send(Frames.COSIGN, LedgerWire.bytes(out -> {
                LedgerWire.writeText(out, note.format());
                LedgerWire.writeHashes(out, proof);
            }));
            String answer = new String(ch.expect(Frames.COSIGNED, "the cosigned checkpoint").payload(), StandardCharsets.UTF_8);
            SignedNote cosigned = SignedNote.parse(answer);
            if (!cosigned.text().equals(note.text()) || CosignatureV1.verify(cosigned, key) == null) {
                throw new PeerException("answered without a valid cosignature by its key " + key.name());
            }
            return cosigned.signatures().stream().filter(key::matches).findFirst().orElseThrow();
        } catch (MemberUnreachableException e) {
            throw new PeerException("unreachable: " + e.getMessage(), e);
        }
    }

    /** {@code ledger.submit}: one signed entry in, its index out. */
    public ChannelService submitService() {
        return new ChannelService() {
            @Override
            public String kind() {
                return SUBMIT;
            }

            /** One SUBMIT frame of entries ({@code u32 count, then u32 length || entry each}), one SUBMITTED of indexes. */
            @Override
            public void serve(FramedChannel channel, String peer) {
                Frame f = channel.expect(Frames.SUBMIT, "signed entries");
                List<byte[]> entries = LedgerWire.parse(f.payload(), "submission", b -> {
                    int n = b.getInt();
                    if (n < 1 || n > 10_000) {
                        throw new PeerException("a submission carries 1 to 10000 entries, not " + n);
                    }
                    List<byte[]> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        out.add(LedgerWire.readBytes(b));
                    }
                    return out;
                });
                List<Long> indexes = appendDurably(entries, peer);
                ByteBuffer answer = ByteBuffer.allocate(4 + 8 * indexes.size()).putInt(indexes.size());
                indexes.forEach(answer::putLong);
                channel.send(Frames.SUBMITTED, answer.array());
            }
        };
    }

    /** {@code ledger.fetch}: checkpoints, entries and proofs, one answer per request, until DONE. */
    public ChannelService fetchService() {
        return new ChannelService() {
            @Override
            public String kind() {
                return FETCH;
            }

            @Override
            public void serve(FramedChannel channel, String peer) {
                while (true) {
                    byte[] req = channel.expect(Frames.FETCH, "a fetch request").payload();
                    if (req.length == 0) {
                        throw new PeerException("empty fetch request");
                    }
                    byte op = req[0];
                    ByteBuffer b = ByteBuffer.wrap(req, 1, req.length - 1);
                    switch (op) {
                        case LedgerWire.DONE -> {
                            return;
                        }
                        case LedgerWire.LATEST, LedgerWire.LATEST_COSIGNED -> {
                            Optional<SignedNote> n = latest(op == LedgerWire.LATEST_COSIGNED);
                            channel.sendText(Frames.FETCHED, n.map(SignedNote::format).orElse(""));
                        }
                        case LedgerWire.CHECKPOINTS -> channel.send(Frames.FETCHED, LedgerWire.bytes(out -> {
                            List<Path> files = checkpointFiles();
                            out.writeInt(files.size());
                            for (Path p : files) {
                                LedgerWire.writeText(out, Files.readString(p, StandardCharsets.UTF_8));
                            }
                        }));
                        case LedgerWire.ENTRIES -> {
                            long from = b.getLong();
                            int count = b.getInt();
                            long size = ledger.log().size();
                            channel.send(Frames.FETCHED, LedgerWire.bytes(out -> {
                                long end = Math.min(size, from + Math.min(count, 4096));
                                int budget = 8 << 20;
                                List<byte[]> entries = new ArrayList<>();
                                for (long i = Math.max(0, from); i < end; i++) {
                                    byte[] e = ledger.log().entry(i);
                                    budget -= e.length + 4;
                                    if (budget < 0 && !entries.isEmpty()) {
                                        break;
                                    }
                                    entries.add(e);
                                }
                                out.writeInt(entries.size());
                                for (byte[] e : entries) {
                                    out.writeInt(e.length);
                                    out.write(e);
                                }
                            }));
                        }
                        case LedgerWire.INCLUSION -> {
                            long index = b.getLong();
                            long size = b.getLong();
                            List<byte[]> proof = ledger.log().inclusionProof(index, size);
                            channel.send(Frames.FETCHED, LedgerWire.bytes(out -> LedgerWire.writeHashes(out, proof)));
                        }
                        case LedgerWire.CONSISTENCY -> {
                            long m = b.getLong();
                            long n = b.getLong();
                            List<byte[]> proof = ledger.consistencyProof(m, n);
                            channel.send(Frames.FETCHED, LedgerWire.bytes(out -> LedgerWire.writeHashes(out, proof)));
                        }
                        default -> throw new PeerException("unknown fetch operation " + op);
                    }
                }
            }
        };
    }

    private List<Path> checkpointFiles() {
        Path dir = ledger.log().directory().resolve(Ledger.CHECKPOINTS);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".note")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Optional<SignedNote> latest(boolean cosigned) {
        List<Path> files = checkpointFiles();
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                SignedNote n = SignedNote.parse(Files.readString(files.get(i), StandardCharsets.UTF_8));
                long valid = witnesses.values().stream().filter(k -> CosignatureV1.verify(n, k) != null).count();
                if (!cosigned || valid >= quorum) {
                    return Optional.of(n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        asks.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
    }
}
