package no.helsegateway.terminology;

import static no.helsegateway.terminology.TestData.age;
import static no.helsegateway.terminology.TestData.embedded;
import static no.helsegateway.terminology.TestData.female;
import static no.helsegateway.terminology.TestData.male;
import static no.helsegateway.terminology.TestData.toIcd10;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Rule evaluation of the SNOMED CT to ICD-10 extended map on the shipped test data (cases of the
 * map specification, sections 6.3 gender, 6.4 age, 6.6/6.8 multiple groups).
 */
class ExtendedMapTranslationTest {

  private static List<String> codes(TranslationOutcome outcome) {
    return outcome.translations().stream().map(t -> t.target().code()).toList();
  }

  private static TranslationOutcome translate(String conceptId, PatientContext patient) {
    return embedded().translateWithDetails(toIcd10(conceptId, patient));
  }

  @Nested
  class SexRules {
    @Test
    void femaleRuleChoosesFemaleTarget() {
      TranslationOutcome outcome = translate("8619003", female());
      assertThat(codes(outcome)).containsExactly("N97.9");
      Translation t = outcome.translations().get(0);
      assertThat(t.mapRule()).isEqualTo("IFA 248152002 | Female (finding) |");
      assertThat(t.mapAdvice()).startsWith("IF FEMALE CHOOSE N97.9");
      assertThat(t.contextDependent()).isFalse();
      assertThat(outcome.missingContext()).isEmpty();
    }

    @Test
    void maleRuleIsTriedAfterFemaleRuleFails() {
      TranslationOutcome outcome = translate("8619003", male());
      assertThat(codes(outcome)).containsExactly("N46");
      assertThat(outcome.translations().get(0).mapPriority()).isEqualTo(2);
    }

    @Test
    void unknownSexFallsToOtherwiseTrueWithoutTargetAndSaysSexIsMissing() {
      TranslationOutcome outcome = translate("8619003", PatientContext.UNKNOWN);
      assertThat(outcome.mapFound()).isTrue();
      assertThat(outcome.translations()).isEmpty();
      assertThat(outcome.missingContext()).containsExactly(PatientFact.SEX);
      assertThat(outcome.notes())
          .singleElement()
          .asString()
          .contains("CANNOT BE CLASSIFIED WITH AVAILABLE DATA")
          .contains("SEX");
    }

    @Test
    void statedSexOtherIsNeitherFemaleNorMaleAndNeedsNothing() {
      TranslationOutcome outcome =
          translate("8619003", new PatientContext(40, PatientContext.Sex.OTHER));
      assertThat(outcome.translations()).isEmpty();
      assertThat(outcome.missingContext()).isEmpty();
    }

    @Test
    void withoutOtherwiseRowAndUnknownSexNoRuleAppliesAndNothingIsGuessed() {
      TranslationOutcome outcome = translate("430556008", PatientContext.UNKNOWN);
      assertThat(outcome.translations()).isEmpty();
      assertThat(outcome.missingContext()).containsExactly(PatientFact.SEX);
      assertThat(outcome.notes()).singleElement().asString().contains("no rule applied");
      assertThat(codes(translate("430556008", male()))).containsExactly("C63.9");
    }
  }

  @Nested
  class AgeRules {
    @Test
    void childUnderFifteenGetsAcuteBronchitis() {
      assertThat(codes(translate("32398004", age(10)))).containsExactly("J20.9");
      assertThat(codes(translate("32398004", age(14)))).containsExactly("J20.9");
    }

    @Test
    void fifteenAndOlderGetOtherwiseTarget() {
      TranslationOutcome outcome = translate("32398004", age(15));
      assertThat(codes(outcome)).containsExactly("J40");
      assertThat(outcome.translations().get(0).mapRule()).isEqualTo("OTHERWISE TRUE");
      assertThat(outcome.translations().get(0).contextDependent()).isFalse();
    }

    @Test
    void unknownAgeGivesTheDefaultAndFlagsItAsContextDependent() {
      TranslationOutcome outcome = translate("32398004", PatientContext.UNKNOWN);
      assertThat(codes(outcome)).containsExactly("J40");
      assertThat(outcome.translations().get(0).missingContext()).containsExactly(PatientFact.AGE);
      assertThat(outcome.missingContext()).containsExactly(PatientFact.AGE);
    }

    @Test
    void ageRangeRuleWithAndOfSnowstormLiteRows() {
      // 12481008 (dummy rows): p1 >= 12 AND < 19 -> Z00.3, p2 < 19 -> Z00.2, p3 OTHERWISE -> none
      assertThat(codes(translate("12481008", age(15)))).containsExactly("Z00.3");
      assertThat(codes(translate("12481008", age(12)))).containsExactly("Z00.3");
      assertThat(codes(translate("12481008", age(11)))).containsExactly("Z00.2");
      assertThat(codes(translate("12481008", age(19)))).isEmpty();
      TranslationOutcome unknown = translate("12481008", PatientContext.UNKNOWN);
      assertThat(unknown.translations()).isEmpty();
      assertThat(unknown.missingContext()).containsExactly(PatientFact.AGE);
    }
  }

  @Nested
  class MultipleGroups {
    @Test
    void poisoningGivesOneTargetPerGroupInGroupOrder() {
      TranslationOutcome outcome = translate("767146004", PatientContext.UNKNOWN);
      assertThat(codes(outcome)).containsExactly("T57.0", "X48");
      assertThat(outcome.translations()).extracting(Translation::mapGroup).containsExactly(1, 2);
      assertThat(outcome.translations().get(1).mapAdvice())
          .isEqualTo(
              "ALWAYS X48 | POSSIBLE REQUIREMENT FOR PLACE OF OCCURRENCE | MAPPED FOLLOWING WHO"
                  + " GUIDANCE");
      assertThat(outcome.missingContext()).isEmpty();
    }

    @Test
    void daggerAndAsteriskCodes() {
      assertThat(codes(translate("111900000", PatientContext.UNKNOWN)))
          .containsExactly("B44.1", "J17.2");
      assertThat(codes(translate("20735004", PatientContext.UNKNOWN)))
          .containsExactly("A52.0", "I79.1");
    }
  }

  @Test
  void everyTranslationNamesMapVersionAndEquivalence() {
    Translation t = translate("6738008", PatientContext.UNKNOWN).translations().get(0);
    assertThat(t.mapId()).isEqualTo("http://snomed.info/sct?fhir_cm=447562003");
    assertThat(t.mapVersion()).isEqualTo("http://snomed.info/sct/449080006/version/20250101");
    assertThat(t.equivalence()).isEqualTo("relatedto");
    assertThat(t.mapCategoryId()).isEqualTo("447637006");
    assertThat(t.target())
        .isEqualTo(new Concept(CodeSystems.ICD10_NO, "N97.9", "Female infertility, unspecified"));
    assertThat(t.authoritative()).isTrue();
  }

  @Test
  void norwegianRowSaysItsModule() {
    Translation t = translate("276241001", PatientContext.UNKNOWN).translations().get(0);
    assertThat(t.target().code()).isEqualTo("F40.2");
    assertThat(t.mapVersion()).startsWith("http://snomed.info/sct/51000202101/");
  }

  @Test
  void whoIcd10UriAsTargetGivesTheSameCodesInThatSystem() {
    List<Translation> result =
        embedded()
            .translate(
                new TranslationRequest(
                    CodeSystems.SNOMED_CT, "2904007", CodeSystems.ICD10_WHO, null));
    assertThat(result)
        .singleElement()
        .satisfies(t -> assertThat(t.target().system()).isEqualTo(CodeSystems.ICD10_WHO))
        .satisfies(t -> assertThat(t.target().code()).isEqualTo("N46"));
  }

  @Test
  void unmappedConceptSaysNoMap() {
    TranslationOutcome outcome = translate("404684003", PatientContext.UNKNOWN);
    assertThat(outcome.mapFound()).isFalse();
    assertThat(outcome.translations()).isEmpty();
    assertThat(outcome.answeredBy()).isEqualTo("embedded");
  }
}
