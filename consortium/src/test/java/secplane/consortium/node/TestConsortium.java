package secplane.consortium.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import secplane.consortium.config.ConsortiumKeys;
import secplane.consortium.config.MemberConfig;

/** Member configs on free loopback ports, written by the keys generator, and a log per member kept for assertions. */
public final class TestConsortium {
    public final ConsortiumKeys.Written written;
    public final List<String> names;
    public final List<String> lines = new CopyOnWriteArrayList<>();

    public TestConsortium(Path dir, String... names) {
        this.names = List.of(names);
        this.written = ConsortiumKeys.write(dir, this.names, freePorts(names.length));
    }

    public static List<Integer> freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
            for (ServerSocket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    public Path config(String member) {
        return written.configs().get(names.indexOf(member));
    }

    public MemberConfig load(String member) {
        return MemberConfig.load(config(member));
    }

    /** Rewrites one line of a member's config (the test asserts the line was there). */
    public void edit(String member, String from, String to) {
        try {
            Path f = config(member);
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (!text.contains(from)) {
                throw new IllegalStateException(f + " has no '" + from + "'");
            }
            Files.writeString(f, text.replace(from, to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Consumer<String> log(String member) {
        return line -> lines.add(member + " " + line);
    }

    public MemberNode start(String member) {
        return MemberNode.startLedger(load(member), log(member));
    }
}
