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
 * The organisation numbers of an e-message's sender, read from the envelope without translating the
 * message: MsgHead {@code MsgInfo/Sender/Organisation} (and nested organisations) {@code Ident}
 * with {@code TypeId V="ENH"}; for messages without MsgHead (Epikrise 1.x) the service provider's
 * {@code HCP/Inst} (and departments) {@code Id}/{@code TypeId ENH} or {@code AdditionalId} of type
 * ENH. Empty when the message names none; null when it cannot be read as XML (no DTDs, no external
 * entities): the pipeline then rejects it, storing nothing.
 */
public final class SenderOrganisation {

  private SenderOrganisation() {}

  public static Set<String> orgnrs(byte[] message) {
    Set<String> out = new LinkedHashSet<>();
    Document doc;
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
      doc = b.parse(new ByteArrayInputStream(message));
    } catch (Exception e) {
      return null;
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

  private static void organisation(Element org, Set<String> out) {
    for (Element ident : children(org, "Ident")) {
      if (isEnh(ident, "TypeId")) {
        add(text(ident, "Id"), out);
      }
    }
    for (Element nested : children(org, "Organisation")) {
      organisation(nested, out);
    }
  }

  private static void inst(Element inst, Set<String> out) {
    if (isEnh(inst, "TypeId")) {
      add(text(inst, "Id"), out);
    }
    for (Element add : children(inst, "AdditionalId")) {
      if (isEnh(add, "Type")) {
        add(text(add, "Id"), out);
      }
    }
    for (Element dept : children(inst, "Dept")) {
      inst(dept, out);
    }
  }

  private static boolean isEnh(Element parent, String typeElement) {
    for (Element t : children(parent, typeElement)) {
      if ("ENH".equals(t.getAttribute("V"))) {
        return true;
      }
    }
    return false;
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
