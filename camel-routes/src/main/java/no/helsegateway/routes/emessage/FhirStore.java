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
   * Commits the Bundle of the message with this tracking id, so that what the store writes can be
   * traced back to the message (the openEHR outbox and the audit record name it). By default it is
   * {@link #commit(Bundle)}.
   */
  default void commit(String trackingId, Bundle transaction) {
    commit(transaction);
  }

  /**
   * Commits the translation of a message whose envelope is known: the store may also record what
   * the envelope says (the care relationships of sender and receivers with the patients) in the
   * same transaction. The pipeline calls this one; by default it is {@link #commit(String,
   * Bundle)}.
   */
  default void commit(String trackingId, Bundle transaction, EnvelopeMetadata envelope) {
    commit(trackingId, transaction);
  }
}
