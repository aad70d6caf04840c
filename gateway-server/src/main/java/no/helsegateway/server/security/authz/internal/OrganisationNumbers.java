package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * Organisation numbers named by a resource's references: a logical reference with an orgnr
 * identifier ({@value Shields#ORGNR_SYSTEM}), or a literal reference to an Organization that has
 * one.
 */
public final class OrganisationNumbers {

  /**
   * Where a resource names the organisation that authored or sent it: a system client may write
   * only as its own organisation.
   */
  static final Map<String, List<String>> AUTHOR_PATHS =
      Map.of(
          "Composition", List.of("Composition.author", "Composition.custodian"),
          "Communication", List.of("Communication.sender"),
          "CommunicationRequest", List.of("CommunicationRequest.sender"),
          "ServiceRequest", List.of("ServiceRequest.requester"),
          "MedicationRequest", List.of("MedicationRequest.requester"),
          "DocumentReference", List.of("DocumentReference.author", "DocumentReference.custodian"),
          "Task", List.of("Task.requester"),
          "DiagnosticReport", List.of("DiagnosticReport.performer"));

  private final FhirContext fhirContext;
  private final DaoRegistry daos;

  public OrganisationNumbers(FhirContext fhirContext, DaoRegistry daos) {
    this.fhirContext = fhirContext;
    this.daos = daos;
  }

  /** The orgnrs a resource names as its author or sender. */
  public Set<String> authors(IBaseResource resource) {
    List<String> paths = AUTHOR_PATHS.get(resource.fhirType());
    Set<String> out = new LinkedHashSet<>();
    if (paths == null) {
      return out;
    }
    FhirTerser terser = fhirContext.newTerser();
    for (String path : paths) {
      for (IBase value : terser.getValues(resource, path)) {
        if (value instanceof Reference ref) {
          String orgnr = orgnr(ref);
          if (orgnr != null) {
            out.add(orgnr);
          }
        }
      }
    }
    return out;
  }

  /** The orgnr of the organisation a reference points at, or null. */
  public String orgnr(Reference ref) {
    if (ref == null) {
      return null;
    }
    Identifier id = ref.getIdentifier();
    if (id != null && Shields.ORGNR_SYSTEM.equals(id.getSystem()) && id.hasValue()) {
      return id.getValue();
    }
    IBaseResource target = ref.getResource();
    if (target == null
        && ref.hasReference()
        && ref.getReferenceElement().getResourceType() != null
        && "Organization".equals(ref.getReferenceElement().getResourceType())
        && ref.getReferenceElement().hasIdPart()
        && !ref.getReference().startsWith("urn:")) {
      try {
        target =
            daos.getResourceDao("Organization")
                .read(
                    ref.getReferenceElement().toUnqualifiedVersionless(),
                    new SystemRequestDetails());
      } catch (BaseServerResponseException e) {
        return null;
      }
    }
    if (target instanceof Organization org) {
      for (Identifier i : org.getIdentifier()) {
        if (Shields.ORGNR_SYSTEM.equals(i.getSystem()) && i.hasValue()) {
          return i.getValue();
        }
      }
    }
    return null;
  }
}
