package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IDomainResource;

/**
 * The read side of authorisation, in HAPI's consent framework: every resource on its way to the
 * caller (reads, search results, includes, history, operation output, transaction and batch
 * responses, later pages) is checked with {@link Visibility} and against the scopes; rejected ones
 * are left out as if they did not exist, and HAPI suppresses {@code Bundle.total}. Trusted requests
 * (no principal) are authorised at once and skip all of it.
 */
public final class GatewayConsentService implements IConsentService {

  /** Types that carry no data of their own (containers and answers). */
  static final Set<String> ENVELOPES =
      Set.of("Bundle", "OperationOutcome", "Parameters", "CapabilityStatement");

  private final AccessPolicy policy;
  private final Visibility visibility;

  public GatewayConsentService(AccessPolicy policy, Visibility visibility) {
    this.policy = policy;
    this.visibility = visibility;
  }

  @Override
  public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
    if (policy.of(request).isEmpty() || outsideEveryPatient(request)) {
      return ConsentOutcome.AUTHORIZED;
    }
    return ConsentOutcome.PROCEED;
  }

  /**
   * A plain type search of a type that belongs to no patient (StructureDefinition, Organization,
   * CodeSystem, ...) and pulls in nothing else: every match is visible once the scope check has let
   * the search through (Visibility shows resources without patient owners), so nothing needs
   * filtering and HAPI may keep {@code Bundle.total}. Bundle and Binary stay filtered: they can
   * carry patient data without being in the compartment.
   */
  private boolean outsideEveryPatient(RequestDetails request) {
    String type = request.getResourceName();
    if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE
        || type == null
        || "Bundle".equals(type)
        || "Binary".equals(type)
        || ScopeInterceptor.AUDIT_TYPE.equals(type)
        || visibility.inPatientCompartment(type)) {
      return false;
    }
    if (request.getParameters() != null) {
      for (String name : request.getParameters().keySet()) {
        if (name.startsWith("_include")
            || name.startsWith("_revinclude")
            || name.startsWith("_has")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A read or vread of a hidden resource fails exactly as one of a missing id does (HAPI's own
   * rejection would say HAPI-1995 where a missing id says HAPI-2001).
   */
  @Override
  public ConsentOutcome canSeeResource(
      RequestDetails request, IBaseResource resource, IConsentContextServices services) {
    if (decide(request, resource) != Verdict.HIDDEN) {
      return ConsentOutcome.PROCEED;
    }
    RestOperationTypeEnum op = request == null ? null : request.getRestOperationType();
    if (op == RestOperationTypeEnum.READ || op == RestOperationTypeEnum.VREAD) {
      throw new ResourceNotFoundException(
          Msg.code(2001)
              + "Resource "
              + resource.getIdElement().toUnqualifiedVersionless().getValue()
              + " is not known");
    }
    return ConsentOutcome.REJECT;
  }

  /**
   * A visible resource that holds no other resource (a domain resource without {@code contained})
   * is {@code AUTHORIZED}: HAPI then does not walk its elements looking for nested resources, which
   * cost about 2 % of a secured read. Envelopes and resources with contained ones stay {@code
   * PROCEED}, so that every resource inside them is checked on its own.
   */
  @Override
  public ConsentOutcome willSeeResource(
      RequestDetails request, IBaseResource resource, IConsentContextServices services) {
    return switch (decide(request, resource)) {
      case HIDDEN -> ConsentOutcome.REJECT;
      case VISIBLE ->
          resource instanceof IDomainResource domain && domain.getContained().isEmpty()
              ? ConsentOutcome.AUTHORIZED
              : ConsentOutcome.PROCEED;
      case UNCHECKED -> ConsentOutcome.PROCEED;
    };
  }

  /** What the gateway's rules say of one resource. */
  enum Verdict {
    /** Not for these rules: a trusted request, an envelope, an AuditEvent. */
    UNCHECKED,
    /** Checked, the caller may see it. */
    VISIBLE,
    /** Checked, the caller may not see it. */
    HIDDEN
  }

  private Verdict decide(RequestDetails request, IBaseResource resource) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null || resource == null) {
      return Verdict.UNCHECKED;
    }
    String type = resource.fhirType();
    if (ENVELOPES.contains(type) || ScopeInterceptor.AUDIT_TYPE.equals(type)) {
      // AuditEvents: the access log applies its own rules (auditors all, a patient their own)
      return Verdict.UNCHECKED;
    }
    if (!access.scopes().mayShow(type)) {
      return Verdict.HIDDEN;
    }
    return visibility.maySee(access, resource) ? Verdict.VISIBLE : Verdict.HIDDEN;
  }
}
