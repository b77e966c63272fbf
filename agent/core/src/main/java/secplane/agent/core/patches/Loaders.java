package secplane.agent.core.patches;

/** Short names of class loaders for patch reports: {@code bootstrap}, {@code platform}, {@code app}, or the loader's own name or class. */
final class Loaders {
    private static final ClassLoader PLATFORM = platform();

    private Loaders() {
    }

    static String describe(ClassLoader l) {
        if (l == null) {
            return "bootstrap";
        }
        if (l == ClassLoader.getSystemClassLoader()) {
            return "app";
        }
        if (l == PLATFORM) {
            return "platform";
        }
        String name = null;
        try {
            // ClassLoader.getName(), Java 9+
            Object n = ClassLoader.class.getMethod("getName").invoke(l);
            name = n instanceof String ? (String) n : null;
        } catch (Exception ignored) {
            // Java 8: unnamed
        }
        String type = l.getClass().getName();
        type = type.substring(type.lastIndexOf('.') + 1);
        return name == null || name.isEmpty() ? type : name + " (" + type + ")";
    }

    private static ClassLoader platform() {
        try {
            return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
        } catch (Exception e) {
            // Java 8: the extension loader is the system loader's parent
            return ClassLoader.getSystemClassLoader().getParent();
        }
    }
}
