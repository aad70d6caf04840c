package no.helsegateway.mappings.emessage.internal;

import java.util.ArrayList;
import java.util.List;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;

/** Namespace-agnostic navigation helpers over Saxon trees (envelope reading, registry). */
public final class Xdm {
  private Xdm() {}

  /** The document element of a document node. */
  public static XdmNode root(XdmNode doc) {
    for (XdmNode n : doc.children()) {
      if (n.getNodeKind() == XdmNodeKind.ELEMENT) {
        return n;
      }
    }
    return null;
  }

  /** First child element with this local name, or {@code null}. */
  public static XdmNode child(XdmNode parent, String localName) {
    if (parent == null) {
      return null;
    }
    for (XdmNode n : parent.children()) {
      if (n.getNodeKind() == XdmNodeKind.ELEMENT
          && localName.equals(n.getNodeName().getLocalName())) {
        return n;
      }
    }
    return null;
  }

  /** Child elements with this local name. */
  public static List<XdmNode> children(XdmNode parent, String localName) {
    List<XdmNode> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (XdmNode n : parent.children()) {
      if (n.getNodeKind() == XdmNodeKind.ELEMENT
          && localName.equals(n.getNodeName().getLocalName())) {
        out.add(n);
      }
    }
    return out;
  }

  /** Follows a path of local names ({@code "MsgInfo/Sender/Organisation"}). */
  public static XdmNode path(XdmNode from, String path) {
    XdmNode cur = from;
    for (String step : path.split("/")) {
      cur = child(cur, step);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /** Trimmed string value of a child path, or {@code null} when absent or empty. */
  public static String text(XdmNode from, String path) {
    XdmNode n = path(from, path);
    if (n == null) {
      return null;
    }
    String s = n.getStringValue().trim();
    return s.isEmpty() ? null : s;
  }

  /** An attribute (no namespace) of the element at a child path, or {@code null}. */
  public static String attr(XdmNode from, String path, String attribute) {
    XdmNode n = path == null || path.isEmpty() ? from : path(from, path);
    if (n == null) {
      return null;
    }
    String v = n.getAttributeValue(new QName(attribute));
    return v == null || v.isBlank() ? null : v.trim();
  }
}
