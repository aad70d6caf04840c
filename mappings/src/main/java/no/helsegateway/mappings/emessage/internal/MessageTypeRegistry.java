package no.helsegateway.mappings.emessage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import no.helsegateway.mappings.emessage.AppRecVersion;
import no.helsegateway.mappings.emessage.MessageType;

/**
 * Reads {@code message-types.xml} (data) and detects a parsed message's type from its root
 * namespace and name and, for MsgHead, {@code MsgInfo/Type}. Immutable after construction.
 */
public final class MessageTypeRegistry {

  public static final String RESOURCE = "/no/helsegateway/mappings/emessage/message-types.xml";

  private static final String[] ATTRIBUTES = {
    "standard",
    "version",
    "shape",
    "namespace",
    "root",
    "msgInfoType",
    "msgType8279",
    "msgType8279Display",
    "schema",
    "stylesheet",
    "apprec",
    "payloadNamespace"
  };

  private final List<MessageType> types;

  public MessageTypeRegistry(Processor processor) {
    this.types = load(processor);
  }

  public List<MessageType> types() {
    return types;
  }

  /** Detects the type of a parsed document; empty when no entry matches (T10). */
  public Optional<MessageType> detect(XdmNode document) {
    XdmNode root = Xdm.root(document);
    if (root == null) {
      return Optional.empty();
    }
    String ns = root.getNodeName().getNamespace();
    String local = root.getNodeName().getLocalName();
    String msgInfoType = null;
    boolean msgInfoRead = false;
    String payloadNs = null;
    boolean payloadRead = false;
    for (MessageType t : types) {
      if (!t.namespace().equals(ns) || !t.root().equals(local)) {
        continue;
      }
      if (t.msgInfoType() == null) {
        return Optional.of(t);
      }
      if (!msgInfoRead) {
        msgInfoType = Xdm.attr(root, "MsgInfo/Type", "V");
        msgInfoRead = true;
      }
      if (!t.msgInfoType().equals(msgInfoType)) {
        continue;
      }
      if (t.payloadNamespace() == null) {
        return Optional.of(t);
      }
      if (!payloadRead) {
        payloadNs = payloadNamespace(root);
        payloadRead = true;
      }
      if (t.payloadNamespace().equals(payloadNs)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Namespace of the first business document (MsgHead Document/RefDoc/Content/*), or null. */
  static String payloadNamespace(XdmNode msgHead) {
    for (XdmNode d : Xdm.children(msgHead, "Document")) {
      XdmNode content = Xdm.path(d, "RefDoc/Content");
      if (content == null) {
        continue;
      }
      for (XdmNode c : content.children()) {
        if (c.getNodeKind() == net.sf.saxon.s9api.XdmNodeKind.ELEMENT) {
          return c.getNodeName().getNamespace();
        }
      }
    }
    return null;
  }

  private static List<MessageType> load(Processor processor) {
    try (InputStream in = MessageTypeRegistry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      XdmNode doc =
          new SecureXml(processor, SecureXml.DEFAULT_MAX_BYTES)
              .parse(in.readAllBytes(), null)
              .document();
      Map<String, Map<String, String>> raw = new LinkedHashMap<>();
      for (XdmNode e : Xdm.children(Xdm.root(doc), "messageType")) {
        Map<String, String> attrs = new LinkedHashMap<>();
        String id = Xdm.attr(e, null, "id");
        String aliasOf = Xdm.attr(e, null, "aliasOf");
        if (aliasOf != null) {
          Map<String, String> base = raw.get(aliasOf);
          if (base == null) {
            throw new IllegalStateException("aliasOf '" + aliasOf + "' must come before " + id);
          }
          attrs.putAll(base);
        }
        for (String a : ATTRIBUTES) {
          String v = e.getAttributeValue(new net.sf.saxon.s9api.QName(a));
          if (v != null) {
            attrs.put(a, v);
          }
        }
        raw.put(id, attrs);
      }
      List<MessageType> out = new ArrayList<>();
      raw.forEach(
          (id, a) ->
              out.add(
                  new MessageType(
                      id,
                      a.get("standard"),
                      a.get("version"),
                      a.get("shape"),
                      a.get("namespace"),
                      a.get("root"),
                      emptyToNull(a.get("msgInfoType")),
                      a.get("msgType8279"),
                      a.get("msgType8279Display"),
                      a.get("schema"),
                      emptyToNull(a.get("stylesheet")),
                      AppRecVersion.fromLabel(a.get("apprec")),
                      emptyToNull(a.get("payloadNamespace")))));
      return List.copyOf(out);
    } catch (IOException | XmlRejection e) {
      throw new IllegalStateException("Cannot read " + RESOURCE, e);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
