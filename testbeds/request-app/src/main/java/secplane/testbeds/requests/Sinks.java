package secplane.testbeds.requests;

import jakarta.el.ELProcessor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import ognl.MemberAccess;
import ognl.Ognl;
import ognl.OgnlContext;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.mvel2.MVEL;

/**
 * The sink libraries beyond the JDK, each used the vulnerable way with a request input: outbound
 * HTTP with OkHttp 4, Apache HttpClient 4 and 5 to a URL from {@code ?url=} (SSRF, CWE-918), the
 * JDK's StAX parser on a POSTed document (XXE, CWE-611), and OGNL, MVEL, JEXL 3 and Jakarta EL
 * (Expressly) evaluating {@code ?expr=} (CWE-917). {@code ?fixed} fetches a URL the code chose,
 * so that a destination not from input is seen not to be judged.
 */
final class Sinks extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String lib = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        String answer;
        try {
            switch (lib) {
                case "okhttp":
                    answer = okhttp(url(request));
                    break;
                case "httpclient4":
                    answer = httpclient4(url(request));
                    break;
                case "httpclient5":
                    answer = httpclient5(url(request));
                    break;
                case "stax":
                    answer = stax(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    break;
                case "ognl": {
                    OgnlContext context = Ognl.createDefaultContext(null, new OpenMemberAccess());
                    answer = String.valueOf(Ognl.getValue(Ognl.parseExpression(request.getParameter("expr")), context, (Object) null));
                    break;
                }
                case "mvel":
                    answer = String.valueOf(MVEL.eval(request.getParameter("expr"), new HashMap<String, Object>()));
                    break;
                case "jexl":
                    answer = String.valueOf(new JexlBuilder().permissions(JexlPermissions.UNRESTRICTED).create()
                            .createExpression(request.getParameter("expr")).evaluate(new MapContext()));
                    break;
                case "el": {
                    Object value = new ELProcessor().eval(request.getParameter("expr")); // generic: typed Object, or valueOf(char[]) is chosen
                    answer = String.valueOf(value);
                    break;
                }
                default:
                    response.sendError(404);
                    return;
            }
        } catch (Exception e) {
            Answers.failed(response, e);
            return;
        }
        Answers.text(response, answer);
    }

    /**
     * {@code ?url=} from the request, or with {@code ?fixed}: a loopback URL the code builds itself from its
     * own port. It names {@code localhost}, not the {@code 127.0.0.1:<port>} that the test client sends as its
     * Host header: a URL built from the Host header is an SSRF the agent rightly blocks.
     */
    private static String url(HttpServletRequest request) {
        return request.getParameter("fixed") != null ? "http://localhost:" + request.getLocalPort() + "/hello?name=fixed" : request.getParameter("url");
    }

    private static String okhttp(String url) throws IOException {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
            return r.body() == null ? "" : r.body().string();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static String httpclient4(String url) throws IOException {
        try (org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.createDefault();
                org.apache.http.client.methods.CloseableHttpResponse r = client.execute(new org.apache.http.client.methods.HttpGet(url))) {
            return org.apache.http.util.EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
        }
    }

    private static String httpclient5(String url) throws Exception {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            return client.execute(new HttpGet(url), r -> EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8));
        }
    }

    /** The JDK's StAX with its defaults (DTDs and external entities supported), the text of the document. */
    private static String stax(String document) throws Exception {
        XMLStreamReader reader = XMLInputFactory.newInstance().createXMLStreamReader(new StringReader(document));
        StringBuilder text = new StringBuilder();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(reader.getText());
            }
        }
        return text.toString();
    }

    /** What an application that "just wants OGNL to work" configures: every public member accessible. */
    private static final class OpenMemberAccess implements MemberAccess {
        @Override
        public Object setup(OgnlContext context, Object target, Member member, String propertyName) {
            return null;
        }

        @Override
        public void restore(OgnlContext context, Object target, Member member, String propertyName, Object state) {
            // nothing was changed in setup
        }

        @Override
        public boolean isAccessible(OgnlContext context, Object target, Member member, String propertyName) {
            return Modifier.isPublic(member.getModifiers());
        }
    }
}
