package no.helsegateway.terminology.internal.map;

import java.util.Set;
import no.helsegateway.terminology.PatientFact;

/**
 * What one map group gave for a patient.
 *
 * @param mapGroup the group
 * @param chosen the row whose rule applied, or null when none applied
 * @param missing facts that earlier rules of the group needed and did not get
 */
public record GroupResult(int mapGroup, ExtendedMapRow chosen, Set<PatientFact> missing) {
  public GroupResult {
    missing = Set.copyOf(missing);
  }
}
