package no.helsegateway.server.security.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;

/**
 * Maps the claims of a validated HelseID access token to a {@link GatewayPrincipal}: identity
 * ({@code pid}, HPR number, security level), organisation ({@code orgnr_parent}, {@code
 * orgnr_child}), scopes, DPoP binding ({@code cnf.jkt}) and the care-relationship attestation of
 * the trust framework (Tillitsrammeverk, {@code authorization_details} of type {@code
 * nhn:tillitsrammeverk:parameters}, or an {@code attestation} object).
 */
public final class TokenClaims {

  public static final String PID = "helseid://claims/identity/pid";
  public static final String HPR_NUMBER = "helseid://claims/hpr/hpr_number";
  public static final String SECURITY_LEVEL = "helseid://claims/identity/security_level";
  public static final String ORGNR_PARENT = "helseid://claims/client/claims/orgnr_parent";
  public static final String ORGNR_CHILD = "helseid://claims/client/claims/orgnr_child";
  public static final String TRUST_FRAMEWORK_TYPE = "nhn:tillitsrammeverk:parameters";

  private TokenClaims() {}

  public static GatewayPrincipal principal(JWTClaimsSet c) throws ParseException {
    Map<String, Object> cnf = c.getJSONObjectClaim("cnf");
    return new GatewayPrincipal(
        c.getSubject(),
        text(c.getClaim("client_id")),
        scopes(c.getClaim("scope")),
        text(c.getClaim(PID)),
        text(c.getClaim(HPR_NUMBER)),
        text(c.getClaim("name")),
        securityLevel(c.getClaim(SECURITY_LEVEL)),
        text(c.getClaim(ORGNR_PARENT)),
        text(c.getClaim(ORGNR_CHILD)),
        attestation(c),
        cnf == null ? null : text(cnf.get("jkt")));
  }

  /** A user token: a person ({@code pid}) acting with {@code user/} scopes. */
  public static boolean isUserToken(GatewayPrincipal p) {
    return p.pid() != null && p.scopes().stream().anyMatch(s -> s.startsWith("user/"));
  }

  /** {@code scope}: a space-separated string or an array of strings. */
  static Set<String> scopes(Object claim) {
    Set<String> out = new LinkedHashSet<>();
    if (claim instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    } else if (claim instanceof Collection<?> list) {
      for (Object o : list) {
        if (o instanceof String s && !s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  /** A string or a number (HelseID has sent both). */
  static int securityLevel(Object claim) {
    if (claim instanceof Number n) {
      return n.intValue();
    }
    if (claim instanceof String s && !s.isBlank()) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  static Attestation attestation(JWTClaimsSet c) {
    Object details = c.getClaim("authorization_details");
    List<Object> candidates = new ArrayList<>();
    if (details instanceof Collection<?> list) {
      candidates.addAll(list);
    } else if (details instanceof Map<?, ?>) {
      candidates.add(details);
    }
    for (Object o : candidates) {
      if (o instanceof Map<?, ?> m && TRUST_FRAMEWORK_TYPE.equals(m.get("type"))) {
        Object nested = m.get("attestation");
        return fromAttestation(nested instanceof Map<?, ?> n ? n : m);
      }
    }
    if (c.getClaim("attestation") instanceof Map<?, ?> m) {
      return fromAttestation(m);
    }
    return null;
  }

  private static Attestation fromAttestation(Map<?, ?> a) {
    Map<?, ?> relation = map(a.get("care_relation"));
    if (relation == null) {
      relation = map(a.get("care_relationship"));
    }
    if (relation == null) {
      relation = Map.of();
    }
    Map<?, ?> decision = map(relation.get("decision_ref"));
    List<String> patients = new ArrayList<>();
    Object ps = a.get("patients");
    if (ps instanceof Collection<?> list) {
      for (Object p : list) {
        addPatient(patients, p);
      }
    } else {
      addPatient(patients, ps);
    }
    Object toa = a.get("toa");
    return new Attestation(
        code(relation.get("purpose_of_use")),
        code(relation.get("purpose_of_use_details")),
        decision == null ? null : text(decision.get("id")),
        decision == null ? null : text(decision.get("description")),
        decision != null && truthy(decision.get("user_selected")),
        code(relation.get("healthcare_service")),
        patients,
        toa instanceof Number n ? n.longValue() : 0L);
  }

  private static void addPatient(List<String> out, Object p) {
    Map<?, ?> patient = map(p);
    if (patient != null) {
      Map<?, ?> id = map(patient.get("identifier"));
      String value = id == null ? null : text(id.get("id"));
      if (value != null) {
        out.add(value);
      }
    }
  }

  private static boolean truthy(Object o) {
    return o instanceof Boolean b ? b : o != null && "true".equalsIgnoreCase(o.toString());
  }

  private static String code(Object o) {
    Map<?, ?> m = map(o);
    return m == null ? text(o) : text(m.get("code"));
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : null;
  }

  private static String text(Object o) {
    if (o == null || o instanceof Map<?, ?> || o instanceof Collection<?>) {
      return null;
    }
    String s = o.toString().trim();
    return s.isEmpty() ? null : s;
  }
}
