package secplane.agent.core.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What the agent reports: a verdict with its evidence. Serialised as one JSON object per line. */
public final class Event {
    public static final int MAX_STACK = 24;
    public static final int MAX_VALUE = 1024;

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Event(String id) {
        fields.put("id", id);
        fields.put("time", Iso.now());
    }

    public static Event create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new Event("ev-" + hex(r.nextLong(), 16) + hex(r.nextInt() & 0xFFFFFFFFL, 8));
    }

    private static String hex(long value, int digits) {
        String h = Long.toHexString(value);
        StringBuilder sb = new StringBuilder(digits);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h).toString();
    }

    public String id() {
        return (String) fields.get("id");
    }

    public Event put(String key, Object value) {
        fields.put(key, value instanceof String ? truncate((String) value) : value);
        return this;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public static String truncate(String s) {
        return s == null || s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE) + "...(" + s.length() + " chars)";
    }

    /** Drops the agent's and the trampoline's own frames and keeps the first {@link #MAX_STACK}. */
    public static String[] trim(StackTraceElement[] stack) {
        int start = 0;
        while (start < stack.length && isAgentFrame(stack[start])) {
            start++;
        }
        // advice is inlined, so the first frame after the agent's is the woven method itself
        int n = Math.min(MAX_STACK, stack.length - start);
        String[] out = new String[Math.max(n, 0)];
        for (int i = 0; i < n; i++) {
            out[i] = stack[start + i].toString();
        }
        return out;
    }

    private static boolean isAgentFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("secplane.agent.") || c.startsWith("secplane.bootstrap.") || c.startsWith("secplane.aspects.")
                || c.equals("java.lang.Thread");
    }
}
