package no.helsegateway.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading RF2 from folders and zips: module precedence, Full history, Delta ignored, progress. */
class Rf2LoadingTest {

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(Rf2LoadingTest.class.getResource("/rf2-fixtures/" + name).toURI());
  }

  private static ConceptTranslator load(Path release, LoadProgressListener listener) {
    return TerminologyLoader.load(
        TerminologyConfig.builder().snomedRelease(release).build(), listener);
  }

  private static List<String> targets(ConceptTranslator translator, String conceptId) {
    return translator.translate(TestData.toIcd10(conceptId, PatientContext.UNKNOWN)).stream()
        .map(t -> t.target().code() + "@" + t.mapVersion())
        .toList();
  }

  @Test
  void norwegianRowOverridesInternationalRowOfSameGroupAndPriority() throws Exception {
    ConceptTranslator translator = load(fixture("precedence"), LoadProgressListener.NONE);
    assertThat(targets(translator, "1000001"))
        .containsExactly(
            "A00.1@http://snomed.info/sct/51000202101/version/20240415",
            "B00.0@http://snomed.info/sct/449080006/version/20240101");
  }

  @Test
  void inactiveRowsAndOtherRefsetsAreNotMaps() throws Exception {
    ConceptTranslator translator = load(fixture("precedence"), LoadProgressListener.NONE);
    assertThat(translator.translateWithDetails(TestData.toIcd10("1000002", null)).mapFound())
        .isFalse();
    assertThat(translator.translateWithDetails(TestData.toIcd10("1000003", null)).mapFound())
        .isFalse();
  }

  @Test
  void fullFileKeepsLatestVersionOfEachMemberAndDeltaIsIgnored() throws Exception {
    ConceptTranslator translator = load(fixture("full"), LoadProgressListener.NONE);
    assertThat(targets(translator, "1000004"))
        .containsExactly("C00.1@http://snomed.info/sct/449080006/version/20230131");
    assertThat(translator.translateWithDetails(TestData.toIcd10("1000005", null)).mapFound())
        .isFalse();
  }

  @Test
  void zipReleaseIsReadWithoutUnpackingAndProgressIsReported(@TempDir Path tmp) throws Exception {
    Path zip = tmp.resolve("SnomedCT_Test_PRODUCTION.zip");
    Path source = fixture("precedence");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new ZipEntry("SnomedCT_Test/" + source.relativize(file)));
        copy(file, out);
        out.closeEntry();
      }
    }
    List<LoadProgress> progress = new CopyOnWriteArrayList<>();
    ConceptTranslator translator = load(zip, progress::add);
    assertThat(targets(translator, "1000001")).hasSize(2);
    assertThat(progress)
        .contains(
            new LoadProgress(
                "der2_iisssccRefset_ExtendedMapSnapshot_TEST_20250101.txt", 5, 3, true));
  }

  private static void copy(Path file, OutputStream out) throws IOException {
    Files.copy(file, out);
  }

  @Test
  void testDataLoadReportsEveryFile() {
    List<LoadProgress> progress = new CopyOnWriteArrayList<>();
    TerminologyLoader.load(TerminologyConfig.testData(), progress::add);
    assertThat(progress.stream().filter(LoadProgress::finished).map(LoadProgress::file))
        .contains(
            "sct2_Concept_Snapshot_INT_20210131.txt",
            "der2_iisssccRefset_ExtendedMapSnapshot_GatewayTest_20250101.txt",
            "icd10no-test-codes.tsv",
            "icpc2-test-codes.tsv",
            "icpc2-to-icd10no-test.csv");
  }
}
