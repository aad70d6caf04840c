package no.helsegateway.mappings.hl7v2.internal;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.saxon.event.ReceiverOption;
import net.sf.saxon.expr.parser.Loc;
import net.sf.saxon.om.AttributeInfo;
import net.sf.saxon.om.AttributeMap;
import net.sf.saxon.om.EmptyAttributeMap;
import net.sf.saxon.om.FingerprintedQName;
import net.sf.saxon.om.NamePool;
import net.sf.saxon.om.NamespaceMap;
import net.sf.saxon.om.NamespaceUri;
import net.sf.saxon.om.NodeName;
import net.sf.saxon.om.SingletonAttributeMap;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.str.StringView;
import net.sf.saxon.trans.XPathException;
import net.sf.saxon.tree.tiny.TinyBuilder;
import net.sf.saxon.type.BuiltInAtomicType;
import net.sf.saxon.type.Untyped;

/**
 * Renders a parsed HAPI message straight into a Saxon tree, element for element the HL7 v2 XML that
 * HAPI's {@code DefaultXMLParser} writes (same names, same omission of empty fields and components,
 * same {@code <escape V=".."/>} elements for formatting escapes), without building a DOM and
 * copying it. {@code Hl7v2XmlTreeTest} compares both trees for every golden input.
 *
 * <p>Thread-safe; the element-name cache is shared.
 */
public final class Hl7v2XmlTree {

  private static final NamespaceUri NS = NamespaceUri.of(Hl7v2Translator.V2_NS);
  private static final NamespaceMap NAMESPACES = NamespaceMap.of("", NS);

  private final Processor processor;
  private final NamePool pool;
  private final Map<String, NodeName> names = new ConcurrentHashMap<>();
  private final NodeName escapeName;
  private final NodeName escapeValueName;

  public Hl7v2XmlTree(Processor processor) {
    this.processor = processor;
    this.pool = processor.getUnderlyingConfiguration().getNamePool();
    this.escapeName = name("escape");
    this.escapeValueName = new FingerprintedQName("", NamespaceUri.NULL, "V", pool);
  }

  /**
   * The message's HL7 v2 XML as a Saxon document node, and the names of the segment and field
   * elements written (so that presence checks need not search the tree).
   */
  public record Rendered(XdmNode document, Set<String> names) {

    /** Whether no element of this name (segment, or field such as {@code PID.3}) was written. */
    public boolean absent(String name) {
      return !names.contains(name);
    }
  }

  /** The message's HL7 v2 XML as a Saxon document node. */
  public Rendered render(Message message) throws HL7Exception {
    TinyBuilder b =
        new TinyBuilder(processor.getUnderlyingConfiguration().makePipelineConfiguration());
    Writer w = new Writer(b, EncodingCharacters.getInstance(message).getEscapeCharacter());
    String root = message.getClass().getName();
    root = root.substring(root.lastIndexOf('.') + 1);
    if (message instanceof GenericMessage) {
      root = root.replaceAll("\\$", "");
    }
    try {
      b.open();
      b.startDocument(ReceiverOption.NONE);
      w.start(name(root));
      w.group(message, message.getName());
      b.endElement();
      b.endDocument();
      b.close();
    } catch (XPathException e) {
      throw new HL7Exception("cannot build the HL7 v2 XML tree", e);
    }
    return new Rendered(new XdmNode(b.getCurrentRoot()), w.names);
  }

  private NodeName name(String local) {
    NodeName n = names.get(local);
    if (n == null) {
      n = names.computeIfAbsent(local, l -> new FingerprintedQName("", NS, l, pool));
    }
    return n;
  }

  /** As DefaultXMLParser: long names and DIET are prefixed, 4-letter names lose their digit. */
  private static String groupElementName(String messageName, String name) {
    if (name.length() > 4 || "DIET".equals(name)) {
      return messageName + "." + name;
    }
    return name.length() == 4 ? name.substring(0, 3) : name;
  }

  /** Whether DefaultXMLParser would write an element for this value (it has some text). */
  private static boolean hasContent(Type t) {
    if (t instanceof Varies v) {
      return v.getData() != null && hasContent(v.getData());
    }
    if (t instanceof Primitive p) {
      String value = p.getValue();
      return value != null && !value.isEmpty();
    }
    if (t instanceof Composite c) {
      for (Type component : c.getComponents()) {
        if (hasContent(component)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One rendering: the builder and the message's escape character. */
  private final class Writer {
    private final TinyBuilder b;
    private final char escape;
    private final Set<String> names = new HashSet<>();

    Writer(TinyBuilder b, char escape) {
      this.b = b;
      this.escape = escape;
    }

    void start(NodeName n) throws XPathException {
      start(n, EmptyAttributeMap.getInstance());
    }

    void start(NodeName n, AttributeMap attributes) throws XPathException {
      b.startElement(
          n, Untyped.getInstance(), attributes, NAMESPACES, Loc.NONE, ReceiverOption.NONE);
    }

    void text(String s) throws XPathException {
      if (!s.isEmpty()) {
        b.characters(StringView.of(s), Loc.NONE, ReceiverOption.NONE);
      }
    }

    void group(Group g, String messageName) throws HL7Exception, XPathException {
      for (String n : g.getNames()) {
        Structure[] all = g.getAll(n);
        if (all.length == 0) {
          continue;
        }
        String local = groupElementName(messageName, n);
        NodeName element = name(local);
        if (all[0] instanceof Segment) {
          names.add(local);
        }
        for (Structure s : all) {
          start(element);
          if (s instanceof Group child) {
            group(child, messageName);
          } else if (s instanceof Segment segment) {
            segment(segment);
          }
          b.endElement();
        }
      }
    }

    void segment(Segment s) throws HL7Exception, XPathException {
      String prefix = s.getName() + ".";
      int fields = s.numFields();
      for (int i = 1; i <= fields; i++) {
        Type[] reps = s.getField(i);
        NodeName element = null;
        for (Type rep : reps) {
          if (hasContent(rep)) {
            if (element == null) {
              String local = prefix + i;
              element = name(local);
              names.add(local);
            }
            start(element);
            type(rep);
            b.endElement();
          }
        }
      }
    }

    void type(Type t) throws XPathException {
      if (t instanceof Varies v) {
        if (v.getData() != null) {
          type(v.getData());
        }
      } else if (t instanceof Primitive p) {
        primitive(p.getValue());
      } else if (t instanceof Composite c) {
        Type[] components = c.getComponents();
        String prefix = null;
        for (int i = 0; i < components.length; i++) {
          if (hasContent(components[i])) {
            if (prefix == null) {
              prefix = c.getName() + ".";
            }
            start(name(prefix + (i + 1)));
            type(components[i]);
            b.endElement();
          }
        }
      }
    }

    /**
     * Text with HAPI's reading of escape sequences: formatting escapes ({@code \.br\}, {@code \H\},
     * {@code \N\}) become {@code <escape V=".."/>}; anything else stays text.
     */
    void primitive(String value) throws XPathException {
      if (value == null || value.isEmpty()) {
        return;
      }
      if (value.indexOf(escape) < 0) {
        text(value);
        return;
      }
      int from = 0;
      int at;
      boolean inEscape = false;
      while ((at = value.indexOf(escape, from)) >= 0) {
        String part = value.substring(from, at);
        if (!inEscape) {
          text(part);
          inEscape = true;
        } else if (part.startsWith(".") || "H".equals(part) || "N".equals(part)) {
          start(
              escapeName,
              SingletonAttributeMap.of(
                  new AttributeInfo(
                      escapeValueName,
                      BuiltInAtomicType.UNTYPED_ATOMIC,
                      part,
                      Loc.NONE,
                      ReceiverOption.NONE)));
          b.endElement();
          inEscape = false;
        } else {
          // as DefaultXMLParser: the sequence stays text and the escape state is kept
          text(escape + part);
        }
        from = at + 1;
      }
      text((inEscape ? String.valueOf(escape) : "") + value.substring(from));
    }
  }
}
