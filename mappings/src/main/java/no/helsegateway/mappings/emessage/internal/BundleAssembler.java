package no.helsegateway.mappings.emessage.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.sf.saxon.ma.arrays.ArrayItem;
import net.sf.saxon.ma.map.KeyValuePair;
import net.sf.saxon.ma.map.MapItem;
import net.sf.saxon.om.AttributeInfo;
import net.sf.saxon.om.GroundedValue;
import net.sf.saxon.om.Item;
import net.sf.saxon.om.NodeInfo;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.type.Type;
import net.sf.saxon.value.BigIntegerValue;
import net.sf.saxon.value.BooleanValue;
import net.sf.saxon.value.DecimalValue;
import net.sf.saxon.value.DoubleValue;
import net.sf.saxon.value.FloatValue;
import net.sf.saxon.value.Int64Value;
import no.helsegateway.mappings.fhirjson.XdmFhirModel;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Builds the HAPI {@link Bundle} from the stylesheet's raw result (an XPath map shaped like FHIR
 * JSON) without the costly round trips that profiling found: no JSON text, no JSON parser, no
 * {@code serialize()} + XHTML parse of narratives, no base64 text of the original.
 *
 * <ul>
 *   <li>the map is built straight into the HAPI model ({@link XdmFhirModel}, HAPI's runtime
 *       definitions); content that walk does not know takes the general route (a Jackson tree read
 *       by HAPI's JSON parser, {@link #assembleByParser}), which gives the same Bundle;
 *   <li>a narrative {@code div} is an XHTML element node in the map, set on the {@link Narrative}
 *       as an {@link XhtmlNode} built from the node;
 *   <li>attachment data given as a node (an embedded base64 container) is decoded here, once;
 *   <li>attachment data {@link #ORIGINAL_PLACEHOLDER} stands for the original message bytes, which
 *       are set on the {@link Attachment} directly.
 * </ul>
 *
 * The Bundle equals what HAPI's parser builds from the same content as JSON text (golden tests,
 * {@code BundleAssemblerTest}).
 */
public final class BundleAssembler {

  /** Attachment data value that stands for the original message bytes. */
  public static final String ORIGINAL_PLACEHOLDER = "gw-original-message";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final FhirContext fhir;
  private final XdmFhirModel model;

  public BundleAssembler(FhirContext fhir) {
    this.fhir = fhir;
    this.model = new XdmFhirModel(fhir);
  }

  /** Work of one assembly: lifted narratives and attachment paths. */
  private static final class Walk {
    final List<Object> path = new ArrayList<>();
    final List<List<Object>> narrativePaths = new ArrayList<>();
    final List<NodeInfo> narratives = new ArrayList<>();
    final List<List<Object>> originals = new ArrayList<>();
    final List<List<Object>> binaryPaths = new ArrayList<>();
    final List<NodeInfo> binaries = new ArrayList<>();
  }

  /**
   * The stylesheet result (one map) and the original message bytes to a Bundle: built straight into
   * the HAPI model ({@link XdmFhirModel}); content that walk does not know goes the JSON-parser
   * route ({@link #assembleByParser}), which gives the same Bundle.
   */
  public Bundle assemble(XdmValue result, byte[] original) throws IOException {
    if (result.size() != 1 || !(result.getUnderlyingValue().head() instanceof MapItem map)) {
      throw new IOException("Stylesheet result is not one map");
    }
    try {
      return assembleDirect(map, original);
    } catch (XdmFhirModel.Unsupported e) {
      return assembleByParser(map, original);
    }
  }

  /** The direct route only (tests compare it with {@link #assembleByParser}). */
  Bundle assembleDirect(MapItem map, byte[] original) throws XdmFhirModel.Unsupported {
    return model.build(Bundle.class, map, (target, key, item) -> hook(target, key, item, original));
  }

  /** Narrative divs, attachment data nodes and the original-message placeholder. */
  private static boolean hook(IBase target, String key, Item item, byte[] original) {
    if (key.equals("div") && item instanceof NodeInfo node && target instanceof Narrative n) {
      n.setDiv(xhtml(node));
      return true;
    }
    if (key.equals("data") && target instanceof Attachment a) {
      if (item instanceof NodeInfo node) {
        a.setData(Base64.getMimeDecoder().decode(node.getStringValue()));
        return true;
      }
      if (!(item instanceof MapItem) && ORIGINAL_PLACEHOLDER.equals(item.getStringValue())) {
        a.setData(original);
        return true;
      }
    }
    return false;
  }

  /** The same Bundle through a Jackson tree and HAPI's JSON parser (the general route). */
  Bundle assembleByParser(MapItem map, byte[] original) throws IOException {
    Walk w = new Walk();
    ObjectNode root = object(map, w);
    JacksonStructure structure = new JacksonStructure();
    structure.setNativeObject(root);
    Bundle bundle = ((IJsonLikeParser) fhir.newJsonParser()).parseResource(Bundle.class, structure);
    for (int i = 0; i < w.narratives.size(); i++) {
      Narrative n = (Narrative) navigate(bundle, w.narrativePaths.get(i));
      n.setDiv(xhtml(w.narratives.get(i)));
    }
    for (List<Object> p : w.originals) {
      ((Attachment) navigate(bundle, p)).setData(original);
    }
    for (int i = 0; i < w.binaries.size(); i++) {
      ((Attachment) navigate(bundle, w.binaryPaths.get(i)))
          .setData(Base64.getMimeDecoder().decode(w.binaries.get(i).getStringValue()));
    }
    return bundle;
  }

  private static ObjectNode object(MapItem map, Walk w) throws IOException {
    ObjectNode o = NODES.objectNode();
    for (KeyValuePair kv : map.keyValuePairs()) {
      String key = kv.key.getStringValue();
      GroundedValue v = kv.value;
      if (v.getLength() == 0) {
        continue;
      }
      if (v.getLength() > 1) {
        throw new IOException("sequence of " + v.getLength() + " items at " + w.path + "/" + key);
      }
      Item item = v.head();
      if (item instanceof NodeInfo node && "div".equals(key)) {
        w.narrativePaths.add(List.copyOf(w.path));
        w.narratives.add(node);
        continue;
      }
      if (item instanceof NodeInfo node && "data".equals(key)) {
        w.binaryPaths.add(List.copyOf(w.path));
        w.binaries.add(node);
        continue;
      }
      if ("data".equals(key)
          && !(item instanceof MapItem)
          && ORIGINAL_PLACEHOLDER.equals(item.getStringValue())) {
        w.originals.add(List.copyOf(w.path));
        continue;
      }
      w.path.add(key);
      o.set(key, value(item, w));
      w.path.remove(w.path.size() - 1);
    }
    return o;
  }

  private static JsonNode value(Item item, Walk w) throws IOException {
    if (item instanceof MapItem m) {
      return object(m, w);
    }
    if (item instanceof ArrayItem a) {
      ArrayNode arr = NODES.arrayNode();
      int i = 0;
      for (GroundedValue member : a.members()) {
        if (member.getLength() != 1) {
          throw new IOException("array member of " + member.getLength() + " items at " + w.path);
        }
        w.path.add(i++);
        arr.add(value(member.head(), w));
        w.path.remove(w.path.size() - 1);
      }
      return arr;
    }
    if (item instanceof BooleanValue b) {
      return NODES.booleanNode(b.getBooleanValue());
    }
    if (item instanceof Int64Value l) {
      return NODES.numberNode(l.longValue());
    }
    if (item instanceof BigIntegerValue bi) {
      return NODES.numberNode(bi.asBigInteger());
    }
    if (item instanceof DecimalValue d) {
      return NODES.numberNode(d.getDecimalValue());
    }
    if (item instanceof DoubleValue || item instanceof FloatValue) {
      return NODES.numberNode(Double.parseDouble(item.getStringValue()));
    }
    return NODES.textNode(item.getStringValue());
  }

  /** An XHTML element node (and its subtree) as HAPI's XhtmlNode. */
  static XhtmlNode xhtml(NodeInfo element) {
    XhtmlNode div = new XhtmlNode(NodeType.Element, element.getLocalPart());
    if (element.getParent() == null || element.getParent().getNodeKind() != Type.ELEMENT) {
      div.setAttribute("xmlns", element.getURI());
    }
    copyContent(element, div);
    return div;
  }

  private static void copyContent(NodeInfo from, XhtmlNode to) {
    for (AttributeInfo a : from.attributes()) {
      to.setAttribute(a.getNodeName().getLocalPart(), a.getValue());
    }
    for (NodeInfo c : from.children()) {
      if (c.getNodeKind() == Type.ELEMENT) {
        copyContent(c, to.addTag(c.getLocalPart()));
      } else if (c.getNodeKind() == Type.TEXT) {
        to.addText(c.getStringValue());
      }
    }
  }

  /** Follows JSON property names / indexes through the HAPI model (R4 {@link Base#getProperty}). */
  private static Base navigate(Base from, List<Object> path) throws IOException {
    Base cur = from;
    Base[] values = null;
    for (Object step : path) {
      if (step instanceof String name) {
        values = cur.getProperty(name.hashCode(), name, false);
        if (values == null || values.length == 0) {
          throw new IOException("no value at " + path);
        }
        cur = values[0];
      } else {
        cur = values[(Integer) step];
      }
    }
    return cur;
  }
}
