package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.LinkedHashSet;
import java.util.Set;
import no.helsegateway.server.emessage.EMessageRequests;
import no.helsegateway.server.security.PatientCompartment;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The storage side of audit, on the JPA interceptor service (so it sees REST and in-process
 * writes):
 *
 * <ul>
 *   <li>every resource a write stores (create, update, patch, delete, every transaction entry) is
 *       added to its request's record, with the patients of the new and of the previous version (a
 *       write that moves a resource to another patient names both);
 *   <li>what the e-message pipeline stores is collected for its message's record ({@link
 *       EMessageAuditor});
 *   <li>AuditEvent resources are never written to the FHIR store, whatever the path (REST,
 *       transaction entry, in process): the access log is append-only and kept by the gateway.
 * </ul>
 */
@Interceptor
public final class StorageAuditInterceptor {

  public static final String IMMUTABLE =
      "AuditEvent records are written by the gateway only; they cannot be created, changed or"
          + " deleted through the API";

  private final RestAuditInterceptor rest;
  private final PatientCompartment compartment;
  private final boolean recording;

  /**
   * @param recording false when the access log is off: AuditEvent stays immutable, nothing is
   *     collected
   */
  public StorageAuditInterceptor(
      RestAuditInterceptor rest, PatientCompartment compartment, boolean recording) {
    this.rest = rest;
    this.compartment = compartment;
    this.recording = recording;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RestAuditInterceptor.ORDER)
  public void creating(IBaseResource resource) {
    refuseAuditEvent(resource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RestAuditInterceptor.ORDER)
  public void updating(IBaseResource previous, IBaseResource resource) {
    refuseAuditEvent(resource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RestAuditInterceptor.ORDER)
  public void deleting(IBaseResource resource) {
    refuseAuditEvent(resource);
  }

  @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RestAuditInterceptor.ORDER)
  public void created(IBaseResource resource, RequestDetails request) {
    written(request, resource, null);
  }

  @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RestAuditInterceptor.ORDER)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    written(request, resource, previous);
  }

  @Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED, order = RestAuditInterceptor.ORDER)
  public void deleted(IBaseResource resource, RequestDetails request) {
    written(request, resource, null);
  }

  private static void refuseAuditEvent(IBaseResource resource) {
    if (resource != null && "AuditEvent".equals(resource.fhirType())) {
      throw new ForbiddenOperationException(IMMUTABLE);
    }
  }

  private void written(RequestDetails request, IBaseResource resource, IBaseResource previous) {
    if (!recording) {
      return;
    }
    AuditDraft draft = AuditDraft.of(request);
    String tracking = EMessageRequests.trackingId(request).orElse(null);
    if (draft == null && tracking == null) {
      return;
    }
    Set<String> owners = new LinkedHashSet<>(owners(resource));
    owners.addAll(owners(previous));
    String ref = ref(resource);
    if (draft != null) {
      rest.written(request, draft, ref, owners);
    } else {
      EMessageAuditor.collect(tracking, ref, owners);
    }
  }

  private Set<String> owners(IBaseResource resource) {
    try {
      return compartment.owners(resource);
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  static String ref(IBaseResource resource) {
    IIdType id = resource.getIdElement();
    String type = id.getResourceType() != null ? id.getResourceType() : resource.fhirType();
    String ref = type + "/" + id.getIdPart();
    return id.hasVersionIdPart() ? ref + "/_history/" + id.getVersionIdPart() : ref;
  }
}
