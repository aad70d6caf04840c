package no.helsegateway.routes.emessage;

import org.hl7.fhir.r4.model.Bundle;

/** Port: commits one transaction Bundle to the FHIR store, joining the current transaction. */
public interface FhirStore {

  /**
   * @throws StoreRefusedException when the store refuses the content for good (a retry would give
   *     the same answer); any other exception is an infrastructure fault and is retried
   */
  void commit(Bundle transaction);
}
