package secplane.detect;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which a detector caught a bug of its own: {@link Detectors} answers such a
 * call with {@link Verdict#none()}, which a test expecting "no attack" would otherwise accept.
 */
final class NoDetectorFailures implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoDetectorFailures.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("failures", Detectors.failures());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("failures", Long.class);
        if (Detectors.failures() != before) {
            throw new AssertionError("a detector failed during this test", Detectors.lastFailure());
        }
    }
}
