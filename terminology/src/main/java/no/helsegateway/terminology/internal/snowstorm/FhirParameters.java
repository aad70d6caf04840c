package no.helsegateway.terminology.internal.snowstorm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a FHIR {@code Parameters} resource in JSON without a FHIR parser. */
final class FhirParameters {
  private final JsonNode parameters;

  private FhirParameters(JsonNode parameters) {
    this.parameters = parameters;
  }

  /** Checks the shape: {@code resourceType} Parameters with a {@code parameter} array. */
  static FhirParameters of(JsonNode json) {
    if (!"Parameters".equals(json.path("resourceType").asText())
        || !json.path("parameter").isArray()) {
      throw new SnowstormUnavailableException("answer is not a FHIR Parameters resource", null);
    }
    return new FhirParameters(json.get("parameter"));
  }

  /** All parameters (or parts) with this name. */
  List<JsonNode> all(String name) {
    return named(parameters, name);
  }

  static List<JsonNode> named(JsonNode array, String name) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode p : array) {
      if (name.equals(p.path("name").asText())) {
        found.add(p);
      }
    }
    return found;
  }

  /** The first value of a parameter as text ({@code value[x]} of any primitive type), or null. */
  String text(String name) {
    for (JsonNode p : all(name)) {
      String value = value(p);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  static String value(JsonNode parameter) {
    for (String field :
        new String[] {"valueString", "valueCode", "valueUri", "valueBoolean", "valueInteger"}) {
      JsonNode v = parameter.get(field);
      if (v != null && v.isValueNode()) {
        return v.asText();
      }
    }
    return null;
  }
}
