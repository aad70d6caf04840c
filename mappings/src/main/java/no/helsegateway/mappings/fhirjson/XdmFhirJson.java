package no.helsegateway.mappings.fhirjson;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.sf.saxon.ma.arrays.ArrayItem;
import net.sf.saxon.ma.map.KeyValuePair;
import net.sf.saxon.ma.map.MapItem;
import net.sf.saxon.om.GroundedValue;
import net.sf.saxon.om.Item;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.value.BigIntegerValue;
import net.sf.saxon.value.BooleanValue;
import net.sf.saxon.value.DecimalValue;
import net.sf.saxon.value.DoubleValue;
import net.sf.saxon.value.FloatValue;
import net.sf.saxon.value.Int64Value;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A stylesheet's raw result (an XPath 3.1 map shaped like FHIR JSON) to a HAPI resource: built
 * straight into the model by {@link XdmFhirModel}; content that walk does not know goes through a
 * Jackson tree that HAPI's JSON parser reads directly (never Saxon's JSON serialisation followed by
 * HAPI's parse of the text). The resource equals what HAPI builds from the same content as JSON
 * text (golden tests); empty values are left out, as the JSON text would carry them as {@code
 * null}, which HAPI ignores. Only maps, arrays and atomic values are accepted. Thread-safe.
 *
 * <p>(The e-message {@code BundleAssembler} uses the same {@link XdmFhirModel} walk, with a hook
 * for narratives and attachments.)
 */
public final class XdmFhirJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final FhirContext fhir;
  private final XdmFhirModel model;

  public XdmFhirJson(FhirContext fhir) {
    this.fhir = fhir;
    this.model = new XdmFhirModel(fhir);
  }

  /**
   * The one map in {@code result} as a resource of {@code type}.
   *
   * @throws IllegalArgumentException if the result is not one map of maps, arrays and atomics
   */
  public <T extends IBaseResource> T parse(Class<T> type, XdmValue result) {
    if (result.size() != 1 || !(result.getUnderlyingValue().head() instanceof MapItem map)) {
      throw new IllegalArgumentException("the stylesheet result is not one map");
    }
    try {
      return model.build(type, map);
    } catch (XdmFhirModel.Unsupported e) {
      // content the direct walk does not build: the JSON-parser route gives the same resource
      JacksonStructure structure = new JacksonStructure();
      structure.setNativeObject(object(map));
      return ((IJsonLikeParser) fhir.newJsonParser()).parseResource(type, structure);
    }
  }

  /** The map as a Jackson object (exposed for tests). */
  public static ObjectNode object(MapItem map) {
    ObjectNode o = NODES.objectNode();
    for (KeyValuePair kv : map.keyValuePairs()) {
      GroundedValue v = kv.value;
      if (v.getLength() == 0) {
        continue;
      }
      String key = kv.key.getStringValue();
      if (v.getLength() > 1) {
        throw new IllegalArgumentException("a sequence of " + v.getLength() + " items at " + key);
      }
      o.set(key, value(v.head()));
    }
    return o;
  }

  private static JsonNode value(Item item) {
    if (item instanceof MapItem m) {
      return object(m);
    }
    if (item instanceof ArrayItem a) {
      ArrayNode arr = NODES.arrayNode();
      for (GroundedValue member : a.members()) {
        if (member.getLength() != 1) {
          throw new IllegalArgumentException("an array member of " + member.getLength() + " items");
        }
        arr.add(value(member.head()));
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
    if (item instanceof DecimalValue) {
      // the canonical form, as the JSON serialiser writes it ("140", never "140.0")
      return NODES.numberNode(new java.math.BigDecimal(item.getStringValue()));
    }
    if (item instanceof DoubleValue || item instanceof FloatValue) {
      return NODES.numberNode(Double.parseDouble(item.getStringValue()));
    }
    if (!(item instanceof net.sf.saxon.value.AtomicValue)) {
      throw new IllegalArgumentException("a node or function item in the result");
    }
    return NODES.textNode(item.getStringValue());
  }
}
