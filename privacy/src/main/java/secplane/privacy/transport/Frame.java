package secplane.privacy.transport;

/** One framed message: a type byte and its payload. */
public record Frame(byte type, byte[] payload) {
    public static final byte HELLO = 1;
    public static final byte ERROR = 2;
    public static final byte POINTS = 3;
    public static final byte TAGS = 4;
    public static final byte POINTS_DONE = 5;
    public static final byte TAGS_DONE = 6;
    public static final byte FINISHED = 7;
    public static final byte CIPHERTEXTS = 8;
    public static final byte SUM = 9;
    public static final byte TABLE = 10;
    public static final byte QUERY = 11;
    public static final byte ANSWER = 12;
    public static final byte PUBLIC_KEY = 13;
}
