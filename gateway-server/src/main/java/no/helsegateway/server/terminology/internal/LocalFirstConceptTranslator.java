package no.helsegateway.server.terminology.internal;

import java.util.List;
import java.util.Optional;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;

/**
 * Asks the locally loaded data first and the remote server (Snowstorm) only for what the local data
 * does not know: an unknown code, an invalid code, or a code with no map. Local answers are fast
 * and always available; the remote server widens coverage without becoming a dependency of every
 * write.
 */
public final class LocalFirstConceptTranslator implements ConceptTranslator {

  private final ConceptTranslator local;
  private final ConceptTranslator remote;

  public LocalFirstConceptTranslator(ConceptTranslator local, ConceptTranslator remote) {
    this.local = local;
    this.remote = remote;
  }

  @Override
  public Optional<Concept> lookup(String system, String code) {
    Optional<Concept> found = local.lookup(system, code);
    return found.isPresent() ? found : remote.lookup(system, code);
  }

  @Override
  public CodeValidation validateCode(String system, String code, String display) {
    CodeValidation validation = local.validateCode(system, code, display);
    return validation.valid() ? validation : remote.validateCode(system, code, display);
  }

  @Override
  public List<Translation> translate(TranslationRequest request) {
    return translateWithDetails(request).translations();
  }

  @Override
  public TranslationOutcome translateWithDetails(TranslationRequest request) {
    TranslationOutcome outcome = local.translateWithDetails(request);
    return outcome.mapFound() ? outcome : remote.translateWithDetails(request);
  }
}
