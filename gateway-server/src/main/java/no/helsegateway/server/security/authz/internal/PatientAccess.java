package no.helsegateway.server.security.authz.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.authz.AccessDecision;
import no.helsegateway.server.security.authz.SmartScopes;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Which patients one request may touch, worked out once per request by {@link AccessPolicy}: an
 * explicit set (patient token: the person themselves; user token: the attested patients), or the
 * organisation scope of a system client (care relationships, looked up per patient and remembered
 * for the request), plus the patients this request created itself.
 */
public final class PatientAccess {

  private final GatewayPrincipal principal;
  private final SmartScopes scopes;
  private final Set<String> explicit;
  private final BiPredicate<List<String>, String> relationship;
  private final List<String> orgnrs;
  private final boolean populationRead;
  private final boolean breakTheGlass;
  private final boolean btgWithoutReason;
  private final Map<String, Boolean> checked = new HashMap<>();
  private final List<IBaseResource> createdPatients = new java.util.ArrayList<>();
  private AccessDecision decision;

  PatientAccess(
      GatewayPrincipal principal,
      SmartScopes scopes,
      Set<String> explicit,
      BiPredicate<List<String>, String> relationship,
      boolean populationRead,
      boolean breakTheGlass,
      boolean btgWithoutReason) {
    this.principal = principal;
    this.scopes = scopes;
    this.explicit = explicit == null ? null : new LinkedHashSet<>(explicit);
    this.relationship = relationship;
    List<String> orgs = new java.util.ArrayList<>();
    if (principal.orgnrParent() != null) {
      orgs.add(principal.orgnrParent());
    }
    if (principal.orgnrChild() != null && !orgs.contains(principal.orgnrChild())) {
      orgs.add(principal.orgnrChild());
    }
    this.orgnrs = List.copyOf(orgs);
    this.populationRead = populationRead;
    this.breakTheGlass = breakTheGlass;
    this.btgWithoutReason = btgWithoutReason;
    String purpose =
        principal.attestation() == null ? null : principal.attestation().purposeOfUse();
    this.decision =
        new AccessDecision(
            scopes.context().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).orElse("none"),
            breakTheGlass,
            purpose,
            false,
            null,
            explicit);
  }

  public GatewayPrincipal principal() {
    return principal;
  }

  public SmartScopes scopes() {
    return scopes;
  }

  public boolean breakTheGlass() {
    return breakTheGlass;
  }

  public boolean btgWithoutReason() {
    return btgWithoutReason;
  }

  /** The explicit patient set, null for an organisation scope. */
  public Set<String> explicitPatients() {
    return explicit == null ? null : Set.copyOf(explicit);
  }

  /** Whether the caller is limited to some patients (false only for population-wide read). */
  public boolean restrictedReads() {
    return !populationRead;
  }

  public boolean mayRead(String patientRef) {
    return populationRead || mayWrite(patientRef);
  }

  /** Whether the caller may touch this patient's data at all (explicit set or relationship). */
  public synchronized boolean mayWrite(String patientRef) {
    if (patientRef == null) {
      return false;
    }
    if (explicit != null && explicit.contains(patientRef)) {
      return true;
    }
    if (createdHere(patientRef)) {
      return true;
    }
    if (explicit != null || relationship == null) {
      return false;
    }
    return checked.computeIfAbsent(patientRef, p -> relationship.test(orgnrs, p));
  }

  public boolean mayReadAll(Collection<String> patientRefs) {
    return patientRefs.stream().allMatch(this::mayRead);
  }

  /** A Patient this request is creating: the caller may touch it once it has its id. */
  public synchronized void created(IBaseResource patient) {
    createdPatients.add(patient);
  }

  private boolean createdHere(String patientRef) {
    for (IBaseResource p : createdPatients) {
      if (p.getIdElement().hasIdPart()
          && patientRef.equals("Patient/" + p.getIdElement().getIdPart())) {
        return true;
      }
    }
    return false;
  }

  public List<String> orgnrs() {
    return orgnrs;
  }

  public synchronized AccessDecision decision() {
    return decision;
  }

  synchronized void deny(String reason) {
    if (!decision.denied()) {
      decision = decision.deny(reason);
    }
  }
}
