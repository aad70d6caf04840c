package no.helsegateway.server.security.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART on FHIR resource scopes of a token: v2 {@code <context>/<Type|*>.<cruds>} (letters in
 * that order, any non-empty subset) and v1 {@code .read}, {@code .write}, {@code .*}. Anything else
 * (garbled, unknown context, a v2 scope with a search restriction {@code ?...} the gateway cannot
 * enforce) grants nothing.
 *
 * <p>A token acts in one context: the narrowest present wins ({@code patient} before {@code user}
 * before {@code system}), and only the scopes of that context count, so a token cannot widen a
 * patient's view with a stray {@code system/} scope.
 */
public final class SmartScopes {

  /** The launch context of a resource scope. */
  public enum Context {
    PATIENT,
    USER,
    SYSTEM
  }

  /** One SMART v2 permission letter. */
  public enum Permission {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Permission(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  /** Any resource type. */
  public static final String ANY_TYPE = "*";

  private static final Pattern SCOPE =
      Pattern.compile("^(patient|user|system)/(\\*|[A-Z][A-Za-z]{1,63})\\.([a-z*]+)$");
  private static final Pattern V2 = Pattern.compile("^c?r?u?d?s?$");

  private static final SmartScopes NONE = new SmartScopes(null, Map.of());

  private final Context context;
  private final Map<String, Set<Permission>> grants;

  private SmartScopes(Context context, Map<String, Set<Permission>> grants) {
    this.context = context;
    this.grants = grants;
  }

  public static SmartScopes none() {
    return NONE;
  }

  /**
   * Parsed scope sets by their text: a client reuses its token, so its scopes are parsed once, not
   * per request. Bounded; immutable values.
   */
  private static final Cache<Set<String>, SmartScopes> PARSED =
      Caffeine.newBuilder().maximumSize(2_000).build();

  /** Parses the token's scopes; other scopes ({@code openid}, {@code gateway/...}) are ignored. */
  public static SmartScopes parse(Collection<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      return NONE;
    }
    for (String scope : scopes) {
      if (scope == null) {
        return parseUncached(scopes); // grants nothing; such a set is not worth a cache entry
      }
    }
    // Set.copyOf returns the same instance for an immutable set (a principal's scopes)
    return PARSED.get(Set.copyOf(scopes), SmartScopes::parseUncached);
  }

  private static SmartScopes parseUncached(Collection<String> scopes) {
    Map<Context, Map<String, Set<Permission>>> byContext = new LinkedHashMap<>();
    if (scopes != null) {
      for (String scope : scopes) {
        parseOne(scope, byContext);
      }
    }
    for (Context c : Context.values()) {
      Map<String, Set<Permission>> g = byContext.get(c);
      if (g != null && !g.isEmpty()) {
        return new SmartScopes(c, Map.copyOf(g));
      }
    }
    return NONE;
  }

  private static void parseOne(String scope, Map<Context, Map<String, Set<Permission>>> out) {
    if (scope == null) {
      return;
    }
    Matcher m = SCOPE.matcher(scope.trim());
    if (!m.matches()) {
      return;
    }
    Set<Permission> permissions = permissions(m.group(3));
    if (permissions.isEmpty()) {
      return;
    }
    Context context = Context.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    out.computeIfAbsent(context, k -> new LinkedHashMap<>())
        .computeIfAbsent(m.group(2), k -> EnumSet.noneOf(Permission.class))
        .addAll(permissions);
  }

  static Set<Permission> permissions(String suffix) {
    switch (suffix) {
      case "read":
        return EnumSet.of(Permission.READ, Permission.SEARCH);
      case "write":
        return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
      case "*":
        return EnumSet.allOf(Permission.class);
      default:
        break;
    }
    if (suffix.isEmpty() || !V2.matcher(suffix).matches()) {
      return EnumSet.noneOf(Permission.class);
    }
    EnumSet<Permission> p = EnumSet.noneOf(Permission.class);
    for (Permission permission : Permission.values()) {
      if (suffix.indexOf(permission.letter()) >= 0) {
        p.add(permission);
      }
    }
    return p;
  }

  /** The context the token acts in; empty when it has no valid resource scope. */
  public Optional<Context> context() {
    return Optional.ofNullable(context);
  }

  public boolean isEmpty() {
    return context == null;
  }

  /**
   * Whether the scopes grant the permission on the type. {@link #ANY_TYPE} asks for a wildcard
   * grant (a system-wide search or history must be covered by {@code <context>/*.s}).
   */
  public boolean allows(Permission permission, String resourceType) {
    Set<Permission> any = grants.get(ANY_TYPE);
    if (any != null && any.contains(permission)) {
      return true;
    }
    if (ANY_TYPE.equals(resourceType) || resourceType == null) {
      return false;
    }
    Set<Permission> typed = grants.get(resourceType);
    return typed != null && typed.contains(permission);
  }

  /** Read access to a type in any form (a resource of the type may be shown). */
  public boolean mayShow(String resourceType) {
    return allows(Permission.READ, resourceType) || allows(Permission.SEARCH, resourceType);
  }

  @Override
  public String toString() {
    return "SmartScopes" + (context == null ? "[]" : "[" + context + " " + grants + "]");
  }
}
