package no.helsegateway.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Which patients a resource belongs to, by the FHIR Patient compartment definition: the patient
 * itself for a Patient, otherwise every patient its compartment search parameters point at ({@code
 * subject}, {@code patient}, {@code performer}, ...). Shared by authorisation and audit, so both
 * see the same owners.
 */
public final class PatientCompartment {

  private final FhirContext fhirContext;

  public PatientCompartment(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /**
   * The owners as unqualified, versionless ids ({@code Patient/123}); empty when the resource is in
   * no patient's compartment (an Organization, a CodeSystem, ...).
   */
  public Set<String> owners(IBaseResource resource) {
    Set<String> owners = new LinkedHashSet<>();
    if (resource == null) {
      return owners;
    }
    String type = fhirContext.getResourceType(resource);
    if ("Patient".equals(type)) {
      IIdType id = resource.getIdElement();
      if (id != null && id.hasIdPart()) {
        owners.add("Patient/" + id.getIdPart());
      }
      return owners;
    }
    FhirTerser terser = fhirContext.newTerser();
    List<IIdType> ids =
        terser.getCompartmentOwnersForResource("Patient", resource, Set.<String>of());
    for (IIdType id : ids) {
      if (id.hasIdPart() && (!id.hasResourceType() || "Patient".equals(id.getResourceType()))) {
        owners.add("Patient/" + id.getIdPart());
      }
    }
    return owners;
  }

  /** Whether the resource type can belong to a patient at all (has Patient compartment params). */
  public boolean inPatientCompartment(String resourceType) {
    return "Patient".equals(resourceType)
        || !fhirContext
            .getResourceDefinition(resourceType)
            .getSearchParamsForCompartmentName("Patient")
            .isEmpty();
  }
}
