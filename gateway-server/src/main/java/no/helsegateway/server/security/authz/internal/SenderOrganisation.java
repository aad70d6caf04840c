package no.helsegateway.server.security.authz.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The identifiers of an e-message's sender, read from the envelope without translating the message:
 * MsgHead {@code MsgInfo/Sender/Organisation} (and nested organisations) {@code Ident} with {@code
 * TypeId V="ENH"} (organisation number) or {@code V="HER"} (HER-id, the address register's id); for
 * messages without MsgHead (Epikrise 1.x) the service provider's {@code HCP/Inst} (and departments)
 * {@code Id}/{@code TypeId} or {@code AdditionalId} of type ENH or HER, and for Henvisning 1.x the
 * same on the referring party ({@code ServReq/Requester/HCP/Inst}). Empty when the message names
 * none; null when it cannot be read as XML (no DTDs, no external entities): the pipeline then
 * rejects it, storing nothing.
 */
public final class SenderOrganisation {

  /** The sender's organisation numbers and HER-ids, in document order. */
  public record Ids(Set<String> orgnrs, Set<String> herIds) {}

  /**
   * One hardened builder per thread: looking the parser factory up ({@code
   * DocumentBuilderFactory.newInstance()} searches the class path for providers) cost more than the
   * parse itself on every received message. {@code reset()} after each use.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDERS =
      ThreadLocal.withInitial(SenderOrganisation::newBuilder);

  private SenderOrganisation() {}

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException("XML parser cannot be configured", e);
    }
  }

  /** The sender's organisation numbers (ENH) only. */
  public static Set<String> orgnrs(byte[] message) {
    Ids ids = ids(message);
    return ids == null ? null : ids.orgnrs();
  }

  public static Ids ids(byte[] message) {
    Ids out = new Ids(new LinkedHashSet<>(), new LinkedHashSet<>());
    Document doc;
    DocumentBuilder b = BUILDERS.get();
    try {
      doc = b.parse(new ByteArrayInputStream(message));
    } catch (Exception e) {
      return null;
    } finally {
      b.reset();
      b.setErrorHandler(null);
    }
    Element root = doc.getDocumentElement();
    if (root == null) {
      return out;
    }
    if ("MsgHead".equals(root.getLocalName())) {
      for (Element sender : path(root, "MsgInfo", "Sender")) {
        for (Element org : children(sender, "Organisation")) {
          organisation(org, out);
        }
      }
    } else {
      for (Element rprt : children(root, "ServRprt")) {
        for (Element inst : path(rprt, "ServProvider", "HCP", "Inst")) {
          inst(inst, out);
        }
      }
      // Henvisning 1.x: the referring party (Requester) sends; ServProvider is the receiver
      for (Element req : children(root, "ServReq")) {
        for (Element inst : path(req, "Requester", "HCP", "Inst")) {
          inst(inst, out);
        }
      }
    }
    return out;
  }

  private static void organisation(Element org, Ids out) {
    for (Element ident : children(org, "Ident")) {
      add(ident, "TypeId", out);
    }
    for (Element nested : children(org, "Organisation")) {
      organisation(nested, out);
    }
  }

  private static void inst(Element inst, Ids out) {
    add(inst, "TypeId", out);
    for (Element add : children(inst, "AdditionalId")) {
      add(add, "Type", out);
    }
    for (Element dept : children(inst, "Dept")) {
      inst(dept, out);
    }
  }

  /** The {@code Id} of an element whose type ({@code TypeId}/{@code Type} V) is ENH or HER. */
  private static void add(Element parent, String typeElement, Ids out) {
    for (Element t : children(parent, typeElement)) {
      switch (t.getAttribute("V")) {
        case "ENH" -> add(text(parent, "Id"), out.orgnrs());
        case "HER" -> add(text(parent, "Id"), out.herIds());
        default -> {
          // other identifier kinds (RSH, HPR, ...) name no organisation
        }
      }
    }
  }

  private static void add(String orgnr, Set<String> out) {
    if (orgnr != null && !orgnr.isBlank()) {
      out.add(orgnr.trim());
    }
  }

  private static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }

  private static List<Element> path(Element from, String... names) {
    List<Element> current = List.of(from);
    for (String name : names) {
      List<Element> next = new ArrayList<>();
      for (Element e : current) {
        next.addAll(children(e, name));
      }
      current = next;
    }
    return current;
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
