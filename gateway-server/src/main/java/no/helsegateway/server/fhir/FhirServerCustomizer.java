package no.helsegateway.server.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * A hook for features that add providers or interceptors to the FHIR server (validation,
 * terminology operations, security, audit) without editing the server's construction.
 */
@FunctionalInterface
public interface FhirServerCustomizer {
  void customize(RestfulServer server);
}
