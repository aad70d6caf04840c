package no.helsegateway.terminology;

import java.util.ArrayList;
import java.util.List;
import no.helsegateway.terminology.internal.EmbeddedConceptTranslator;
import no.helsegateway.terminology.internal.codesystem.CodeList;
import no.helsegateway.terminology.internal.codesystem.CodeListReader;
import no.helsegateway.terminology.internal.map.CsvConceptMap;
import no.helsegateway.terminology.internal.map.CsvConceptMapReader;
import no.helsegateway.terminology.internal.snomed.SnomedData;
import no.helsegateway.terminology.internal.snomed.SnomedReleaseLoader;

/**
 * Loads the embedded terminology described by a {@link TerminologyConfig}: RF2 releases, code lists
 * and CSV maps are streamed file by file, progress goes to the listener, and the result is an
 * immutable, thread-safe {@link ConceptTranslator}. Load once at start-up and share it.
 */
public final class TerminologyLoader {

  private TerminologyLoader() {}

  /** Loads the test data shipped with this module. */
  public static ConceptTranslator loadTestData() {
    return load(TerminologyConfig.testData(), LoadProgressListener.NONE);
  }

  /** Loads the configured data; fails with an unchecked exception when a file cannot be read. */
  public static ConceptTranslator load(TerminologyConfig config, LoadProgressListener listener) {
    SnomedData snomed =
        new SnomedReleaseLoader(config.preferredModules(), config.languageRefsets(), listener)
            .load(config.snomedReleases());
    List<CodeList> codeLists = new ArrayList<>();
    codeLists.add(
        config.icd10Codes() == null
            ? CodeList.empty(CodeSystems.ICD10_NO)
            : CodeListReader.read(CodeSystems.ICD10_NO, config.icd10Codes(), listener));
    codeLists.add(
        config.icpc2Codes() == null
            ? CodeList.empty(CodeSystems.ICPC2_NO)
            : CodeListReader.read(CodeSystems.ICPC2_NO, config.icpc2Codes(), listener));
    List<CsvConceptMap> maps = new ArrayList<>();
    for (CsvMapSource source : config.csvMaps()) {
      maps.add(CsvConceptMapReader.read(source, listener));
    }
    return new EmbeddedConceptTranslator(snomed, codeLists, maps);
  }
}
