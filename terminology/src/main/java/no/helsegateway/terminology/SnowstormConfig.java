package no.helsegateway.terminology;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach Snowstorm.
 *
 * @param baseUrl Snowstorm root, e.g. {@code http://snowstorm:8080}
 * @param branch branch of the native API, e.g. {@code MAIN/SNOMEDCT-NO}
 * @param fhirPath path of the FHIR API under the root, {@code /fhir}
 * @param snomedVersion edition URI for FHIR calls, e.g. {@code http://snomed.info/sct/51000202101}
 *     (with {@code /version/YYYYMMDD} to pin a release)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one request and its answer
 * @param maxAttempts attempts per call (1 = no retry); retried on I/O errors, timeouts and 5xx
 * @param initialBackoff wait before the second attempt; doubled for every further attempt
 * @param maxBackoff upper bound of a wait
 * @param failureThreshold failed calls in a row after which Snowstorm is skipped for {@code
 *     openDuration} (answers come from the fallback straight away)
 * @param openDuration how long Snowstorm is skipped
 * @param translateMode {@link TranslateMode#MEMBERS} (native members API: all rows with module,
 *     rules evaluated here; the default) or {@link TranslateMode#FHIR_TRANSLATE}
 * @param preferredModules modules whose map rows override others (Norwegian edition first)
 */
public record SnowstormConfig(
    URI baseUrl,
    String branch,
    String fhirPath,
    String snomedVersion,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int failureThreshold,
    Duration openDuration,
    TranslateMode translateMode,
    List<String> preferredModules) {

  /** Which Snowstorm API answers SNOMED CT to ICD-10 translations. */
  public enum TranslateMode {
    /** {@code GET /{branch}/members?referenceSet=447562003&referencedComponentId=...}. */
    MEMBERS,
    /**
     * {@code GET /fhir/ConceptMap/$translate}; Snowstorm leaves out rows without target and gives
     * the rules only in message texts, which are parsed.
     */
    FHIR_TRANSLATE
  }

  public SnowstormConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(fhirPath, "fhirPath");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(openDuration, "openDuration");
    Objects.requireNonNull(translateMode, "translateMode");
    if (maxAttempts < 1 || failureThreshold < 1) {
      throw new IllegalArgumentException("maxAttempts and failureThreshold must be >= 1");
    }
    preferredModules =
        preferredModules == null
            ? List.of(CodeSystems.SNOMED_NO_MODULE)
            : List.copyOf(preferredModules);
  }

  /**
   * Defaults for the Norwegian edition: branch {@code MAIN/SNOMEDCT-NO}, 2 s connect, 5 s request,
   * 3 attempts from 200 ms back-off (max 2 s), skip Snowstorm for 30 s after 5 failed calls.
   */
  public static SnowstormConfig defaults(URI baseUrl) {
    return new SnowstormConfig(
        baseUrl,
        "MAIN/SNOMEDCT-NO",
        "/fhir",
        CodeSystems.SNOMED_CT + "/" + CodeSystems.SNOMED_NO_MODULE,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        5,
        Duration.ofSeconds(30),
        TranslateMode.MEMBERS,
        null);
  }

  public SnowstormConfig withTimeouts(Duration connect, Duration request) {
    return new SnowstormConfig(
        baseUrl,
        branch,
        fhirPath,
        snomedVersion,
        connect,
        request,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        failureThreshold,
        openDuration,
        translateMode,
        preferredModules);
  }

  public SnowstormConfig withRetries(int attempts, Duration initial, Duration max) {
    return new SnowstormConfig(
        baseUrl,
        branch,
        fhirPath,
        snomedVersion,
        connectTimeout,
        requestTimeout,
        attempts,
        initial,
        max,
        failureThreshold,
        openDuration,
        translateMode,
        preferredModules);
  }

  public SnowstormConfig withCircuit(int threshold, Duration open) {
    return new SnowstormConfig(
        baseUrl,
        branch,
        fhirPath,
        snomedVersion,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        threshold,
        open,
        translateMode,
        preferredModules);
  }

  public SnowstormConfig withTranslateMode(TranslateMode mode) {
    return new SnowstormConfig(
        baseUrl,
        branch,
        fhirPath,
        snomedVersion,
        connectTimeout,
        requestTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        failureThreshold,
        openDuration,
        mode,
        preferredModules);
  }
}
