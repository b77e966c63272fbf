package secplane.consortium.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import secplane.consortium.net.ListenerLimits;
import secplane.consortium.net.MemberAddress;

/**
 * One member node's configuration, read from {@code member.yaml}. Relative paths are resolved against the file's
 * directory. Unknown keys, missing required keys and missing files are errors naming the file and the key; the
 * reference is docs/consortium.md.
 *
 * @param data the {@code data:} mapping, passed through unchanged to the member-data loader that defines its keys
 */
public record MemberConfig(Path file, String name, String listenHost, int listenPort, IdentityFiles identity, List<Peer> members,
        LedgerSettings ledger, Map<String, Object> data, StoreSettings store, Limits limits) {

    /** This member's keys and TLS files. */
    public record IdentityFiles(Path signingKey, Path witnessKey, Path sealingKey, Path consortiumKey, Path certificate, Path key, Path ca) {
    }

    /**
     * Another member: where it listens, its certificate subject, its Ed25519 keys (C2SP vkey encodings) and its X25519
     * sealing key (base64) that case-event details for it are sealed to.
     */
    public record Peer(MemberAddress address, String verifierKey, String witnessKey, String sealingKey) {
        public String name() {
            return address.name();
        }
    }

    /**
     * @param operator           the member that runs the log
     * @param directory          the log's directory (operator) or this member's witness state and fetched copies
     * @param checkpointInterval how often the operator signs a checkpoint when the log grew
     * @param quorum             cosignatures needed before a checkpoint counts as cosigned
     */
    public record LedgerSettings(String operator, Path directory, Duration checkpointInterval, int quorum) {
    }

    /** The node's own store (cases, trace results, freeze requests and answers): a JDBC URL, H2 file by default. */
    public record StoreSettings(String url, String user, String password) {
    }

    public record Limits(ListenerLimits listener, Duration connectTimeout, int maxSubmissionBytes) {
    }

    public List<MemberAddress> addresses() {
        return members.stream().map(Peer::address).toList();
    }

    public Optional<Peer> peer(String member) {
        return members.stream().filter(p -> p.name().equals(member)).findFirst();
    }

    public boolean operatesLedger() {
        return ledger.operator().equals(name);
    }

    public static MemberConfig load(Path file) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            doc = new Yaml(new SafeConstructor(options)).load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; write one with 'secplane consortium keys' or see docs/consortium.md");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map)) {
            throw new ConfigException(file + ": must be a YAML mapping (member: ..., listen: ..., identity: ...)");
        }
        YamlSection root = new YamlSection(file, "", (Map<?, ?>) doc);
        String name = root.string("member");
        String listen = root.optionalString("listen").orElse("127.0.0.1:0");
        String[] hp = hostPort(root, "listen", listen);

        YamlSection id = root.section("identity");
        IdentityFiles identity = new IdentityFiles(existing(id, "signingKey"), existing(id, "witnessKey"), existing(id, "sealingKey"),
                existing(id, "consortiumKey"), existing(id, "certificate"),
                existing(id, "key"), existing(id, "ca"));
        id.done();

        List<Peer> peers = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of(name));
        for (YamlSection m : root.sections("members")) {
            String peerName = m.string("name");
            if (!names.add(peerName)) {
                throw m.error(m.where("name"), "member '" + peerName + "' appears twice (or is this member itself)");
            }
            String[] a = hostPort(m, "address", m.string("address"));
            MemberAddress address;
            try {
                address = new MemberAddress(peerName, a[0], Integer.parseInt(a[1]), m.string("subject"));
            } catch (IllegalArgumentException e) {
                throw m.error(m.where("subject"), e.getMessage());
            }
            peers.add(new Peer(address, m.string("verifierKey"), m.string("witnessKey"), m.string("sealingKey")));
            m.done();
        }

        YamlSection l = root.section("ledger");
        String operator = l.string("operator");
        if (!names.contains(operator)) {
            throw l.error(l.where("operator"), "'" + operator + "' is neither this member nor one listed under members");
        }
        LedgerSettings ledger = new LedgerSettings(operator, l.path("directory"), l.duration("checkpointInterval", Duration.ofSeconds(1)),
                l.integer("quorum", Math.max(1, peers.size() / 2), 0, Math.max(0, peers.size())));
        l.done();

        Map<String, Object> data = root.passThrough("data");

        Optional<YamlSection> s = root.optionalSection("store");
        StoreSettings store;
        String defaultUrl = "jdbc:h2:file:" + root.resolve("store/" + name);
        if (s.isPresent()) {
            YamlSection st = s.get();
            store = new StoreSettings(st.optionalString("url").map(u -> h2Relative(root, u)).orElse(defaultUrl), st.optionalString("user").orElse(""),
                    st.optionalString("password").orElse(""));
            st.done();
        } else {
            store = new StoreSettings(defaultUrl, "", "");
        }

        Optional<YamlSection> lim = root.optionalSection("limits");
        Limits limits;
        ListenerLimits d = ListenerLimits.DEFAULT;
        if (lim.isPresent()) {
            YamlSection li = lim.get();
            try {
                limits = new Limits(new ListenerLimits(li.integer("maxConnections", d.maxConnections(), 1, 10_000),
                        li.duration("handshakeTimeout", d.handshakeTimeout()), li.duration("readTimeout", d.readTimeout()),
                        li.duration("requestTimeout", d.requestTimeout()), d.maxOpeningFrame()),
                        li.duration("connectTimeout", Duration.ofSeconds(5)), li.integer("maxSubmissionBytes", 1 << 20, 1, 1 << 20));
            } catch (IllegalArgumentException e) {
                throw li.error("limits", e.getMessage());
            }
            li.done();
        } else {
            limits = new Limits(d, Duration.ofSeconds(5), 1 << 20);
        }
        root.done();
        return new MemberConfig(file, name, hp[0], Integer.parseInt(hp[1]), identity, List.copyOf(peers), ledger, data, store, limits);
    }

    /**
     * H2 resolves a relative file URL against the working directory; member.yaml means its own directory, like every
     * other path in it.
     */
    public static String h2Relative(Path configFile, String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        if (path.startsWith("/") || path.startsWith("~")) {
            return url;
        }
        return prefix + configFile.toAbsolutePath().getParent().resolve(path).normalize() + (semi < 0 ? "" : rest.substring(semi));
    }

    private static String h2Relative(YamlSection s, String url) {
        return h2Relative(s.resolve("member.yaml"), url);
    }

    private static Path existing(YamlSection s, String key) {
        Path p = s.path(key);
        if (!Files.isRegularFile(p)) {
            throw s.error(s.where(key), p + ": no such file");
        }
        return p;
    }

    private static String[] hostPort(YamlSection s, String key, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw s.error(s.where(key), "must be HOST:PORT, e.g. 127.0.0.1:7401, got '" + value + "'");
        }
        String port = value.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw s.error(s.where(key), "the port must be a number from 0 to 65535, got '" + port + "'");
        }
        return new String[] {value.substring(0, colon), port};
    }
}
