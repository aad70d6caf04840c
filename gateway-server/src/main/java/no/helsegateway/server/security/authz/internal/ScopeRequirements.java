package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.helsegateway.server.security.authz.SmartScopes;
import no.helsegateway.server.security.authz.SmartScopes.Permission;

/**
 * Every (permission, resource type) a FHIR request needs from the token's scopes: the interaction
 * itself (create c, read/vread r, update/patch u, delete d, search/history s; an operation r when
 * it only reads, else u), and every type the request touches besides: {@code _include} and {@code
 * _revinclude} targets (also {@code :iterate}), chained parameters, {@code _has}, {@code _type},
 * compartment searches and the entries of transactions and batches one by one. Types that cannot be
 * determined need a wildcard ({@code *}) grant.
 */
public final class ScopeRequirements {

  /** One need: any of the permissions on the type. */
  public record Need(Set<Permission> anyOf, String type) {
    public Need {
      anyOf = Set.copyOf(anyOf);
    }

    static Need of(Permission p, String type) {
      return new Need(EnumSet.of(p), type);
    }

    static Need show(String type) {
      return new Need(EnumSet.of(Permission.READ, Permission.SEARCH), type);
    }

    public boolean metBy(SmartScopes scopes) {
      return anyOf.stream().anyMatch(p -> scopes.allows(p, type));
    }
  }

  /** Operations that only read (need r); every other operation needs u. */
  static final Set<String> READ_ONLY_OPERATIONS =
      Set.of(
          "$everything",
          "$validate",
          "$meta",
          "$lookup",
          "$validate-code",
          "$translate",
          "$expand",
          "$subsumes",
          "$document",
          "$summary",
          "$lastn",
          "$stats",
          "$match",
          "$snapshot");

  private final FhirContext fhirContext;

  public ScopeRequirements(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** The needs of a top-level REST request (a transaction's entries are added separately). */
  public List<Need> forRequest(
      RestOperationTypeEnum op,
      String resourceType,
      String compartmentName,
      String operationName,
      Map<String, String[]> params) {
    List<Need> needs = new ArrayList<>();
    String type = resourceType == null ? SmartScopes.ANY_TYPE : resourceType;
    switch (op) {
      case READ, VREAD -> needs.add(Need.of(Permission.READ, type));
      case CREATE -> {
        needs.add(Need.of(Permission.CREATE, type));
      }
      case UPDATE, PATCH -> needs.add(Need.of(Permission.UPDATE, type));
      case DELETE -> needs.add(Need.of(Permission.DELETE, type));
      case SEARCH_TYPE -> {
        if (compartmentName != null) {
          needs.add(Need.of(Permission.READ, type));
          needs.add(Need.of(Permission.SEARCH, compartmentName));
          needs.addAll(forSearchParams(compartmentName, params));
        } else {
          needs.add(Need.of(Permission.SEARCH, type));
          needs.addAll(forSearchParams(type, params));
        }
      }
      case SEARCH_SYSTEM -> {
        String[] types = params == null ? null : params.get("_type");
        if (types == null || types.length == 0) {
          needs.add(Need.of(Permission.SEARCH, SmartScopes.ANY_TYPE));
          needs.addAll(forSearchParams(SmartScopes.ANY_TYPE, params));
        } else {
          for (String list : types) {
            for (String t : list.split(",")) {
              needs.add(Need.of(Permission.SEARCH, t.trim()));
              needs.addAll(forSearchParams(t.trim(), params));
            }
          }
        }
      }
      case HISTORY_INSTANCE, HISTORY_TYPE -> needs.add(Need.of(Permission.SEARCH, type));
      case HISTORY_SYSTEM -> needs.add(Need.of(Permission.SEARCH, SmartScopes.ANY_TYPE));
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER ->
          needs.add(operation(operationName, type));
      case META -> needs.add(Need.of(Permission.READ, type));
      case META_ADD, META_DELETE -> needs.add(Need.of(Permission.UPDATE, type));
      case TRANSACTION, BATCH, METADATA, GET_PAGE -> {
        // entries are checked one by one; pages were checked when their search started and their
        // resources are filtered again on the way out
      }
      default -> needs.add(Need.of(Permission.UPDATE, SmartScopes.ANY_TYPE));
    }
    if (op == RestOperationTypeEnum.UPDATE || op == RestOperationTypeEnum.DELETE) {
      // a conditional update/delete searches first
      if (params != null && !params.isEmpty() && !onlyFormatParams(params)) {
        needs.add(Need.of(Permission.SEARCH, type));
      }
    }
    return needs;
  }

  private static boolean onlyFormatParams(Map<String, String[]> params) {
    return params.keySet().stream().allMatch(k -> k.startsWith("_format") || k.equals("_pretty"));
  }

  private static Need operation(String name, String type) {
    String op = name == null ? "" : name.startsWith("$") ? name : "$" + name;
    return Need.of(READ_ONLY_OPERATIONS.contains(op) ? Permission.READ : Permission.UPDATE, type);
  }

  /** The needs of one transaction or batch entry, from its method and URL. */
  public List<Need> forEntry(String method, String url, boolean conditionalCreate) {
    List<Need> needs = new ArrayList<>();
    if (url == null || url.isBlank()) {
      needs.add(Need.of(Permission.UPDATE, SmartScopes.ANY_TYPE));
      return needs;
    }
    String path = url;
    String query = null;
    int q = url.indexOf('?');
    if (q >= 0) {
      path = url.substring(0, q);
      query = url.substring(q + 1);
    }
    Map<String, String[]> params = query == null ? Map.of() : UrlUtil.parseQueryString(query);
    String[] seg = path.replaceAll("^/+|/+$", "").split("/");
    String first = seg.length == 0 ? "" : seg[0];
    String m = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
    if (first.isEmpty()) {
      needs.add(
          Need.of(m.equals("GET") ? Permission.SEARCH : Permission.UPDATE, SmartScopes.ANY_TYPE));
      needs.addAll(forSearchParams(SmartScopes.ANY_TYPE, params));
      return needs;
    }
    if (first.startsWith("$")) {
      needs.add(operation(first, SmartScopes.ANY_TYPE));
      return needs;
    }
    if (first.equals("_history")) {
      needs.add(Need.of(Permission.SEARCH, SmartScopes.ANY_TYPE));
      return needs;
    }
    if (first.equals("metadata")) {
      return needs;
    }
    String type = isType(first) ? first : SmartScopes.ANY_TYPE;
    switch (m) {
      case "POST" -> {
        if (seg.length >= 2 && seg[seg.length - 1].startsWith("$")) {
          needs.add(operation(seg[seg.length - 1], type));
        } else if (seg.length >= 2 && seg[1].equals("_search")) {
          needs.add(Need.of(Permission.SEARCH, type));
          needs.addAll(forSearchParams(type, params));
        } else {
          needs.add(Need.of(Permission.CREATE, type));
          if (conditionalCreate) {
            needs.add(Need.of(Permission.SEARCH, type));
          }
        }
      }
      case "PUT", "PATCH" -> {
        needs.add(Need.of(Permission.UPDATE, type));
        if (query != null) {
          needs.add(Need.of(Permission.SEARCH, type));
          needs.addAll(forSearchParams(type, params));
        }
      }
      case "DELETE" -> {
        needs.add(Need.of(Permission.DELETE, type));
        if (query != null) {
          needs.add(Need.of(Permission.SEARCH, type));
          needs.addAll(forSearchParams(type, params));
        }
      }
      case "GET", "HEAD" -> needs.addAll(forGet(type, seg, params));
      default -> needs.add(Need.of(Permission.UPDATE, type));
    }
    return needs;
  }

  private List<Need> forGet(String type, String[] seg, Map<String, String[]> params) {
    List<Need> needs = new ArrayList<>();
    if (seg.length == 1 || (seg.length == 2 && seg[1].equals("_search"))) {
      needs.add(Need.of(Permission.SEARCH, type));
      needs.addAll(forSearchParams(type, params));
    } else if (seg.length >= 2 && seg[1].equals("_history")) {
      needs.add(Need.of(Permission.SEARCH, type));
    } else if (seg.length >= 2 && seg[1].startsWith("$")) {
      needs.add(operation(seg[1], type));
    } else if (seg.length == 2) {
      needs.add(Need.of(Permission.READ, type));
    } else if (seg[2].equals("_history")) {
      needs.add(Need.of(seg.length >= 4 ? Permission.READ : Permission.SEARCH, type));
    } else if (seg[2].startsWith("$")) {
      needs.add(operation(seg[2], type));
    } else {
      // compartment search: Patient/123/Observation
      String target = isType(seg[2]) ? seg[2] : SmartScopes.ANY_TYPE;
      needs.add(Need.of(Permission.READ, type));
      needs.add(Need.of(Permission.SEARCH, target));
      needs.addAll(forSearchParams(target, params));
    }
    return needs;
  }

  /** The types a search's parameters touch: includes, chains, {@code _has}. */
  public List<Need> forSearchParams(String baseType, Map<String, String[]> params) {
    List<Need> needs = new ArrayList<>();
    if (params == null) {
      return needs;
    }
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      String key = e.getKey();
      String[] values = e.getValue() == null ? new String[0] : e.getValue();
      if (key.startsWith("_include")) {
        for (String v : values) {
          for (String t : includeTargets(v)) {
            needs.add(Need.show(t));
          }
        }
      } else if (key.startsWith("_revinclude")) {
        for (String v : values) {
          String source = v.equals("*") ? SmartScopes.ANY_TYPE : v.split(":")[0];
          needs.add(Need.show(isType(source) ? source : SmartScopes.ANY_TYPE));
        }
      } else if (key.startsWith("_has:")) {
        for (String t : hasTypes(key)) {
          needs.add(Need.of(Permission.SEARCH, t));
        }
      } else if (!key.startsWith("_") && key.indexOf('.') > 0) {
        for (String t : chainTargets(baseType, key)) {
          needs.add(Need.of(Permission.SEARCH, t));
        }
      }
    }
    return needs;
  }

  /** {@code Type:param[:Target]} or {@code *}: the target types. */
  Set<String> includeTargets(String include) {
    Set<String> out = new LinkedHashSet<>();
    String[] parts = include.split(":");
    if (include.equals("*") || parts.length < 2 || parts[1].equals("*")) {
      out.add(SmartScopes.ANY_TYPE);
      return out;
    }
    if (parts.length >= 3) {
      out.add(isType(parts[2]) ? parts[2] : SmartScopes.ANY_TYPE);
      return out;
    }
    out.addAll(targets(parts[0], parts[1]));
    return out;
  }

  /** {@code _has:Observation:subject:_has:Provenance:target:agent=...}: every linked type. */
  static List<String> hasTypes(String key) {
    List<String> types = new ArrayList<>();
    String[] parts = key.split(":");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("_has")) {
        types.add(parts[i + 1]);
      }
    }
    return types;
  }

  /** {@code subject:Patient.organization.name}: every type a hop of the chain lands on. */
  Set<String> chainTargets(String baseType, String key) {
    Set<String> out = new LinkedHashSet<>();
    String[] hops = key.split("\\.");
    Set<String> current = new LinkedHashSet<>(List.of(baseType));
    for (int i = 0; i < hops.length - 1; i++) {
      String hop = hops[i];
      String name = hop;
      String explicit = null;
      int colon = hop.indexOf(':');
      if (colon >= 0) {
        name = hop.substring(0, colon);
        explicit = hop.substring(colon + 1);
      }
      Set<String> next = new LinkedHashSet<>();
      if (explicit != null) {
        next.add(isType(explicit) ? explicit : SmartScopes.ANY_TYPE);
      } else {
        for (String t : current) {
          next.addAll(targets(t, name));
        }
      }
      out.addAll(next);
      if (next.contains(SmartScopes.ANY_TYPE)) {
        break;
      }
      current = next;
    }
    return out;
  }

  /** Target types of a reference search parameter; {@code *} when unknown. */
  Set<String> targets(String type, String paramName) {
    if (!isType(type)) {
      return Set.of(SmartScopes.ANY_TYPE);
    }
    RuntimeResourceDefinition def = fhirContext.getResourceDefinition(type);
    RuntimeSearchParam sp = def.getSearchParam(paramName);
    if (sp == null || sp.getTargets() == null || sp.getTargets().isEmpty()) {
      return Set.of(SmartScopes.ANY_TYPE);
    }
    return new LinkedHashSet<>(sp.getTargets());
  }

  boolean isType(String name) {
    return name != null
        && !name.isEmpty()
        && Character.isUpperCase(name.charAt(0))
        && fhirContext.getResourceTypes().contains(name);
  }

  /**
   * Whether a search of the base type with these parameters may reveal data of patients outside the
   * caller's set even though its results are filtered: {@code _has} is allowed only from Patient
   * through a Patient-compartment parameter (the linked resource then belongs to the returned
   * patient); chains only from types in the Patient compartment (the chained resource is referenced
   * by a returned, permitted resource).
   */
  public boolean crossesPatients(
      String baseType, Map<String, String[]> params, PatientCompartmentTypes compartment) {
    if (params == null) {
      return false;
    }
    for (String key : params.keySet()) {
      if (key.startsWith("_has:")) {
        String[] parts = key.split(":");
        if (!"Patient".equals(baseType) || parts.length < 3) {
          return true;
        }
        String linked = parts[1];
        String param = parts[2];
        if (!isType(linked) || !compartment.isPatientCompartmentParam(linked, param)) {
          return true;
        }
        if (key.indexOf("_has:", 5) >= 0) {
          return true; // nested _has: keep it simple, refuse
        }
      } else if (!key.startsWith("_") && key.indexOf('.') > 0) {
        if (!compartment.isInPatientCompartment(baseType)) {
          for (String t : chainTargets(baseType, key)) {
            if (t.equals(SmartScopes.ANY_TYPE) || compartment.isInPatientCompartment(t)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** What {@link #crossesPatients} needs to know of the Patient compartment. */
  public interface PatientCompartmentTypes {
    boolean isInPatientCompartment(String type);

    boolean isPatientCompartmentParam(String type, String param);
  }

  public PatientCompartmentTypes compartmentTypes() {
    return new PatientCompartmentTypes() {
      @Override
      public boolean isInPatientCompartment(String type) {
        return isType(type)
            && ("Patient".equals(type)
                || !fhirContext
                    .getResourceDefinition(type)
                    .getSearchParamsForCompartmentName("Patient")
                    .isEmpty());
      }

      @Override
      public boolean isPatientCompartmentParam(String type, String param) {
        return fhirContext
            .getResourceDefinition(type)
            .getSearchParamsForCompartmentName("Patient")
            .stream()
            .anyMatch(sp -> sp.getName().equals(param));
      }
    };
  }
}
