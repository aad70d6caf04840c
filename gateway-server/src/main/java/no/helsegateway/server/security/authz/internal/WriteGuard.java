package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.LinkedHashSet;
import java.util.Set;
import no.helsegateway.server.security.authz.AccessDecision;
import no.helsegateway.server.security.authz.SmartScopes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The write side of authorisation, on the JPA interceptor service (fires for every write, also for
 * each transaction entry): before storage, the new version's patients and (update, patch, delete)
 * the old version's must all be permitted, so a write cannot move a resource into or out of another
 * patient's compartment; a system client writes only as its own organisation where the resource
 * names an authoring or sending organisation; a new Patient needs {@code Patient.c} and gives the
 * organisation the care relationship. Before commit: the care relationships a write establishes are
 * recorded (the writing organisation; Patient.managingOrganization and generalPractitioner naming
 * an organisation by orgnr), and Consent writes drop the shield cache.
 */
@Interceptor
public final class WriteGuard {

  private final AccessPolicy policy;
  private final Visibility visibility;
  private final CareRelationships relationships;
  private final OrganisationNumbers orgnrs;
  private final Shields shields;

  public WriteGuard(
      AccessPolicy policy,
      Visibility visibility,
      CareRelationships relationships,
      OrganisationNumbers orgnrs,
      Shields shields) {
    this.policy = policy;
    this.visibility = visibility;
    this.relationships = relationships;
    this.orgnrs = orgnrs;
    this.shields = shields;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = ScopeInterceptor.ORDER)
  public void creating(IBaseResource resource, RequestDetails request) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null) {
      return;
    }
    if (resource instanceof Patient patient) {
      if (access.scopes().context().orElse(null) == SmartScopes.Context.SYSTEM
          && access.scopes().allows(SmartScopes.Permission.CREATE, "Patient")) {
        access.created(patient);
        return;
      }
      throw ScopeInterceptor.denied(request, access, AccessDecision.DENIED_PATIENT);
    }
    check(request, access, visibility.owners(resource));
    checkAuthor(request, access, resource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = ScopeInterceptor.ORDER)
  public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null) {
      return;
    }
    Set<String> owners = new LinkedHashSet<>(visibility.owners(previous));
    owners.addAll(visibility.owners(resource));
    check(request, access, owners);
    checkAuthor(request, access, resource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = ScopeInterceptor.ORDER)
  public void deleting(IBaseResource resource, RequestDetails request) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null) {
      return;
    }
    check(request, access, visibility.owners(resource));
  }

  private void check(RequestDetails request, PatientAccess access, Set<String> owners) {
    if (!owners.isEmpty() && !visibility.mayWrite(access, owners)) {
      throw ScopeInterceptor.denied(request, access, AccessDecision.DENIED_PATIENT);
    }
  }

  private void checkAuthor(RequestDetails request, PatientAccess access, IBaseResource resource) {
    if (access.scopes().context().orElse(null) != SmartScopes.Context.SYSTEM) {
      return;
    }
    for (String author : orgnrs.authors(resource)) {
      if (!access.orgnrs().contains(author)) {
        throw ScopeInterceptor.denied(request, access, AccessDecision.DENIED_ORGANISATION);
      }
    }
  }

  /**
   * Checks the owners again once transaction placeholders are resolved (a {@code urn:uuid}
   * reference to a conditional create that matched an existing patient), then records.
   */
  @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = ScopeInterceptor.ORDER)
  public void created(IBaseResource resource, RequestDetails request) {
    recheck(resource, request);
    recordRelationships(resource, request);
  }

  @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = ScopeInterceptor.ORDER)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    recheck(resource, request);
    recordRelationships(resource, request);
  }

  private void recheck(IBaseResource resource, RequestDetails request) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access != null && !(resource instanceof Patient)) {
      check(request, access, visibility.owners(resource));
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if ("Consent".equals(resource.fhirType())) {
      consentChanged();
    }
  }

  private void recordRelationships(IBaseResource resource, RequestDetails request) {
    if ("Consent".equals(resource.fhirType())) {
      consentChanged();
    }
    PatientAccess access = policy.of(request).orElse(null);
    Set<String> owners = visibility.owners(resource);
    if (access != null
        && access.scopes().context().orElse(null) == SmartScopes.Context.SYSTEM
        && access.principal().actingOrgnr() != null) {
      for (String owner : owners) {
        relationships.record(access.principal().actingOrgnr(), owner, "api-write");
      }
    }
    if (resource instanceof Patient patient && patient.getIdElement().hasIdPart()) {
      String ref = "Patient/" + patient.getIdElement().getIdPart();
      if (patient.hasManagingOrganization()) {
        relationships.record(
            orgnrs.orgnr(patient.getManagingOrganization()), ref, "managing-organization");
      }
      for (Reference gp : patient.getGeneralPractitioner()) {
        if (gp.getReferenceElement().getResourceType() == null
            || "Organization".equals(gp.getReferenceElement().getResourceType())) {
          relationships.record(orgnrs.orgnr(gp), ref, "general-practitioner");
        }
      }
    }
  }

  private void consentChanged() {
    shields.invalidate();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              shields.invalidate();
            }
          });
    }
  }
}
