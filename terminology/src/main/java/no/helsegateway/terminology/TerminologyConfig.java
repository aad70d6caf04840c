package no.helsegateway.terminology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the embedded terminology data come from. {@link #testData()} is the default: the small test
 * sets on the classpath. For production, point it at full releases:
 *
 * <pre>{@code
 * TerminologyConfig config = TerminologyConfig.builder()
 *     .snomedRelease(Path.of("/data/SnomedCT_InternationalRF2_PRODUCTION_20250101T120000Z.zip"))
 *     .snomedRelease(Path.of("/data/SnomedCT_ManagedServiceNO_PRODUCTION_NO1000202_20250415"))
 *     .icd10Codes(Path.of("/data/icd10no/kodeliste.tsv"))
 *     .icpc2Codes(Path.of("/data/icpc2/icpc2.tsv"))
 *     .csvMap(new CsvMapSource(CodeSystems.ICPC2_NO, CodeSystems.ICD10_NO,
 *         DataLocation.file(Path.of("/data/maps/icpc2-icd10.csv")), true))
 *     .build();
 * }</pre>
 *
 * @param snomedReleases RF2 releases (folder or zip, Snapshot preferred over Full), loaded in
 *     order; rows of {@code preferredModules} win over others
 * @param icd10Codes ICD-10 Norwegian edition code list (tab, semicolon or comma separated; code and
 *     text columns), or null
 * @param icpc2Codes ICPC-2 code list, same format, or null
 * @param csvMaps simple maps (ICD-10 to SNOMED CT, ICPC-2 to ICD-10, ...)
 * @param preferredModules SNOMED CT modules whose map rows override others for the same concept,
 *     group and priority; default the Norwegian edition 51000202101
 * @param languageRefsets language refsets whose preferred synonym becomes the display, in order of
 *     preference (default nb 61000202103, nn 91000202106); the FSN otherwise
 */
public record TerminologyConfig(
    List<DataLocation> snomedReleases,
    DataLocation icd10Codes,
    DataLocation icpc2Codes,
    List<CsvMapSource> csvMaps,
    List<String> preferredModules,
    List<String> languageRefsets) {

  static final String TEST_DATA = "no/helsegateway/terminology/testdata/";

  /**
   * Norwegian bokmål, then nynorsk. English language refsets (900000000000508004 GB, ...509007 US)
   * may be added; they cost about 100 bytes of heap per description while loading, so without them
   * concepts with no Norwegian term show their FSN.
   */
  public static final List<String> DEFAULT_LANGUAGE_REFSETS = List.of("61000202103", "91000202106");

  public TerminologyConfig {
    snomedReleases = List.copyOf(Objects.requireNonNull(snomedReleases, "snomedReleases"));
    csvMaps = List.copyOf(Objects.requireNonNull(csvMaps, "csvMaps"));
    preferredModules =
        preferredModules == null
            ? List.of(CodeSystems.SNOMED_NO_MODULE)
            : List.copyOf(preferredModules);
    languageRefsets =
        languageRefsets == null ? DEFAULT_LANGUAGE_REFSETS : List.copyOf(languageRefsets);
  }

  /** The small test sets shipped with this module (see testdata/PROVENANCE.md). */
  public static TerminologyConfig testData() {
    return new TerminologyConfig(
        List.of(DataLocation.classpath(TEST_DATA + "snomed")),
        DataLocation.classpath(TEST_DATA + "icd10no/icd10no-test-codes.tsv"),
        DataLocation.classpath(TEST_DATA + "icpc2/icpc2-test-codes.tsv"),
        List.of(
            new CsvMapSource(
                CodeSystems.ICD10_NO,
                CodeSystems.SNOMED_CT,
                DataLocation.classpath(TEST_DATA + "maps/icd10no-to-snomed-test.csv"),
                false),
            new CsvMapSource(
                CodeSystems.ICPC2_NO,
                CodeSystems.ICD10_NO,
                DataLocation.classpath(TEST_DATA + "maps/icpc2-to-icd10no-test.csv"),
                true)),
        null,
        null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a configuration for full releases; nothing is loaded unless named. */
  public static final class Builder {
    private final List<DataLocation> snomed = new ArrayList<>();
    private DataLocation icd10;
    private DataLocation icpc2;
    private final List<CsvMapSource> maps = new ArrayList<>();
    private List<String> preferredModules;
    private List<String> languageRefsets;

    public Builder snomedRelease(Path folderOrZip) {
      return snomedRelease(DataLocation.file(folderOrZip));
    }

    public Builder snomedRelease(DataLocation location) {
      snomed.add(location);
      return this;
    }

    public Builder icd10Codes(Path file) {
      return icd10Codes(DataLocation.file(file));
    }

    public Builder icd10Codes(DataLocation location) {
      this.icd10 = location;
      return this;
    }

    public Builder icpc2Codes(Path file) {
      return icpc2Codes(DataLocation.file(file));
    }

    public Builder icpc2Codes(DataLocation location) {
      this.icpc2 = location;
      return this;
    }

    public Builder csvMap(CsvMapSource source) {
      maps.add(source);
      return this;
    }

    public Builder preferredModules(List<String> modules) {
      this.preferredModules = modules;
      return this;
    }

    public Builder languageRefsets(List<String> refsets) {
      this.languageRefsets = refsets;
      return this;
    }

    public TerminologyConfig build() {
      return new TerminologyConfig(snomed, icd10, icpc2, maps, preferredModules, languageRefsets);
    }
  }
}
