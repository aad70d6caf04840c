package no.helsegateway.mappings.emessage.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import net.sf.saxon.s9api.BuildingContentHandler;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import no.helsegateway.mappings.error.ErrorCodes;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * The one factory for XML parsers in this module. Every parser it makes refuses DOCTYPE (so no DTD,
 * no internal or external entities, no billion laughs), does not load external DTDs or schemas, has
 * XInclude off, secure processing on, JDK entity-expansion and depth limits, and a byte-size limit
 * checked before parsing. Parsing builds a Saxon tree and, in the same pass, validates against a
 * compiled {@link Schema} when one is given; schema messages are collected with line/column and
 * stripped of element values (no patient data).
 */
public final class SecureXml {

  /** Default size limit: 10 MiB. */
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  private static final int MAX_SCHEMA_MESSAGES = 5;
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern QNAME = Pattern.compile("\"[^\"]*\":");

  private final Processor processor;
  private final long maxBytes;

  /** The hardened reader without validation, one per thread. */
  private final ThreadLocal<XMLReader> readers = ThreadLocal.withInitial(SecureXml::newReader);

  /**
   * Hardened readers that validate in the parser's own pipeline ({@link
   * SAXParserFactory#setSchema}), one per thread and schema, reused: no SAX-to-XNI copy of every
   * event as with a {@link javax.xml.validation.ValidatorHandler} behind the reader, and the parser
   * resets the validator at the start of each document.
   */
  private final ThreadLocal<java.util.Map<Schema, XMLReader>> validatingReaders =
      ThreadLocal.withInitial(java.util.IdentityHashMap::new);

  public SecureXml(Processor processor, long maxBytes) {
    this.processor = processor;
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Result of a parse: the tree and the schema messages (empty when valid or not validated). */
  public record Parsed(XdmNode document, List<String> schemaMessages) {}

  /**
   * Parses bytes into a Saxon tree, validating against {@code schema} when it is not {@code null}.
   *
   * @throws XmlRejection with code not-xml, not-well-formed, doctype-forbidden or too-large
   */
  public Parsed parse(byte[] bytes, Schema schema) throws XmlRejection {
    if (bytes == null || bytes.length == 0) {
      throw new XmlRejection(ErrorCodes.NOT_XML, null, "empty body");
    }
    if (bytes.length > maxBytes) {
      throw new XmlRejection(
          ErrorCodes.TOO_LARGE, null, bytes.length + " bytes > limit " + maxBytes + " bytes");
    }
    if (!looksLikeXml(bytes)) {
      throw new XmlRejection(ErrorCodes.NOT_XML, "1:1", "the body does not start with '<'");
    }
    List<String> messages = new ArrayList<>();
    PathTracker tracker = new PathTracker();
    XMLReader reader;
    if (schema != null) {
      reader = validatingReaders.get().computeIfAbsent(schema, SecureXml::newValidatingReader);
      tracker.collectInto(messages);
      reader.setErrorHandler(tracker);
    } else {
      reader = readers.get();
      reader.setErrorHandler(STRICT);
    }
    try {
      BuildingContentHandler builder = processor.newDocumentBuilder().newBuildingContentHandler();
      tracker.setContentHandler(builder);
      reader.setContentHandler(tracker);
      reader.parse(new InputSource(new ByteArrayInputStream(bytes)));
      tracker.flush();
      return new Parsed(builder.getDocumentNode(), List.copyOf(messages));
    } catch (SAXParseException e) {
      String code = hasDoctype(bytes) ? ErrorCodes.DOCTYPE_FORBIDDEN : ErrorCodes.NOT_WELL_FORMED;
      throw new XmlRejection(
          code, e.getLineNumber() + ":" + e.getColumnNumber(), sanitize(e.getMessage()));
    } catch (SAXException | java.io.IOException | SaxonApiException e) {
      String code = hasDoctype(bytes) ? ErrorCodes.DOCTYPE_FORBIDDEN : ErrorCodes.NOT_WELL_FORMED;
      throw new XmlRejection(code, null, sanitize(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      // e.g. an entity-expansion or depth limit surfacing as an unchecked exception
      readers.remove();
      validatingReaders.remove();
      throw new XmlRejection(ErrorCodes.NOT_WELL_FORMED, null, e.getClass().getSimpleName());
    }
  }

  /**
   * A hardened reader that validates against {@code schema} while parsing (schema validation in the
   * parser pipeline). Element and attribute values reach the tree as written (no schema whitespace
   * normalisation), as with a separate validator.
   */
  private static XMLReader newValidatingReader(Schema schema) {
    SAXParserFactory f = hardenedFactory();
    f.setSchema(schema);
    try {
      XMLReader r = configure(f.newSAXParser().getXMLReader());
      r.setFeature("http://apache.org/xml/features/validation/schema/normalized-value", false);
      return r;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("Cannot create a hardened validating XML parser", e);
    }
  }

  /** A hardened SAX reader (namespace-aware, no DOCTYPE, no external anything). */
  public static XMLReader newReader() {
    try {
      return configure(hardenedFactory().newSAXParser().getXMLReader());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("Cannot create a hardened XML parser", e);
    }
  }

  /** The hardened SAX parser factory (JDK built-in implementation). */
  public static SAXParserFactory hardenedFactory() {
    SAXParserFactory f = SAXParserFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("XML parser does not support hardening features", e);
    }
    return f;
  }

  private static XMLReader configure(XMLReader r) {
    trySet(r, XMLConstants.ACCESS_EXTERNAL_DTD, "");
    trySet(r, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    trySet(r, "http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "64");
    trySet(r, "http://www.oracle.com/xml/jaxp/properties/maxElementDepth", "512");
    trySet(r, "http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit", "65536");
    return r;
  }

  /** A hardened schema factory: local (file/jar) schema documents only, DTDs refused. */
  public static SchemaFactory hardenedSchemaFactory() {
    SchemaFactory sf = SchemaFactory.newDefaultInstance();
    try {
      sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    trySet(sf, XMLConstants.ACCESS_EXTERNAL_DTD, "");
    trySet(sf, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
    return sf;
  }

  /** Removes quoted values from parser/validator messages; keeps element names. */
  static String sanitize(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = QUOTED.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1);
      String replacement;
      if (inner.startsWith("{") || inner.startsWith("\"")) {
        replacement =
            "'" + QNAME.matcher(inner).replaceAll("").replace("{", "").replace("}", "") + "'";
      } else {
        replacement = "'…'";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static boolean looksLikeXml(byte[] b) {
    int i = 0;
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      i = 3;
    } else if (b.length >= 2
        && (((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF)
            || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE))) {
      return true; // UTF-16 with BOM: let the parser decide
    }
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i < b.length && b[i] == '<';
  }

  static boolean hasDoctype(byte[] b) {
    int limit = Math.min(b.length, 64 * 1024);
    String head = new String(b, 0, limit, java.nio.charset.StandardCharsets.ISO_8859_1);
    return head.contains("<!DOCTYPE") || head.contains("<!ENTITY");
  }

  private static void trySet(Object target, String name, Object value) {
    try {
      if (target instanceof XMLReader r) {
        r.setProperty(name, value);
      } else if (target instanceof SchemaFactory s) {
        s.setProperty(name, value);
      }
    } catch (SAXException ignored) {
      // property not supported by this implementation; the DOCTYPE ban still applies
    }
  }

  private static final ErrorHandler STRICT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  /**
   * Tracks the element path so schema messages can say where, without values, and collects the
   * schema messages (the reader's error handler when validating; well-formedness errors are fatal
   * and thrown). The validator runs before this handler sees an event, so a message is completed at
   * the next event: at the start of element {@code X} (an error in {@code X}'s start tag or
   * position) the path is the parent's plus {@code /X}, at text or the end of an element it is the
   * current element's.
   */
  static final class PathTracker extends XMLFilterImpl {
    private final StringBuilder path = new StringBuilder();
    private final int[] marks = new int[1024];
    private int depth;
    private List<String> messages;
    private final List<SAXParseException> pending = new ArrayList<>(2);
    private int collected;

    void collectInto(List<String> messages) {
      this.messages = messages;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts)
        throws SAXException {
      if (depth < marks.length) {
        marks[depth] = path.length();
      }
      depth++;
      path.append('/').append(localName);
      flush();
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      flush();
      super.endElement(uri, localName, qName);
      depth--;
      if (depth >= 0 && depth < marks.length) {
        path.setLength(marks[depth]);
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      flush();
      super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
      flush();
      super.ignorableWhitespace(ch, start, length);
    }

    String path() {
      return path.length() == 0 ? "/" : path.toString();
    }

    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) {
      if (messages != null && collected < MAX_SCHEMA_MESSAGES) {
        collected++; // keep the first few; parsing goes on so the tree is complete
        pending.add(e);
      }
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    /** Completes the pending messages with the current path. */
    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      for (SAXParseException e : pending) {
        messages.add(
            "line "
                + e.getLineNumber()
                + ", column "
                + e.getColumnNumber()
                + " at "
                + path()
                + ": "
                + sanitize(e.getMessage()));
      }
      pending.clear();
    }
  }
}
