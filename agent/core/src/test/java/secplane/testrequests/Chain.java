package secplane.testrequests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/** A filter chain with every way out of doFilter, woven as a request source by the weaving tests. */
public class Chain implements FilterChain {
    public static final List<String> CALLS = new ArrayList<>();
    public String mode = "return";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException {
        try {
            if (mode.equals("caught")) {
                throw new IllegalStateException("inner");
            }
        } catch (IllegalStateException e) {
            CALLS.add("caught inside");
        }
        if (mode.equals("throw")) {
            throw new IOException("boom");
        }
        if (mode.equals("early")) {
            CALLS.add("early");
            return;
        }
        long wide = 1L;
        double more = 2.0;
        CALLS.add("end " + (wide + more));
    }
}
