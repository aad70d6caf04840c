package no.helsegateway.mappings.hl7v2.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import no.helsegateway.mappings.hl7v2.Hl7v2MessageType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads {@code hl7v2/message-types.xml} once; resolves {@code aliasOf} chains. */
public final class Hl7v2Registry {

  public static final String RESOURCE = "/no/helsegateway/mappings/hl7v2/message-types.xml";

  private final Map<String, Hl7v2MessageType> byEvent = new LinkedHashMap<>();
  private final Set<String> versions;

  public Hl7v2Registry() {
    try (InputStream in = Hl7v2Registry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(in);
      Element root = doc.getDocumentElement();
      versions =
          new LinkedHashSet<>(Arrays.asList(root.getAttribute("versions").trim().split("\\s+")));
      Map<String, Element> byId = new LinkedHashMap<>();
      NodeList rows = root.getElementsByTagName("messageType");
      for (int i = 0; i < rows.getLength(); i++) {
        Element e = (Element) rows.item(i);
        if (byId.put(e.getAttribute("id"), e) != null) {
          throw new IllegalStateException("Duplicate id " + e.getAttribute("id"));
        }
      }
      for (Element e : byId.values()) {
        Hl7v2MessageType t =
            new Hl7v2MessageType(
                e.getAttribute("id"),
                attr(byId, e, "event"),
                attr(byId, e, "structure"),
                attr(byId, e, "stylesheet"),
                List.of(attr(byId, e, "required").trim().split("\\s+")),
                attr(byId, e, "patient"),
                "yes".equals(attr(byId, e, "encounter")));
        if (byEvent.put(t.event(), t) != null) {
          throw new IllegalStateException("Duplicate event " + t.event());
        }
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private static String attr(Map<String, Element> byId, Element e, String name) {
    Element cur = e;
    for (int depth = 0; cur != null && depth < 10; depth++) {
      if (cur.hasAttribute(name)) {
        return cur.getAttribute(name);
      }
      cur = cur.hasAttribute("aliasOf") ? byId.get(cur.getAttribute("aliasOf")) : null;
      if (cur == null && e.hasAttribute("aliasOf") && depth == 0) {
        throw new IllegalStateException("Unknown aliasOf in " + e.getAttribute("id"));
      }
    }
    throw new IllegalStateException("No " + name + " for " + e.getAttribute("id"));
  }

  public Optional<Hl7v2MessageType> find(String event) {
    return Optional.ofNullable(byEvent.get(event));
  }

  public List<Hl7v2MessageType> types() {
    return new ArrayList<>(byEvent.values());
  }

  public Set<String> versions() {
    return versions;
  }
}
