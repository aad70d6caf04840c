package no.helsegateway.terminology;

import java.util.List;
import java.util.Optional;

/**
 * The one terminology API of the gateway: look-up, code validation and translation between code
 * systems (ICD-10 Norwegian edition, ICPC-2, SNOMED CT). Implementations: embedded (loaded maps and
 * code systems) and Snowstorm (REST client, falling back to embedded).
 */
public interface ConceptTranslator {

  /** Finds a concept by system and code; empty when the code is unknown in that system. */
  Optional<Concept> lookup(String system, String code);

  /** Checks that a code exists in a system and, when a display is given, that it matches. */
  CodeValidation validateCode(String system, String code, String display);

  /**
   * Translates a code into the target system. An empty list means no map has the code; the caller
   * records it as unmapped, it never drops the code.
   */
  List<Translation> translate(TranslationRequest request);
}
