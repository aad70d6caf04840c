package no.helsegateway.mappings.emessage;

/**
 * An identifier of a party as written in the message: value and its KITH type code (kodeverk 9051
 * for organisations, 8116 for persons), e.g. {@code 59} / {@code HER}.
 */
public record PartyId(String id, String type) {}
