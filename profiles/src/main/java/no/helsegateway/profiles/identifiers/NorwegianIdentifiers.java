package no.helsegateway.profiles.identifiers;

import java.util.Optional;

/** Entry point: checks a value by its identifier kind or by its FHIR {@code Identifier.system}. */
public final class NorwegianIdentifiers {

  private NorwegianIdentifiers() {}

  /** Checks {@code value} as an identifier of {@code kind}. */
  public static IdentifierCheckResult check(IdentifierKind kind, String value) {
    return switch (kind) {
      case FODSELSNUMMER -> PersonNumbers.checkFodselsnummer(value);
      case D_NUMMER -> PersonNumbers.checkDNummer(value);
      case H_NUMMER -> PersonNumbers.checkHNummer(value);
      case FH_NUMMER -> PersonNumbers.checkFhNummer(value);
      case HPR_NUMMER -> OrganisationNumbers.checkHprNummer(value);
      case ORGANISASJONSNUMMER -> OrganisationNumbers.checkOrganisasjonsnummer(value);
      case RESH_ID -> OrganisationNumbers.checkReshId(value);
      case HER_ID -> OrganisationNumbers.checkHerId(value);
    };
  }

  /**
   * Checks {@code value} if {@code system} is one of the Norwegian identifier systems; empty when
   * the system is not one we check.
   */
  public static Optional<IdentifierCheckResult> checkBySystem(String system, String value) {
    return IdentifierKind.forSystem(system).map(kind -> check(kind, value));
  }
}
