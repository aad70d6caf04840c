package no.helsegateway.server.security;

import java.util.List;

/**
 * The care-relationship attestation of the national trust framework (Tillitsrammeverk) as carried
 * in a HelseID access token ({@code authorization_details} of type {@code
 * nhn:tillitsrammeverk:parameters}, or an {@code attestation} object): why this user may see these
 * patients.
 *
 * @param purposeOfUse code from HL7 PurposeOfUse ({@code urn:oid:2.16.840.1.113883.1.11.20448}):
 *     TREAT, ETREAT, COC or BTG
 * @param purposeOfUseDetails code of the local access decision (may be null)
 * @param decisionRefId reference to the local access decision (may be null)
 * @param decisionRefDescription machine text of that decision; for break-the-glass the reason (free
 *     text: never shown to the patient)
 * @param userSelected whether the user gave themselves access (self-authorisation)
 * @param healthcareService code of the healthcare service (e.g. kodeverk 8663), may be null
 * @param patientIdentifiers national identifiers (fnr/dnr/hnr) of the patients attested, never null
 * @param timeOfAttestation {@code toa}, epoch seconds, 0 if absent
 */
public record Attestation(
    String purposeOfUse,
    String purposeOfUseDetails,
    String decisionRefId,
    String decisionRefDescription,
    boolean userSelected,
    String healthcareService,
    List<String> patientIdentifiers,
    long timeOfAttestation) {

  public static final String PURPOSE_OF_USE_SYSTEM = "urn:oid:2.16.840.1.113883.1.11.20448";

  public Attestation {
    patientIdentifiers = patientIdentifiers == null ? List.of() : List.copyOf(patientIdentifiers);
  }

  public boolean breakTheGlass() {
    return "BTG".equals(purposeOfUse);
  }
}
