package secplane.aspects;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import secplane.aspect.AspectContext;

/** An aspect context whose resources come from the aspect's own class loader, as from its jar. */
public final class TestContext implements AspectContext {
    private final Class<?> aspectClass;
    public final List<String> logged = new ArrayList<>();

    public TestContext(Class<?> aspectClass) {
        this.aspectClass = aspectClass;
    }

    @Override
    public String aspectId() {
        return aspectClass.getSimpleName();
    }

    @Override
    public String aspectVersion() {
        return "test";
    }

    @Override
    public void log(String message) {
        logged.add(message);
    }

    @Override
    public byte[] resource(String name) throws IOException {
        try (InputStream in = aspectClass.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new FileNotFoundException(name);
            }
            return in.readAllBytes();
        }
    }
}
