package no.helsegateway.terminology.internal.map;

import java.util.EnumSet;
import java.util.Set;
import no.helsegateway.terminology.PatientFact;

/** Result of evaluating a map rule: true, false, or unknown because facts are missing. */
public record RuleVerdict(Value value, Set<PatientFact> missing) {

  /** Three-valued logic. */
  public enum Value {
    TRUE,
    FALSE,
    UNKNOWN
  }

  public static final RuleVerdict TRUE = new RuleVerdict(Value.TRUE, Set.of());
  public static final RuleVerdict FALSE = new RuleVerdict(Value.FALSE, Set.of());

  public RuleVerdict {
    missing = Set.copyOf(missing);
  }

  public static RuleVerdict unknown(PatientFact fact) {
    return new RuleVerdict(Value.UNKNOWN, Set.of(fact));
  }

  /** Kleene AND: false wins, then unknown (collecting what is missing), then true. */
  public RuleVerdict and(RuleVerdict other) {
    if (value == Value.FALSE || other.value == Value.FALSE) {
      return FALSE;
    }
    if (value == Value.UNKNOWN || other.value == Value.UNKNOWN) {
      Set<PatientFact> all = EnumSet.noneOf(PatientFact.class);
      all.addAll(missing);
      all.addAll(other.missing);
      return new RuleVerdict(Value.UNKNOWN, all);
    }
    return TRUE;
  }
}
