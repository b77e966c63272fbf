package secplane.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP relay on 127.0.0.1 that drops both connections once this many bytes have passed in total. */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong passed = new AtomicLong();

    CuttingProxy(int targetPort, long cutAfter) {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread t = new Thread(() -> {
            try (Socket in = server.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                Thread up = pump(in.getInputStream(), out.getOutputStream(), cutAfter, in, out);
                Thread down = pump(out.getInputStream(), in.getOutputStream(), cutAfter, in, out);
                up.join();
                down.join();
            } catch (IOException | InterruptedException ignored) {
                // the cut itself
            }
        });
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private Thread pump(InputStream from, OutputStream to, long cutAfter, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (passed.addAndGet(n) > cutAfter) {
                        a.close();
                        b.close();
                        return;
                    }
                    to.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // closed by the other pump
            }
            try {
                a.close();
                b.close();
            } catch (IOException ignored) {
                // already closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }
}
