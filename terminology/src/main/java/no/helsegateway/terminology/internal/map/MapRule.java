package no.helsegateway.terminology.internal.map;

import java.util.List;
import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.PatientFact;

/**
 * A parsed mapRule of the SNOMED CT to ICD-10 extended map (grammar: map specification Appendix A):
 * {@code TRUE}, {@code OTHERWISE TRUE}, or IFA clauses joined by {@code AND}.
 */
public sealed interface MapRule {

  RuleVerdict evaluate(PatientContext patient);

  /** {@code TRUE}: always applies. */
  record Always() implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      return RuleVerdict.TRUE;
    }
  }

  /** {@code OTHERWISE TRUE}: the default of a group when no earlier rule applied. */
  record Otherwise() implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      return RuleVerdict.TRUE;
    }
  }

  /** Clauses that must all hold. */
  record AllOf(List<MapRule> clauses) implements MapRule {
    public AllOf {
      clauses = List.copyOf(clauses);
    }

    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      RuleVerdict verdict = RuleVerdict.TRUE;
      for (MapRule clause : clauses) {
        verdict = verdict.and(clause.evaluate(patient));
      }
      return verdict;
    }
  }

  /** {@code IFA 248152002 | Female (finding) |} or the male finding 248153007. */
  record SexIs(PatientContext.Sex sex) implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      PatientContext.Sex given = patient.sex();
      if (given == null || given == PatientContext.Sex.UNKNOWN) {
        return RuleVerdict.unknown(PatientFact.SEX);
      }
      return given == sex ? RuleVerdict.TRUE : RuleVerdict.FALSE;
    }
  }

  /**
   * {@code IFA 445518008 | Age at onset of clinical finding (observable entity) | < 12.0 years}.
   * The patient's age in whole years {@code Y} means an age in {@code [Y, Y+1)}: the clause is true
   * or false only when the whole interval is on one side of the threshold, otherwise unknown (e.g.
   * age 0 against {@code < 28.0 days}).
   */
  record AgeCompare(String operator, double thresholdYears) implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      Integer years = patient.ageInYears();
      if (years == null || years < 0) {
        return RuleVerdict.unknown(PatientFact.AGE);
      }
      double low = years;
      double high = years + 1.0; // exclusive
      boolean allBelow = high <= thresholdYears; // every age in the interval is < threshold
      boolean allAtOrAbove = low >= thresholdYears;
      boolean allAbove = low > thresholdYears;
      boolean allAtOrBelow = high <= thresholdYears; // ages < high <= t, so <= t
      Boolean result =
          switch (operator) {
            case "<" -> allBelow ? Boolean.TRUE : allAtOrAbove ? Boolean.FALSE : null;
            case ">=" -> allAtOrAbove ? Boolean.TRUE : allBelow ? Boolean.FALSE : null;
            case ">" -> allAbove ? Boolean.TRUE : allAtOrBelow ? Boolean.FALSE : null;
            case "<=" -> allAtOrBelow ? Boolean.TRUE : allAbove ? Boolean.FALSE : null;
            default -> null;
          };
      if (result == null) {
        return RuleVerdict.unknown(PatientFact.AGE);
      }
      return result ? RuleVerdict.TRUE : RuleVerdict.FALSE;
    }
  }

  /** {@code IFA <concept>} for another finding of the patient: never known here. */
  record HasCondition(String conceptId) implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      return RuleVerdict.unknown(PatientFact.OTHER_CONDITION);
    }
  }

  /** A rule text this parser does not understand; never guessed to be true. */
  record Unparseable(String text) implements MapRule {
    @Override
    public RuleVerdict evaluate(PatientContext patient) {
      return RuleVerdict.unknown(PatientFact.UNPARSEABLE_RULE);
    }
  }
}
