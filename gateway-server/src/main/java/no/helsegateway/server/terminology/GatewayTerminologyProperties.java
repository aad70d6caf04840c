package no.helsegateway.server.terminology;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the terminology feature ({@code gateway.terminology.*}): where the embedded data come
 * from, whether Snowstorm answers first, and whether incoming coded diagnoses are enriched.
 *
 * @param data the embedded data; when nothing is named the small test sets shipped with the {@code
 *     terminology} module are loaded
 * @param snowstorm Snowstorm client settings; off unless {@code base-url} is set
 * @param enrichment enrichment of Condition/Observation/AllergyIntolerance codes on write
 * @param codeSystemVersions version reported by {@code CodeSystem/$lookup} per code system URI
 *     (canonical URIs, see {@code CodeSystems}); a system without entry reports no version
 */
@Validated
@ConfigurationProperties("gateway.terminology")
public record GatewayTerminologyProperties(
    @Valid @DefaultValue Data data,
    @Valid @DefaultValue Snowstorm snowstorm,
    @Valid @DefaultValue Enrichment enrichment,
    Map<String, String> codeSystemVersions) {

  public GatewayTerminologyProperties {
    codeSystemVersions = codeSystemVersions == null ? Map.of() : Map.copyOf(codeSystemVersions);
  }

  /**
   * Data locations. A value starting with {@code classpath:} is a classpath resource, anything else
   * a file or folder.
   *
   * @param snomedReleases RF2 releases (folder or zip), loaded in order
   * @param icd10Codes ICD-10 Norwegian edition code list
   * @param icpc2Codes ICPC-2 code list
   * @param csvMaps simple CSV maps (ICD-10 to SNOMED CT candidates, ICPC-2 to ICD-10, ...)
   */
  public record Data(
      @DefaultValue List<String> snomedReleases,
      String icd10Codes,
      String icpc2Codes,
      @Valid @DefaultValue List<CsvMap> csvMaps) {

    /** True when no location is named: the shipped test data are used. */
    public boolean useShippedTestData() {
      return snomedReleases.isEmpty()
          && (icd10Codes == null || icd10Codes.isBlank())
          && (icpc2Codes == null || icpc2Codes.isBlank())
          && csvMaps.isEmpty();
    }
  }

  /**
   * One CSV map.
   *
   * @param sourceSystem source code system URI
   * @param targetSystem target code system URI
   * @param location file or {@code classpath:} resource
   * @param authoritative false for candidate look-ups against a one-way map
   */
  public record CsvMap(
      @NotBlank String sourceSystem,
      @NotBlank String targetSystem,
      @NotBlank String location,
      @DefaultValue("true") boolean authoritative) {}

  /**
   * Snowstorm. SNOMED CT look-ups, validation and SNOMED CT to ICD-10 translation go to Snowstorm
   * first and to the embedded data when it is down or slow.
   *
   * @param baseUrl Snowstorm root (e.g. {@code http://snowstorm:8080}); empty = Snowstorm off
   * @param branch branch of the native API
   * @param connectTimeout TCP connect timeout
   * @param requestTimeout time allowed for one request
   * @param maxAttempts attempts per call (1 = no retry)
   * @param initialBackoff wait before the second attempt, doubled per attempt
   * @param maxBackoff upper bound of a wait
   */
  public record Snowstorm(
      URI baseUrl,
      @DefaultValue("MAIN/SNOMEDCT-NO") @NotBlank String branch,
      @DefaultValue("2s") @NotNull Duration connectTimeout,
      @DefaultValue("5s") @NotNull Duration requestTimeout,
      @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
      @DefaultValue("200ms") @NotNull Duration initialBackoff,
      @DefaultValue("2s") @NotNull Duration maxBackoff) {

    public boolean enabled() {
      return baseUrl != null && !baseUrl.toString().isBlank();
    }
  }

  /**
   * Enrichment on write.
   *
   * @param enabled add derived ICD-10/SNOMED CT codings and record unmapped codes
   */
  public record Enrichment(@DefaultValue("true") boolean enabled) {}
}
