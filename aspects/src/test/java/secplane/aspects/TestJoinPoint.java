package secplane.aspects;

import secplane.aspect.JoinPoint;

/** A join point as the host would hand it over, with a stack the test chooses. */
public record TestJoinPoint(String name, Object target, Object[] args, StackTraceElement[] stack) implements JoinPoint {

    public static TestJoinPoint of(String name, Object... args) {
        return new TestJoinPoint(name, null, args, new StackTraceElement[0]);
    }

    public static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }
}
