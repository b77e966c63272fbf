package secplane.testrequests;

/** A response writer like Tomcat's OutputBuffer: what {@code write(String, int, int)} appends is what the client gets. */
public class Out {
    public final StringBuilder sent = new StringBuilder();

    public void write(String s, int off, int len) {
        sent.append(s, off, off + len);
    }
}
