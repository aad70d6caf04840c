package no.helsegateway.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier A rows of {@code sample_pairs.tsv} (the map specification's exemplars) are ground truth: for
 * each row whose concept is mapped in the shipped data, a patient that satisfies the row's rule
 * must get the row's target in the row's group (or no target when the row has none). Tier A-, A-NO
 * and B rows are not ground truth and are skipped.
 */
class TierAGroundTruthTest {

  record Pair(String conceptId, int group, int priority, String rule, String target, String term) {
    @Override
    public String toString() {
      return conceptId + " " + term + " [" + group + "/" + priority + " " + rule + "] -> " + target;
    }
  }

  private static final Pattern AGE = Pattern.compile("([<>]=?)\\s*([0-9.]+) years");

  static Stream<Pair> tierA() throws IOException {
    List<Pair> pairs = new ArrayList<>();
    try (InputStream in =
        Objects.requireNonNull(
            TierAGroundTruthTest.class.getResourceAsStream("/sample_pairs.tsv"))) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (String line : lines) {
        String[] f = line.split("\t", -1);
        if (line.startsWith("#") || !f[0].equals("A")) {
          continue; // comments, header, and every tier that is not ground truth
        }
        pairs.add(new Pair(f[1], Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5], f[6], f[2]));
      }
    }
    return pairs.stream()
        .filter(
            p ->
                TestData.embedded()
                    .translateWithDetails(TestData.toIcd10(p.conceptId(), PatientContext.UNKNOWN))
                    .mapFound());
  }

  /** A patient for whom this row's rule is the first that holds. */
  static PatientContext patientFor(Pair pair) {
    if (pair.rule().contains("248152002")) {
      return new PatientContext(40, PatientContext.Sex.FEMALE);
    }
    if (pair.rule().contains("248153007")) {
      return new PatientContext(40, PatientContext.Sex.MALE);
    }
    Matcher age = AGE.matcher(pair.rule());
    if (age.find()) {
      double threshold = Double.parseDouble(age.group(2));
      int years = (int) (age.group(1).startsWith("<") ? threshold - 5 : threshold + 5);
      return new PatientContext(years, PatientContext.Sex.OTHER);
    }
    if (pair.rule().equals("OTHERWISE TRUE")) {
      // stated sex neither female nor male, adult: every earlier sex/age rule of the exemplars
      // fails
      return new PatientContext(40, PatientContext.Sex.OTHER);
    }
    return PatientContext.UNKNOWN; // TRUE
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tierA")
  void evaluatorReproducesTheSpecificationExemplar(Pair pair) {
    TranslationOutcome outcome =
        TestData.embedded()
            .translateWithDetails(TestData.toIcd10(pair.conceptId(), patientFor(pair)));
    List<Translation> inGroup =
        outcome.translations().stream().filter(t -> t.mapGroup() == pair.group()).toList();
    if (pair.target().isEmpty()) {
      assertThat(inGroup).isEmpty();
      assertThat(outcome.notes()).anyMatch(n -> n.startsWith("Group " + pair.group() + ": no"));
    } else {
      assertThat(inGroup)
          .singleElement()
          .satisfies(t -> assertThat(t.target().code()).isEqualTo(pair.target()))
          .satisfies(t -> assertThat(t.mapPriority()).isEqualTo(pair.priority()))
          .satisfies(t -> assertThat(t.missingContext()).isEmpty());
    }
  }

  @org.junit.jupiter.api.Test
  void allTierAConceptsAreInTheShippedData() throws IOException {
    assertThat(tierA().map(Pair::conceptId).distinct()).hasSize(10);
  }
}
