package secplane.testrequests;

/** A request body stream, woven with the body tee by the weaving tests. */
public class Body {
    private final byte[] data;
    private int pos;

    public Body(byte[] data) {
        this.data = data;
    }

    public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
            return -1;
        }
        int n = Math.min(len, data.length - pos);
        if (n == 0) {
            return 0;
        }
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}
