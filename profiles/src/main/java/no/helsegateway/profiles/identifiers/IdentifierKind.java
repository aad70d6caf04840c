package no.helsegateway.profiles.identifiers;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Norwegian identifier kinds the gateway checks, each with its preferred FHIR {@code
 * Identifier.system}. OIDs are those of the no-basis NamingSystems (see
 * shared/research/fhir-norway.md section 1.3).
 */
public enum IdentifierKind {
  /** Fødselsnummer, assigned by Skatteetaten (Folkeregisteret). */
  FODSELSNUMMER("urn:oid:2.16.578.1.12.4.1.4.1", "Fødselsnummer"),
  /** D-nummer: day + 40, assigned by Skatteetaten. */
  D_NUMMER("urn:oid:2.16.578.1.12.4.1.4.2", "D-nummer"),
  /** Felles hjelpenummer, assigned by Norsk helsenett. */
  FH_NUMMER("urn:oid:2.16.578.1.12.4.1.4.3", "FH-nummer"),
  /** Local H-nummer (hjelpenummer): month + 40; no-basis fixes the system to the literal "HNR". */
  H_NUMMER("HNR", "H-nummer"),
  /** HPR-nummer (Helsepersonellregisteret). */
  HPR_NUMMER("urn:oid:2.16.578.1.12.4.1.4.4", "HPR-nummer"),
  /** Organisasjonsnummer (Enhetsregisteret). */
  ORGANISASJONSNUMMER("urn:oid:2.16.578.1.12.4.1.4.101", "Organisasjonsnummer"),
  /** RESH-id (Register for enheter i spesialisthelsetjenesten). */
  RESH_ID("urn:oid:2.16.578.1.12.4.1.4.102", "RESH-id"),
  /** HER-id (Adresseregisteret, Norsk helsenett). */
  HER_ID("urn:oid:2.16.578.1.12.4.1.2", "HER-id");

  private final String system;
  private final String label;

  IdentifierKind(String system, String label) {
    this.system = system;
    this.label = label;
  }

  /** The preferred FHIR {@code Identifier.system} value. */
  public String system() {
    return system;
  }

  /** The Norwegian name used in messages. */
  public String label() {
    return label;
  }

  /** The kind whose preferred system equals {@code system}, if any. */
  public static Optional<IdentifierKind> forSystem(String system) {
    if (system == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(k -> k.system.equals(system)).findFirst();
  }
}
