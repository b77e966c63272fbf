package secplane.e2e.apps;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** The application's own use of ByteBuddy, at a version other than the agent's. */
final class AppByteBuddy {
    private AppByteBuddy() {
    }

    static String run() throws Exception {
        Class<?> type = new ByteBuddy().subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's ByteBuddy"))
                .make().load(AppByteBuddy.class.getClassLoader()).getLoaded();
        return type.getDeclaredConstructor().newInstance() + " from "
                + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", "");
    }
}
