package secplane.privacy.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Length-prefixed frames over a byte stream: a 4-byte big-endian length (of type + payload), a type
 * byte, the payload. Frames above {@link #MAX_FRAME} are refused on both ends, so a confused or
 * hostile peer cannot make this side allocate without bound. Sending is thread-safe; one thread
 * receives.
 */
public final class FramedChannel implements AutoCloseable {
    /** 16 MiB: a batch of 4096 points is 128 KiB; the largest frame is a table chunk of 8 MiB. */
    public static final int MAX_FRAME = 16 << 20;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final AutoCloseable underlying;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final String peer;

    public FramedChannel(InputStream in, OutputStream out, AutoCloseable underlying, String peer) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.underlying = underlying;
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }

    public void send(byte type, byte[] payload) {
        send(type, payload, 0, payload.length);
    }

    public void send(byte type, byte[] payload, int off, int len) {
        if (len + 1 > MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + len + " bytes exceeds the " + MAX_FRAME + "-byte limit");
        }
        synchronized (out) {
            try {
                out.writeInt(len + 1);
                out.writeByte(type);
                out.write(payload, off, len);
                out.flush();
            } catch (IOException e) {
                throw lost("sending to", e);
            }
        }
        sent.addAndGet(5L + len);
    }

    public void sendText(byte type, String text) {
        send(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame; an ERROR frame from the peer is raised as a {@link PeerException}. */
    public Frame receive() {
        try {
            int len = in.readInt();
            if (len < 1 || len > MAX_FRAME) {
                throw new PeerException("the peer " + peer + " sent a frame of " + len + " bytes (limit " + MAX_FRAME
                        + "); it is not a secplane PSI party of a compatible version");
            }
            byte type = in.readByte();
            byte[] payload = new byte[len - 1];
            in.readFully(payload);
            received.addAndGet(4L + len);
            if (type == Frame.ERROR) {
                throw new PeerException("the peer " + peer + " stopped: " + new String(payload, StandardCharsets.UTF_8));
            }
            return new Frame(type, payload);
        } catch (IOException e) {
            throw lost("receiving from", e);
        }
    }

    /** Receives a frame that must be of the given type. */
    public Frame expect(byte type, String what) {
        Frame f = receive();
        if (f.type() != type) {
            throw new PeerException("expected " + what + " from " + peer + " but got a frame of type " + f.type()
                    + "; are both parties running the same protocol?");
        }
        return f;
    }

    /** Best effort: tells the peer why this side stops. */
    public void sendError(String reason) {
        try {
            sendText(Frame.ERROR, reason);
        } catch (RuntimeException ignored) {
            // the connection may already be gone; the local error is reported anyway
        }
    }

    private PeerException lost(String doing, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new PeerException("timed out " + doing + " the peer " + peer
                    + ": no data within the read timeout; the peer may be stalled or gone (raise --timeout for very large sets)", e);
        }
        if (e instanceof EOFException) {
            return new PeerException("the peer " + peer + " closed the connection before the protocol finished; nothing was written, re-run both parties", e);
        }
        if (e instanceof SocketException || e.getClass().getName().contains("SSL")) {
            return new PeerException("the connection to " + peer + " broke while " + doing.replace(" to", "").replace(" from", "")
                    + " (" + e.getMessage() + "); nothing was written, re-run both parties", e);
        }
        return new PeerException("I/O error " + doing + " the peer " + peer + ": " + e.getMessage(), e);
    }

    /** Application bytes sent, framing included. */
    public long bytesSent() {
        return sent.get();
    }

    public long bytesReceived() {
        return received.get();
    }

    @Override
    public void close() {
        try {
            underlying.close();
        } catch (Exception ignored) {
            // closing is best effort; the peer sees end-of-stream either way
        }
    }
}
