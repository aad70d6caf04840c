package no.helsegateway.mappings.openehr.internal;

/**
 * The patient summary template requires its problem, medication and allergy sections. A section for
 * which the source resource says nothing gets the template's own absence statement ("No information
 * about ..."), which is what the IPS prescribes for a summary that does not cover that topic.
 */
final class IpsSections {

  private static final String[][] SECTIONS = {
    {"problem_list", "problem_list/problem_diagnosis/", "No information about current problems"},
    {
      "medication_summary",
      "medication_summary/medication_statement/",
      "No information about medications"
    },
    {
      "allergies_intolerances",
      "allergies_intolerances/allergy_intolerance/",
      "No information about allergies"
    },
  };

  private IpsSections() {}

  static void fillAbsent(FlatComposition flat) {
    for (String[] section : SECTIONS) {
      String prefix = flat.root() + "/" + section[1];
      boolean present = flat.values().keySet().stream().anyMatch(k -> k.startsWith(prefix));
      if (!present) {
        flat.text(section[0] + "/absence_of_information/absence_statement", section[2]);
      }
    }
  }
}
