package secplane.testbeds.attacks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The attacker's end of a JNDI callback: a loopback TCP listener that records every connection.
 *
 * <p>A connection at all proves the victim performed the JNDI lookup (CVE-2021-44228). To tell
 * payloads apart, the listener speaks just enough LDAP (RFC 4511) to learn the lookup's base DN:
 * it answers the client's BindRequest with success, reads the SearchRequest and records its
 * baseObject, answers noSuchObject and closes. It never returns an object or a codebase, so the
 * victim only ever gets a failed lookup. Anything unexpected ends the exchange; the connection
 * stays recorded.
 */
public final class LdapCallbackListener implements AutoCloseable {

    /** One inbound connection; {@code baseDn} is empty when the client did not get as far as a search. */
    public record Connection(Instant at, String remote, String baseDn) {
    }

    private static final int BIND_REQUEST = 0x60;
    private static final int SEARCH_REQUEST = 0x63;
    private static final int SUCCESS = 0x00;
    private static final int NO_SUCH_OBJECT = 0x20;
    private static final int MAX_MESSAGE = 64 * 1024;

    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private LdapCallbackListener(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "ldap-callback-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Opens a listener on 127.0.0.1 and an ephemeral port. */
    public static LdapCallbackListener open() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        LdapCallbackListener listener = new LdapCallbackListener(server);
        listener.acceptor.start();
        return listener;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code ldap://127.0.0.1:<port>/<baseDn>}. */
    public String url(String baseDn) {
        return "ldap://127.0.0.1:" + port() + "/" + baseDn;
    }

    /** Every connection so far, oldest first. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Waits until a connection matching {@code filter} has been recorded, or the timeout passes. */
    public Optional<Connection> await(Predicate<Connection> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Connection> match = connections.stream().filter(filter).findFirst();
            if (match.isPresent() || System.nanoTime() > deadline) {
                return match;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> handle(socket), acceptor.getName() + "-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void handle(Socket socket) {
        Instant at = Instant.now();
        String remote = String.valueOf(socket.getRemoteSocketAddress());
        String baseDn = "";
        try (socket) {
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int message = 0; message < 2 && baseDn.isEmpty(); message++) {
                Ber ldapMessage = Ber.read(in);
                if (ldapMessage == null || ldapMessage.tag != 0x30) {
                    break;
                }
                DataInputStream body = ldapMessage.contents();
                Ber messageId = Ber.read(body);
                Ber operation = Ber.read(body);
                if (messageId == null || messageId.tag != 0x02 || operation == null) {
                    break;
                }
                if (operation.tag == BIND_REQUEST) {
                    out.write(response(messageId.value, 0x61, SUCCESS));
                } else if (operation.tag == SEARCH_REQUEST) {
                    Ber base = Ber.read(operation.contents());
                    baseDn = base == null ? "" : new String(base.value, StandardCharsets.UTF_8);
                    record(at, remote, baseDn);
                    out.write(response(messageId.value, 0x65, NO_SUCH_OBJECT));
                    return;
                } else {
                    break;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client hung up or spoke something else: the connection itself is the evidence
        }
        if (baseDn.isEmpty()) {
            record(at, remote, "");
        }
    }

    private void record(Instant at, String remote, String baseDn) {
        connections.add(new Connection(at, remote, baseDn));
    }

    /** An LDAPResult-shaped response (RFC 4511 §4.1.9): resultCode, empty matchedDN, empty message. */
    private static byte[] response(byte[] messageId, int operationTag, int resultCode) {
        ByteArrayOutputStream op = new ByteArrayOutputStream();
        op.writeBytes(new byte[] {0x0a, 0x01, (byte) resultCode, 0x04, 0x00, 0x04, 0x00});
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(Ber.encode(0x02, messageId));
        message.writeBytes(Ber.encode(operationTag, op.toByteArray()));
        return Ber.encode(0x30, message.toByteArray());
    }

    /** One BER TLV (X.690), definite lengths only, which is all LDAP uses. */
    private record Ber(int tag, byte[] value) {

        static Ber read(InputStream in) throws IOException {
            int tag = in.read();
            if (tag < 0) {
                return null;
            }
            int length = in.read();
            if (length < 0) {
                throw new SocketException("truncated BER length");
            }
            if ((length & 0x80) != 0) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3) {
                    throw new SocketException("unsupported BER length form");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    int b = in.read();
                    if (b < 0) {
                        throw new SocketException("truncated BER length");
                    }
                    length = (length << 8) | b;
                }
            }
            if (length > MAX_MESSAGE) {
                throw new SocketException("BER element too long: " + length);
            }
            return new Ber(tag, in.readNBytes(length));
        }

        DataInputStream contents() {
            return new DataInputStream(new ByteArrayInputStream(value));
        }

        static byte[] encode(int tag, byte[] value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            if (value.length < 0x80) {
                out.write(value.length);
            } else {
                out.write(0x82);
                out.write(value.length >> 8);
                out.write(value.length & 0xff);
            }
            out.writeBytes(value);
            return out.toByteArray();
        }
    }
}
