package no.helsegateway.server.openehr.internal;

import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/** Where the consumer reads the stored FHIR resources from (the JPA store in the application). */
public interface FhirSource {

  /** One version of a resource; empty when it cannot be read (gone, purged). */
  Optional<Resource> read(String type, String id, long version);

  /** The EHR subject of a resource: its patient's national identifier; empty when it has none. */
  Optional<Subject> subject(Resource resource);

  /** The EHR subject: identifier value and its namespace (the identifier system). */
  record Subject(String id, String namespace) {}
}
