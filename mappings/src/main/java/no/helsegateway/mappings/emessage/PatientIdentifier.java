package no.helsegateway.mappings.emessage;

/**
 * The patient's identifier as sent: KITH type (8116: FNR, DNR, ...), the FHIR identifier system it
 * maps to (may be {@code null} for types without a national namespace) and the value.
 */
public record PatientIdentifier(String type, String system, String value) {}
