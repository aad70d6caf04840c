package no.helsegateway.terminology;

import java.time.Clock;
import no.helsegateway.terminology.internal.snowstorm.SnowstormConceptTranslator;
import no.helsegateway.terminology.internal.snowstorm.SnowstormHttp;

/** Factories for the two {@link ConceptTranslator} implementations. */
public final class ConceptTranslators {
  private ConceptTranslators() {}

  /** The embedded translator on the given data; see {@link TerminologyLoader}. */
  public static ConceptTranslator embedded(
      TerminologyConfig config, LoadProgressListener listener) {
    return TerminologyLoader.load(config, listener);
  }

  /**
   * A Snowstorm client that answers SNOMED CT look-up, validation and SNOMED CT to ICD-10
   * translation from Snowstorm, and everything else, and everything when Snowstorm is down, times
   * out, answers 404/5xx or malformed JSON, from {@code fallback} (normally the embedded
   * translator).
   */
  public static ConceptTranslator snowstorm(SnowstormConfig config, ConceptTranslator fallback) {
    return new SnowstormConceptTranslator(
        config,
        new SnowstormHttp(config, SnowstormHttp.Sleeper.THREAD, Clock.systemUTC()),
        fallback);
  }
}
