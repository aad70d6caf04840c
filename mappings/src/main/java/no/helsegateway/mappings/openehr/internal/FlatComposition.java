package no.helsegateway.mappings.openehr.internal;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * FLAT (simSDT) paths of one composition under construction. Paths given to the setters are
 * relative to the template's root id; the composition-level context is filled by the mapper.
 */
public final class FlatComposition {

  private final String root;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private String startTime;

  public FlatComposition(String root) {
    this.root = root;
  }

  public String root() {
    return root;
  }

  /** The clinical time of the composition ({@code context/start_time}), ISO 8601. */
  public Optional<String> startTime() {
    return Optional.ofNullable(startTime);
  }

  public FlatComposition startTime(BaseDateTimeType time) {
    if (time != null && time.hasValue()) {
      startTime = time.getValueAsString();
    }
    return this;
  }

  public FlatComposition put(String path, Object value) {
    if (value != null) {
      values.put(root + "/" + path, value);
    }
    return this;
  }

  public FlatComposition text(String path, String text) {
    return text == null || text.isBlank() ? this : put(path, text);
  }

  public FlatComposition dateTime(String path, BaseDateTimeType time) {
    return time == null || !time.hasValue() ? this : put(path, time.getValueAsString());
  }

  public FlatComposition quantity(String path, BigDecimal magnitude, String unit) {
    put(path + "|magnitude", magnitude);
    return put(path + "|unit", unit);
  }

  /** A percentage as DV_PROPORTION (type 2, denominator 100). */
  public FlatComposition percent(String path, BigDecimal numerator) {
    put(path + "|numerator", numerator);
    put(path + "|denominator", 100);
    return put(path + "|type", 2);
  }

  public FlatComposition local(String path, ValueMaps.LocalCode code) {
    put(path + "|code", code.code());
    return put(path + "|value", code.label());
  }

  /** An openEHR-terminology code (for example ISM states). */
  public FlatComposition openehr(String path, ValueMaps.LocalCode code) {
    local(path, code);
    return put(path + "|terminology", "openehr");
  }

  /**
   * A CodeableConcept as DV_CODED_TEXT: the preferred coding (terminologies.csv order) is the
   * defining code, every other coding a term mapping with match '='. Without codings, the text
   * alone as DV_TEXT.
   *
   * @return whether anything was written
   */
  public boolean coded(String path, CodeableConcept concept) {
    if (concept == null || concept.isEmpty()) {
      return false;
    }
    List<Coding> codings =
        concept.getCoding().stream()
            .filter(c -> c.hasSystem() && c.hasCode())
            .sorted(Comparator.comparingInt(c -> Terminologies.rank(c.getSystem())))
            .toList();
    if (codings.isEmpty()) {
      text(path, concept.getText());
      return concept.hasText();
    }
    Coding primary = codings.get(0);
    String label =
        primary.hasDisplay()
            ? primary.getDisplay()
            : concept.hasText() ? concept.getText() : primary.getCode();
    put(path + "|code", primary.getCode());
    put(path + "|value", label);
    put(path + "|terminology", Terminologies.terminologyId(primary.getSystem()));
    for (int i = 1; i < codings.size(); i++) {
      Coding other = codings.get(i);
      String mapping = path + "/_mapping:" + (i - 1);
      put(mapping + "|match", "=");
      put(mapping + "/target|terminology", Terminologies.terminologyId(other.getSystem()));
      put(mapping + "/target|code", other.getCode());
    }
    return true;
  }

  /** The paths written so far, with absolute (root-prefixed) keys. */
  public Map<String, Object> values() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
