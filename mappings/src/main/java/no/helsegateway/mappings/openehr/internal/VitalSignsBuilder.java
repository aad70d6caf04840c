package no.helsegateway.mappings.openehr.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Observation vital signs (and NEWS2) to the vital-signs template. Which code goes where is data:
 * {@code vital-signs.csv}. Components (blood pressure panel) are looked up the same way as the
 * observation itself.
 */
public final class VitalSignsBuilder implements CompositionBuilder {

  private record Target(String kind, String path, String unit) {}

  private static final Map<String, Target> TARGETS = load();

  private static Map<String, Target> load() {
    Map<String, Target> map = new HashMap<>();
    for (String[] row : Csv.read("vital-signs.csv", 5)) {
      map.put(row[0] + "|" + row[1], new Target(row[2], row[3], row[4]));
    }
    return map;
  }

  @Override
  public String id() {
    return "vital-signs";
  }

  @Override
  public Optional<FlatComposition> build(Resource resource, FlatComposition flat) {
    Observation observation = (Observation) resource;
    if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
      return Optional.empty();
    }
    List<String> observations = new ArrayList<>();
    boolean any = write(flat, observation.getCode(), observation.getValue(), observations);
    for (Observation.ObservationComponentComponent component : observation.getComponent()) {
      any |= write(flat, component.getCode(), component.getValue(), observations);
    }
    if (!any) {
      return Optional.empty();
    }
    if (observation.hasEffectiveDateTimeType()) {
      flat.startTime(observation.getEffectiveDateTimeType());
      observations.forEach(o -> flat.dateTime(o + "/time", observation.getEffectiveDateTimeType()));
    } else if (observation.hasEffectivePeriod()) {
      flat.startTime(observation.getEffectivePeriod().getStartElement());
      observations.forEach(
          o -> flat.dateTime(o + "/time", observation.getEffectivePeriod().getStartElement()));
    } else if (observation.hasIssued()) {
      flat.startTime(observation.getIssuedElement());
      observations.forEach(o -> flat.dateTime(o + "/time", observation.getIssuedElement()));
    }
    return Optional.of(flat);
  }

  private static boolean write(
      FlatComposition flat, CodeableConcept code, Type value, List<String> observations) {
    for (Coding coding : code.getCoding()) {
      Target target = TARGETS.get(coding.getSystem() + "|" + coding.getCode());
      if (target == null) {
        continue;
      }
      BigDecimal number = number(value);
      if (number == null) {
        return false;
      }
      switch (target.kind()) {
        case "quantity" -> flat.quantity(target.path(), number, target.unit());
        case "proportion" -> flat.percent(target.path(), number);
        case "count" -> flat.put(target.path(), number.longValueExact());
        default ->
            throw new IllegalStateException("vital-signs.csv: unknown kind " + target.kind());
      }
      String parent = target.path().substring(0, target.path().lastIndexOf('/'));
      if (!observations.contains(parent)) {
        observations.add(parent);
      }
      return true;
    }
    return false;
  }

  private static BigDecimal number(Type value) {
    if (value instanceof Quantity quantity && quantity.hasValue()) {
      return quantity.getValue();
    }
    if (value instanceof org.hl7.fhir.r4.model.IntegerType integer && integer.hasValue()) {
      return BigDecimal.valueOf(integer.getValue());
    }
    return null;
  }
}
