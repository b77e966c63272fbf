package secplane.testbeds.injection.xml;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * Accepts an XML document in the request body and answers with its root element's name and text:
 * an import, an order upload, a SOAP-ish call (CWE-611 when vulnerable).
 *
 * <ul>
 *   <li>{@code POST /xml/parse} uses a {@link DocumentBuilderFactory} as it comes, which reads a DOCTYPE,
 *       fetches external DTDs and expands external entities ({@code file:}, {@code http:}) into the text.
 *   <li>{@code POST /xml/sax} does the same with a default {@link SAXParserFactory}.
 * </ul>
 *
 * <p>The safe twins set {@code http://apache.org/xml/features/disallow-doctype-decl}, the OWASP
 * recommendation for the JDK's parser: any DOCTYPE is a parse error, so nothing external is read.
 */
public final class XmlEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final int MAX_TEXT = 64 * 1024;

    /** Which JDK parser API reads the document. */
    public enum Parser {
        DOM,
        SAX
    }

    private final Parser parser;
    private final boolean safe;

    public XmlEndpoint(Parser parser, boolean safe) {
        this.parser = parser;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        byte[] xml = body(request);
        if (xml.length == 0) {
            throw Refusal.badInput("send an XML document in the request body");
        }
        String[] rootAndText;
        try {
            rootAndText = parser == Parser.DOM ? dom(xml) : sax(xml);
        } catch (SAXException | IOException e) {
            throw Refusal.badInput("cannot read the document", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused its configuration", e);
        }
        text(response, 200, "root: " + rootAndText[0] + "\ntext: " + abbreviate(rootAndText[1]) + "\n");
    }

    private String[] dom(byte[] xml) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        if (safe) {
            factory.setFeature(DISALLOW_DOCTYPE, true);
        }
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        return new String[] {document.getDocumentElement().getTagName(), document.getDocumentElement().getTextContent()};
    }

    private String[] sax(byte[] xml) throws ParserConfigurationException, SAXException, IOException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        if (safe) {
            factory.setFeature(DISALLOW_DOCTYPE, true);
        }
        StringBuilder text = new StringBuilder();
        String[] root = new String[1];
        factory.newSAXParser().parse(new ByteArrayInputStream(xml), new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                if (root[0] == null) {
                    root[0] = qName;
                }
            }

            @Override
            public void characters(char[] ch, int start, int length) {
                if (text.length() < MAX_TEXT) {
                    text.append(ch, start, length);
                }
            }
        });
        return new String[] {root[0], text.toString()};
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "...";
    }
}
