package no.helsegateway.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.PatientFact;
import no.helsegateway.terminology.internal.map.MapRule;
import no.helsegateway.terminology.internal.map.MapRuleParser;
import no.helsegateway.terminology.internal.map.RuleVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapRule grammar (map specification Appendix A) and three-valued evaluation. */
class MapRuleParserTest {

  private final MapRuleParser parser = new MapRuleParser();

  private RuleVerdict.Value eval(String rule, Integer age, PatientContext.Sex sex) {
    return parser.parse(rule).evaluate(new PatientContext(age, sex)).value();
  }

  @Test
  void trueAndOtherwiseTrue() {
    assertThat(parser.parse("TRUE")).isInstanceOf(MapRule.Always.class);
    assertThat(parser.parse("OTHERWISE TRUE")).isInstanceOf(MapRule.Otherwise.class);
  }

  @Test
  void sexRules() {
    String female = "IFA 248152002 | Female (finding) |";
    assertThat(eval(female, null, PatientContext.Sex.FEMALE)).isEqualTo(RuleVerdict.Value.TRUE);
    assertThat(eval(female, null, PatientContext.Sex.MALE)).isEqualTo(RuleVerdict.Value.FALSE);
    assertThat(eval(female, 30, null)).isEqualTo(RuleVerdict.Value.UNKNOWN);
    assertThat(parser.parse(female).evaluate(PatientContext.UNKNOWN).missing())
        .containsExactly(PatientFact.SEX);
  }

  @ParameterizedTest(name = "{0} at age {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 12.0 years;11;TRUE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 12.0 years;12;FALSE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | >= 65.0 years;65;TRUE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | >= 65.0 years;64;FALSE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 28.0 days;0;UNKNOWN",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 28.0 days;1;FALSE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 2.0 years;1;TRUE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | > 18 months;2;TRUE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | <= 1.0 years;1;UNKNOWN",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | >= 12.0 years AND"
            + " IFA 445518008 | Age at onset of clinical finding (observable entity) | < 19.0"
            + " years;18;TRUE",
        "IFA 445518008 | Age at onset of clinical finding (observable entity) | >= 12.0 years AND"
            + " IFA 445518008 | Age at onset of clinical finding (observable entity) | < 19.0"
            + " years;19;FALSE"
      })
  void ageRules(String rule, int age, RuleVerdict.Value expected) {
    assertThat(eval(rule, age, null)).isEqualTo(expected);
  }

  @Test
  void unknownAgeIsUnknownNotFalse() {
    RuleVerdict verdict =
        parser
            .parse(
                "IFA 445518008 | Age at onset of clinical finding (observable entity) | < 15.0 years")
            .evaluate(PatientContext.UNKNOWN);
    assertThat(verdict.value()).isEqualTo(RuleVerdict.Value.UNKNOWN);
    assertThat(verdict.missing()).containsExactly(PatientFact.AGE);
  }

  @Test
  void falseClauseMakesConjunctionFalseEvenWithUnknownParts() {
    String rule =
        "IFA 248152002 | Female (finding) | AND IFA 445518008 | Age at onset of clinical finding"
            + " (observable entity) | < 19.0 years";
    assertThat(eval(rule, 40, null)).isEqualTo(RuleVerdict.Value.FALSE);
    assertThat(eval(rule, null, PatientContext.Sex.FEMALE)).isEqualTo(RuleVerdict.Value.UNKNOWN);
  }

  @Test
  void otherConceptsAndGarbageAreNeverGuessed() {
    RuleVerdict comorbidity =
        parser
            .parse("IFA 38341003 | Hypertensive disorder, systemic arterial (disorder) |")
            .evaluate(new PatientContext(50, PatientContext.Sex.MALE));
    assertThat(comorbidity.missing()).containsExactly(PatientFact.OTHER_CONDITION);
    RuleVerdict garbage =
        parser.parse("IF SOMETHING ELSE").evaluate(new PatientContext(50, PatientContext.Sex.MALE));
    assertThat(garbage.value()).isEqualTo(RuleVerdict.Value.UNKNOWN);
    assertThat(garbage.missing()).containsExactly(PatientFact.UNPARSEABLE_RULE);
  }
}
