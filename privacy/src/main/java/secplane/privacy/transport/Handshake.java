package secplane.privacy.transport;

import java.util.Map;

/**
 * Both parties send their {@link Hello} at once, then each checks the other's: same magic, same
 * version, same protocol, opposite roles, and equal values of every setting in {@code mustAgree}.
 * A mismatch is reported to the peer in an ERROR frame and raised locally, so both sides stop with
 * a message that names the setting and both values.
 */
public final class Handshake {
    private Handshake() {
    }

    /**
     * @param mustAgree setting name → what to tell the user to do when it differs
     * @return the peer's hello
     */
    public static Hello exchange(FramedChannel ch, Hello mine, Map<String, String> mustAgree) {
        ch.send(Frame.HELLO, mine.encode());
        Frame f = ch.receive();
        Hello theirs = f.type() == Frame.HELLO ? Hello.decode(f.payload()) : null;
        String problem = check(mine, theirs, mustAgree);
        if (problem != null) {
            ch.sendError(problem);
            throw new PeerException(problem);
        }
        return theirs;
    }

    static String check(Hello mine, Hello theirs, Map<String, String> mustAgree) {
        if (theirs == null || !Hello.MAGIC.equals(theirs.get("magic"))) {
            return "the peer is not a secplane PSI party (no valid hello)";
        }
        if (!mine.get("version").equals(theirs.get("version"))) {
            return "protocol version mismatch: this side speaks " + Hello.MAGIC + "/" + mine.get("version") + ", the peer "
                    + Hello.MAGIC + "/" + theirs.get("version") + "; run the same secplane release on both sides";
        }
        if (!mine.get("protocol").equals(theirs.get("protocol"))) {
            return "protocol mismatch: this side runs '" + mine.get("protocol") + "', the peer '" + theirs.get("protocol")
                    + "'; both must use the same --mode";
        }
        if (mine.get("role").equals(theirs.get("role"))) {
            return "both parties have the role '" + mine.get("role") + "'; one must serve and one join";
        }
        for (Map.Entry<String, String> e : mustAgree.entrySet()) {
            String a = mine.get(e.getKey());
            String b = theirs.get(e.getKey());
            if (!a.equals(b)) {
                return "settings differ: " + e.getKey() + " is '" + a + "' on the " + mine.get("role") + " side and '" + b
                        + "' on the " + theirs.get("role") + " side; " + e.getValue();
            }
        }
        return null;
    }
}
