package no.helsegateway.mappings.fhirjson;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import net.sf.saxon.ma.arrays.ArrayItem;
import net.sf.saxon.ma.map.KeyValuePair;
import net.sf.saxon.ma.map.MapItem;
import net.sf.saxon.om.GroundedValue;
import net.sf.saxon.om.Item;
import net.sf.saxon.value.AtomicValue;
import net.sf.saxon.value.BooleanValue;
import net.sf.saxon.value.DoubleValue;
import net.sf.saxon.value.FloatValue;
import net.sf.saxon.value.StringValue;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseHasModifierExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A stylesheet's raw result (an XPath 3.1 map shaped like FHIR JSON) straight into the HAPI model,
 * through HAPI's own runtime definitions (child by JSON name, choice types included, element
 * constructors and mutators): no JSON text and no intermediate tree, and no JSON parser state
 * machine. The result equals what HAPI's JSON parser builds from the same content (tested on every
 * golden pair with {@code equalsDeep}), including the parser's rule that a Bundle entry's resource
 * takes its id from {@code fullUrl}.
 *
 * <p>What this walk does not know (primitive extensions {@code _x}, {@code contained}, unknown
 * names) is refused with {@link Unsupported}; callers then use the JSON-parser route ({@link
 * XdmFhirJson}), so a construct the walk lacks costs time, never correctness. Thread-safe.
 */
public final class XdmFhirModel {

  /** Thrown for content this walk does not build; the caller falls back to the JSON parser. */
  public static final class Unsupported extends Exception {
    public Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * Handles a value that is not a map, an array or a plain atomic value (e.g. an XHTML node for a
   * narrative, or an attachment's data node). Returns {@code true} when it set the value.
   */
  @FunctionalInterface
  public interface ValueHook {
    boolean apply(IBase target, String key, Item value) throws Unsupported;
  }

  private static final StringValue RESOURCE_TYPE = new StringValue("resourceType");
  private static final ValueHook NONE = (t, k, v) -> false;

  private final FhirContext fhir;

  /**
   * Resource definitions by name: HAPI's look-up by name re-checks its scan state on every call (13
   * % of a whole Bundle build in the profile).
   */
  private final java.util.Map<String, RuntimeResourceDefinition> definitions =
      new java.util.concurrent.ConcurrentHashMap<>();

  public XdmFhirModel(FhirContext fhir) {
    this.fhir = fhir;
  }

  /** The map as a resource of {@code type}, without hook. */
  public <T extends IBaseResource> T build(Class<T> type, MapItem map) throws Unsupported {
    return build(type, map, NONE);
  }

  /** The map as a resource of {@code type}; {@code hook} sees every value first. */
  public <T extends IBaseResource> T build(Class<T> type, MapItem map, ValueHook hook)
      throws Unsupported {
    IBaseResource r = resource(map, hook);
    if (!type.isInstance(r)) {
      throw new Unsupported("resourceType is not " + type.getSimpleName());
    }
    return type.cast(r);
  }

  private IBaseResource resource(MapItem map, ValueHook hook) throws Unsupported {
    GroundedValue rt = map.get(RESOURCE_TYPE);
    if (rt == null || rt.getLength() != 1) {
      throw new Unsupported("no resourceType");
    }
    String name = rt.head().getStringValue();
    RuntimeResourceDefinition def = definitions.get(name);
    if (def == null) {
      try {
        def = fhir.getResourceDefinition(name);
      } catch (RuntimeException e) {
        throw new Unsupported("unknown resourceType");
      }
      definitions.put(name, def);
    }
    IBaseResource r = def.newInstance();
    fill(r, def, map, hook);
    if (r instanceof Bundle b) {
      entryIdsFromFullUrl(b);
    }
    return r;
  }

  private void fill(
      IBase target, BaseRuntimeElementCompositeDefinition<?> def, MapItem map, ValueHook hook)
      throws Unsupported {
    for (KeyValuePair kv : map.keyValuePairs()) {
      GroundedValue v = kv.value;
      if (v.getLength() == 0) {
        continue;
      }
      String key = kv.key.getStringValue();
      if (v.getLength() > 1) {
        throw new Unsupported("a sequence of " + v.getLength() + " items at " + key);
      }
      Item item = v.head();
      if (hook.apply(target, key, item)) {
        continue;
      }
      if (key.equals("resourceType") && target instanceof IBaseResource) {
        continue;
      }
      if (key.equals("extension") && target instanceof IBaseHasExtensions h) {
        for (Item m : members(item)) {
          extension(h.addExtension(), m, hook);
        }
        continue;
      }
      if (key.equals("modifierExtension") && target instanceof IBaseHasModifierExtensions h) {
        for (Item m : members(item)) {
          extension(h.addModifierExtension(), m, hook);
        }
        continue;
      }
      if (key.isEmpty() || key.charAt(0) == '_' || key.equals("contained")) {
        throw new Unsupported(key);
      }
      BaseRuntimeChildDefinition child = def.getChildByName(key);
      if (child == null) {
        throw new Unsupported("no element " + key + " in " + def.getName());
      }
      for (Item m : members(item)) {
        child.getMutator().addValue(target, value(child, key, m, hook));
      }
    }
  }

  private IBase value(BaseRuntimeChildDefinition child, String key, Item item, ValueHook hook)
      throws Unsupported {
    BaseRuntimeElementDefinition<?> ed = child.getChildByName(key);
    if (item instanceof MapItem m
        && (!(ed instanceof BaseRuntimeElementCompositeDefinition<?>)
            || ed instanceof RuntimeResourceDefinition)
        && m.get(RESOURCE_TYPE) != null) {
      return resource(m, hook); // Bundle.entry.resource and other resource-typed elements
    }
    if (item instanceof MapItem m) {
      if (!(ed instanceof BaseRuntimeElementCompositeDefinition<?> cd)) {
        throw new Unsupported("a map for the primitive " + key);
      }
      IBase e = cd.newInstance(child.getInstanceConstructorArguments());
      fill(e, cd, m, hook);
      return e;
    }
    if (!(ed instanceof RuntimePrimitiveDatatypeDefinition pd) || !(item instanceof AtomicValue)) {
      throw new Unsupported("an atomic value for the non-primitive " + key);
    }
    IPrimitiveType<?> p = pd.newInstance(child.getInstanceConstructorArguments());
    p.setValueAsString(text(item));
    return p;
  }

  private void extension(IBaseExtension<?, ?> ext, Item item, ValueHook hook) throws Unsupported {
    if (!(item instanceof MapItem m)) {
      throw new Unsupported("extension is not a map");
    }
    @SuppressWarnings("unchecked")
    BaseRuntimeElementCompositeDefinition<?> def =
        (BaseRuntimeElementCompositeDefinition<?>) fhir.getElementDefinition(ext.getClass());
    for (KeyValuePair kv : m.keyValuePairs()) {
      if (kv.value.getLength() == 1 && kv.key.getStringValue().equals("url")) {
        ext.setUrl(kv.value.head().getStringValue());
      }
    }
    MapItem rest = m.remove(new StringValue("url"));
    fill(ext, def, rest, hook);
  }

  private static Iterable<Item> members(Item item) throws Unsupported {
    if (!(item instanceof ArrayItem a)) {
      return java.util.List.of(item);
    }
    java.util.List<Item> out = new java.util.ArrayList<>(a.arrayLength());
    for (GroundedValue member : a.members()) {
      if (member.getLength() != 1) {
        throw new Unsupported("an array member of " + member.getLength() + " items");
      }
      out.add(member.head());
    }
    return out;
  }

  /** The lexical form HAPI's JSON parser would have seen for this value. */
  private static String text(Item item) {
    if (item instanceof BooleanValue b) {
      return b.getBooleanValue() ? "true" : "false";
    }
    if (item instanceof DoubleValue || item instanceof FloatValue) {
      return Double.toString(Double.parseDouble(item.getStringValue()));
    }
    return item.getStringValue();
  }

  /**
   * HAPI's parser rule (ParserOptions "override resource id with Bundle.entry.fullUrl", on by
   * default): an entry's resource takes the fullUrl as its id.
   */
  private static void entryIdsFromFullUrl(Bundle b) {
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.hasFullUrl() && e.getResource() != null) {
        e.getResource().setId(e.getFullUrl());
      }
    }
  }
}
