package no.helsegateway.mappings.hl7v2.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import no.helsegateway.mappings.codetables.CodeTables;
import no.helsegateway.mappings.hl7v2.Hl7v2MessageType;
import no.helsegateway.mappings.hl7v2.MessageHeader;

/**
 * Runs the HL7 v2 entry stylesheets (compiled once, shared by all threads; a transformer per call)
 * on the HL7 v2 XML of a message; they emit a FHIR transaction Bundle as JSON.
 */
public final class Hl7v2Translator {

  /** Namespace of HL7 v2 XML as written by HAPI's DefaultXMLParser. */
  public static final String V2_NS = "urn:hl7-org:v2xml";

  public static final String BASE = "/no/helsegateway/mappings/";

  private final Processor processor;
  private final CodeTables tables;
  private static final QName SENDER_KEY = new QName("sender-key");
  private static final QName CONTROL_ID = new QName("control-id");

  private final Map<String, XsltExecutable> executables = new ConcurrentHashMap<>();
  private final Map<Hl7v2MessageType, Map<QName, XdmValue>> typeParameters =
      new ConcurrentHashMap<>();

  public Hl7v2Translator(Processor processor, CodeTables tables, Iterable<String> stylesheets) {
    this.processor = processor;
    this.tables = tables;
    for (String s : stylesheets) {
      executables.computeIfAbsent(s, this::compile);
    }
  }

  /** The Bundle as JSON text (Saxon's JSON serialisation of the stylesheet's map). */
  public String translate(Hl7v2MessageType type, MessageHeader h, XdmNode document)
      throws SaxonApiException {
    Xslt30Transformer t = transformer(type, h, document);
    StringWriter out = new StringWriter(8 * 1024);
    t.applyTemplates(document, t.newSerializer(out));
    return out.toString();
  }

  /**
   * The stylesheet's raw result: one map shaped like the FHIR JSON of the Bundle, for {@link
   * no.helsegateway.mappings.fhirjson.XdmFhirJson} (no JSON text in between).
   */
  public XdmValue translateRaw(Hl7v2MessageType type, MessageHeader h, XdmNode document)
      throws SaxonApiException {
    return transformer(type, h, document).applyTemplates(document);
  }

  private Xslt30Transformer transformer(Hl7v2MessageType type, MessageHeader h, XdmNode document)
      throws SaxonApiException {
    Xslt30Transformer t = executables.computeIfAbsent(type.stylesheet(), this::compile).load30();
    Map<QName, XdmValue> params =
        new HashMap<>(typeParameters.computeIfAbsent(type, this::typeParameters));
    params.put(SENDER_KEY, new XdmAtomicValue(h.senderKey()));
    params.put(CONTROL_ID, new XdmAtomicValue(h.controlId()));
    t.setStylesheetParameters(params);
    t.setGlobalContextItem(document);
    return t;
  }

  /** The parameters that depend on the message type only (built once per type). */
  private Map<QName, XdmValue> typeParameters(Hl7v2MessageType type) {
    return Map.of(
        new QName("tables"), tables.asXdm(),
        new QName("message-type-id"), new XdmAtomicValue(type.id()),
        new QName("trigger-event"), new XdmAtomicValue(type.triggerEvent()),
        new QName("patient-mode"), new XdmAtomicValue(type.patient()),
        new QName("write-encounter"), new XdmAtomicValue(type.encounter()));
  }

  private XsltExecutable compile(String stylesheet) {
    URL url = Hl7v2Translator.class.getResource(BASE + stylesheet);
    if (url == null) {
      throw new IllegalStateException("Missing stylesheet " + BASE + stylesheet);
    }
    XsltCompiler compiler = processor.newXsltCompiler();
    try (InputStream in = url.openStream()) {
      return compiler.compile(new StreamSource(in, url.toExternalForm()));
    } catch (SaxonApiException | IOException e) {
      throw new IllegalStateException("Cannot compile " + stylesheet + ": " + e.getMessage(), e);
    }
  }
}
