package no.helsegateway.server.openehr.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Reads resources and their patients from the HAPI JPA store, in-process (no HTTP). */
public class JpaFhirSource implements FhirSource {

  private final DaoRegistry daos;
  private final FhirContext fhirContext;
  private final List<String> identifierSystems;

  public JpaFhirSource(DaoRegistry daos, FhirContext fhirContext, List<String> identifierSystems) {
    this.daos = daos;
    this.fhirContext = fhirContext;
    this.identifierSystems = List.copyOf(identifierSystems);
  }

  @Override
  public Optional<Resource> read(String type, String id, long version) {
    try {
      IFhirResourceDao<? extends IBaseResource> dao = daos.getResourceDao(type);
      IBaseResource r =
          dao.read(new IdType(type, id, String.valueOf(version)), new SystemRequestDetails());
      return Optional.ofNullable((Resource) r);
    } catch (BaseServerResponseException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Subject> subject(Resource resource) {
    Reference ref = patientReference(resource);
    if (ref == null || !ref.hasReference()) {
      return Optional.empty();
    }
    IdType id = new IdType(ref.getReference());
    if (!"Patient".equals(id.getResourceType())) {
      return Optional.empty();
    }
    Patient patient;
    try {
      patient =
          (Patient)
              daos.getResourceDao("Patient")
                  .read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (BaseServerResponseException e) {
      return Optional.empty();
    }
    for (String system : identifierSystems) {
      for (Identifier identifier : patient.getIdentifier()) {
        if (system.equals(identifier.getSystem()) && identifier.hasValue()) {
          return Optional.of(new Subject(identifier.getValue(), namespace(system)));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The EHR subject namespace for an identifier system. openEHR restricts PARTY_REF.namespace to
   * {@code [a-zA-Z][a-zA-Z0-9-_:/&+?]*} (no dots), so OIDs cannot be used as they are: the national
   * identifiers get short names, any other system its URI with the forbidden characters replaced by
   * '-'.
   */
  static String namespace(String system) {
    return switch (system) {
      case "urn:oid:2.16.578.1.12.4.1.4.1" -> "no-fnr";
      case "urn:oid:2.16.578.1.12.4.1.4.2" -> "no-dnr";
      case "urn:oid:2.16.578.1.12.4.1.4.3" -> "no-hnr";
      default -> system.replaceAll("[^a-zA-Z0-9\\-_:/&+?]", "-");
    };
  }

  private Reference patientReference(Resource resource) {
    for (String path : List.of("subject", "patient")) {
      if (fhirContext.getResourceDefinition(resource).getChildByName(path) != null) {
        List<Reference> refs = fhirContext.newTerser().getValues(resource, path, Reference.class);
        if (!refs.isEmpty()) {
          return refs.get(0);
        }
      }
    }
    return null;
  }
}
