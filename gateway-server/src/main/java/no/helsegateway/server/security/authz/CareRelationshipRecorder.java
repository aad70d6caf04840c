package no.helsegateway.server.security.authz;

/**
 * Records that an organisation (organisation number) has a care relationship with a patient ({@code
 * Patient/<id>}), joining the caller's transaction; for channels outside the FHIR API (the
 * e-message pipeline records the sender and receivers of each stored message).
 */
@FunctionalInterface
public interface CareRelationshipRecorder {

  /** Source of relationships from e-messages. */
  String EMESSAGE = "emessage";

  void record(String orgnr, String patientRef, String source);

  CareRelationshipRecorder NONE = (orgnr, patient, source) -> {};
}
