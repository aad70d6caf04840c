package no.helsegateway.mappings.openehr.internal;

/** Plain text of a FHIR narrative: block elements become line breaks, whitespace is collapsed. */
final class Narrative {

  private Narrative() {}

  static String text(org.hl7.fhir.r4.model.Narrative narrative) {
    if (narrative == null || !narrative.hasDiv()) {
      return "";
    }
    String xhtml = narrative.getDivAsString();
    if (xhtml == null) {
      return "";
    }
    String text =
        xhtml
            .replaceAll("(?i)</(p|li|tr|div|h[1-6])>|<br\\s*/?>", "\n")
            .replaceAll("(?i)</t[dh]>", " ")
            .replaceAll("<[^>]+>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.replaceAll("\\s+", " ").trim();
      if (!trimmed.isEmpty()) {
        out.append(out.length() == 0 ? "" : "\n").append(trimmed);
      }
    }
    return out.toString();
  }
}
