package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.authz.AccessDecision;
import no.helsegateway.server.security.authz.SmartScopes;

/**
 * Works out a request's {@link PatientAccess} from its principal, once, and keeps it on the servlet
 * request (transaction sub-requests share it):
 *
 * <ul>
 *   <li>patient context: the Patient resources whose fnr/dnr identifier equals the token's {@code
 *       pid};
 *   <li>user context: the attested patients when the purpose of use is TREAT, ETREAT or COC, or BTG
 *       with a reason (break-the-glass); nobody otherwise;
 *   <li>system context: the patients the client's organisation ({@code orgnr_parent} or {@code
 *       orgnr_child}) has a care relationship with; everyone for reading when the organisation is
 *       listed in {@code gateway.security.population-read-orgnrs}.
 * </ul>
 */
public final class AccessPolicy {

  static final String ATTRIBUTE = PatientAccess.class.getName();

  private static final Set<String> NEED_TO_KNOW = Set.of("TREAT", "ETREAT", "COC");

  private final Function<Collection<String>, Set<String>> patientsByNationalId;
  private final CareRelationships relationships;
  private final Set<String> populationReadOrgnrs;

  public AccessPolicy(
      Function<Collection<String>, Set<String>> patientsByNationalId,
      CareRelationships relationships,
      Collection<String> populationReadOrgnrs) {
    this.patientsByNationalId = patientsByNationalId;
    this.relationships = relationships;
    this.populationReadOrgnrs = Set.copyOf(populationReadOrgnrs);
  }

  /** The request's access, empty for trusted requests (no principal). */
  public Optional<PatientAccess> of(RequestDetails request) {
    if (!(request instanceof ServletRequestDetails s)) {
      return Optional.empty();
    }
    return of(s.getServletRequest());
  }

  public Optional<PatientAccess> of(HttpServletRequest request) {
    if (request == null) {
      return Optional.empty();
    }
    Object cached = request.getAttribute(ATTRIBUTE);
    if (cached instanceof PatientAccess a) {
      return Optional.of(a);
    }
    Optional<GatewayPrincipal> principal = Principals.of(request);
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    PatientAccess access = evaluate(principal.get());
    request.setAttribute(ATTRIBUTE, access);
    AccessDecision.put(request, access.decision());
    return Optional.of(access);
  }

  /** Records a denial on the request (for audit). */
  public static void deny(HttpServletRequest request, PatientAccess access, String reason) {
    access.deny(reason);
    AccessDecision.put(request, access.decision());
  }

  public static void deny(RequestDetails request, PatientAccess access, String reason) {
    access.deny(reason);
    if (request instanceof ServletRequestDetails s) {
      AccessDecision.put(s.getServletRequest(), access.decision());
    }
  }

  PatientAccess evaluate(GatewayPrincipal p) {
    SmartScopes scopes = SmartScopes.parse(p.scopes());
    SmartScopes.Context context = scopes.context().orElse(null);
    if (context == SmartScopes.Context.PATIENT) {
      Set<String> self =
          p.pid() == null || p.pid().isBlank()
              ? Set.of()
              : patientsByNationalId.apply(List.of(p.pid()));
      return new PatientAccess(p, scopes, self, null, false, false, false);
    }
    if (context == SmartScopes.Context.USER) {
      Attestation a = p.attestation();
      if (a == null || a.purposeOfUse() == null) {
        return new PatientAccess(p, scopes, Set.of(), null, false, false, false);
      }
      if (a.breakTheGlass()) {
        boolean reason = notBlank(a.decisionRefDescription()) || notBlank(a.purposeOfUseDetails());
        Set<String> patients = reason ? resolve(a.patientIdentifiers()) : Set.of();
        return new PatientAccess(p, scopes, patients, null, false, reason, !reason);
      }
      Set<String> patients =
          NEED_TO_KNOW.contains(a.purposeOfUse()) ? resolve(a.patientIdentifiers()) : Set.of();
      return new PatientAccess(p, scopes, patients, null, false, false, false);
    }
    if (context == SmartScopes.Context.SYSTEM) {
      boolean population =
          (p.orgnrParent() != null && populationReadOrgnrs.contains(p.orgnrParent()))
              || (p.orgnrChild() != null && populationReadOrgnrs.contains(p.orgnrChild()));
      return new PatientAccess(
          p,
          scopes,
          null,
          (orgs, patient) -> relationships.exists(orgs, patient),
          population,
          false,
          false);
    }
    return new PatientAccess(p, scopes, Set.of(), null, false, false, false);
  }

  private Set<String> resolve(List<String> nationalIds) {
    return nationalIds.isEmpty() ? Set.of() : patientsByNationalId.apply(nationalIds);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
