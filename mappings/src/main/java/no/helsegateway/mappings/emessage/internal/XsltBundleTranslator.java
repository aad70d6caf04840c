package no.helsegateway.mappings.emessage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
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

/**
 * Runs the message-type stylesheets. Each stylesheet is compiled once (at construction for every
 * registered one); the {@link XsltExecutable}s are immutable and shared by all threads; a
 * transformer is made per call. The stylesheets return a FHIR-JSON-shaped map (raw result; no
 * serialisation).
 */
public final class XsltBundleTranslator {

  public static final String BASE = "/no/helsegateway/mappings/";
  private static final QName P_TABLES = new QName("tables");
  private static final QName P_ORIGINAL = new QName("original-base64");
  private static final QName P_TYPE = new QName("message-type-id");

  private final Processor processor;
  private final CodeTables tables;
  private final Map<String, XsltExecutable> executables = new ConcurrentHashMap<>();

  public XsltBundleTranslator(
      Processor processor, CodeTables tables, Iterable<String> stylesheets) {
    this.processor = processor;
    this.tables = tables;
    for (String s : stylesheets) {
      executables.computeIfAbsent(s, this::compile);
    }
  }

  /**
   * Transforms a parsed message into the raw result: one XPath map shaped like a FHIR JSON Bundle,
   * narratives as XHTML element nodes (see {@link BundleAssembler}).
   */
  public XdmValue translate(
      String stylesheet, XdmNode document, String messageTypeId, String originalBase64)
      throws SaxonApiException {
    XsltExecutable exec = executables.computeIfAbsent(stylesheet, this::compile);
    Xslt30Transformer t = exec.load30();
    t.setStylesheetParameters(
        Map.<QName, XdmValue>of(
            P_TABLES, tables.asXdm(),
            P_ORIGINAL, new XdmAtomicValue(originalBase64),
            P_TYPE, new XdmAtomicValue(messageTypeId)));
    t.setGlobalContextItem(document);
    return t.applyTemplates(document);
  }

  private XsltExecutable compile(String stylesheet) {
    URL url = XsltBundleTranslator.class.getResource(BASE + stylesheet);
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
