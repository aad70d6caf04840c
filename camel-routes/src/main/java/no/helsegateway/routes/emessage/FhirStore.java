package no.helsegateway.routes.emessage;

import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import org.hl7.fhir.r4.model.Bundle;

/** Port: commits one transaction Bundle to the FHIR store, joining the current transaction. */
public interface FhirStore {

  /**
   * @throws StoreRefusedException when the store refuses the content for good (a retry would give
   *     the same answer); any other exception is an infrastructure fault and is retried
   */
  void commit(Bundle transaction);

  /**
   * Commits the translation of a message whose envelope is known (the store may record what the
   * envelope says, e.g. the care relationships of sender and receivers with the patient, in the
   * same transaction). By default the same as {@link #commit(Bundle)}.
   */
  default void commit(Bundle transaction, EnvelopeMetadata envelope) {
    commit(transaction);
  }
}
