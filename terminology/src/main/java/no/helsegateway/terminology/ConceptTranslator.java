package no.helsegateway.terminology;

import java.util.List;
import java.util.Optional;

/**
 * The one terminology API of the gateway: look-up, code validation and translation between code
 * systems (ICD-10 Norwegian edition, ICPC-2, SNOMED CT). Implementations: embedded (loaded maps and
 * code systems, see {@link TerminologyLoader}) and Snowstorm (REST client, falling back to
 * embedded, see {@link ConceptTranslators#snowstorm}). Implementations are thread-safe.
 *
 * <p>System URIs are accepted in all their known aliases and codes are normalised (see {@link
 * CodeSystems}).
 */
public interface ConceptTranslator {

  /** Finds a concept by system and code; empty when the code is unknown in that system. */
  Optional<Concept> lookup(String system, String code);

  /** Checks that a code exists in a system and, when a display is given, that it matches. */
  CodeValidation validateCode(String system, String code, String display);

  /**
   * Translates a code into the target system. An empty list means no map has the code, or the map
   * gives no target for this patient; {@link #translateWithDetails} tells the two apart. The caller
   * records unmapped codes, it never drops the code.
   */
  List<Translation> translate(TranslationRequest request);

  /**
   * Translates and tells why: whether a map had the code at all, which patient facts the map rules
   * needed but did not get, and which implementation answered. The default serves implementations
   * written against the first version of this interface.
   */
  default TranslationOutcome translateWithDetails(TranslationRequest request) {
    List<Translation> found = translate(request);
    return new TranslationOutcome(
        found, !found.isEmpty(), java.util.Set.of(), List.of(), getClass().getSimpleName());
  }
}
