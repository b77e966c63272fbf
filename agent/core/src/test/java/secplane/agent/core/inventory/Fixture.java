package secplane.agent.core.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;

/** A class the tests define again and again, each time in a new loader with the code source they need. */
public final class Fixture {
    /** A new class (this one's bytes, in a fresh loader) whose protection domain names {@code location}. */
    static Class<?> definedAt(URL location) throws IOException {
        byte[] bytes;
        try (InputStream in = Fixture.class.getResourceAsStream("Fixture.class")) {
            bytes = in.readAllBytes();
        }
        ProtectionDomain pd = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null);
        return new ClassLoader(null) {
            Class<?> define() {
                return defineClass(Fixture.class.getName(), bytes, 0, bytes.length, pd);
            }
        }.define();
    }
}
