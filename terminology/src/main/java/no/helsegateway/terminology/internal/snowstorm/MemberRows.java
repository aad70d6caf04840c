package no.helsegateway.terminology.internal.snowstorm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.internal.map.ExtendedMapRow;
import no.helsegateway.terminology.internal.map.MapRuleParser;

/**
 * Turns Snowstorm answers into extended map rows: the native members page ({@code items[]} with
 * {@code additionalFields}, all strings) or the FHIR {@code $translate} Parameters (one {@code
 * message} per match: "Please observe the following map advice. Group:1, Priority:1, Rule:TRUE,
 * Advice:'...', Map Category:'...'.").
 */
final class MemberRows {

  private static final Pattern MESSAGE =
      Pattern.compile(
          "Please observe the following map advice\\. Group:(\\d+), Priority:(\\d+), Rule:(.*?),"
              + " Advice:'(.*?)'(?:, Map Category:'(.*?)')?\\.?$");
  private static final Pattern SOURCE_MODULE =
      Pattern.compile("http://snomed\\.info/x?sct/(\\d+)(?:/version/(\\d{8}))?");

  private final MapRuleParser parser;

  MemberRows(MapRuleParser parser) {
    this.parser = parser;
  }

  List<ExtendedMapRow> fromMembers(JsonNode page, String conceptId) {
    JsonNode items = page.get("items");
    if (items == null || !items.isArray()) {
      throw new SnowstormUnavailableException("members answer has no items array", null);
    }
    List<ExtendedMapRow> rows = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode fields = item.path("additionalFields");
      if (!item.path("active").asBoolean(false)
          || !CodeSystems.ICD10_EXTENDED_MAP_REFSET.equals(item.path("refsetId").asText())
          || !conceptId.equals(item.path("referencedComponentId").asText())
          || !fields.isObject()) {
        continue;
      }
      String time =
          item.path("effectiveTime").asText(item.path("releasedEffectiveTime").asText(""));
      String rule = fields.path("mapRule").asText("");
      rows.add(
          new ExtendedMapRow(
              item.path("memberId").asText(),
              time,
              item.path("moduleId").asText(),
              CodeSystems.ICD10_EXTENDED_MAP_REFSET,
              conceptId,
              integer(fields, "mapGroup"),
              integer(fields, "mapPriority"),
              rule,
              parser.parse(rule),
              fields.path("mapAdvice").asText(""),
              CodeSystems.normaliseCode(CodeSystems.ICD10_NO, fields.path("mapTarget").asText("")),
              fields.path("correlationId").asText(""),
              fields.path("mapCategoryId").asText("")));
    }
    return rows;
  }

  private static int integer(JsonNode fields, String name) {
    try {
      return Integer.parseInt(fields.path(name).asText().trim());
    } catch (NumberFormatException e) {
      throw new SnowstormUnavailableException("member field " + name + " is not a number", e);
    }
  }

  /**
   * Rows from {@code $translate}: messages and matches are paired in order. A match whose message
   * cannot be read gets an unparseable rule, so it is never chosen by guessing.
   */
  List<ExtendedMapRow> fromTranslate(FhirParameters parameters, String conceptId) {
    List<JsonNode> matches = parameters.all("match");
    List<JsonNode> messages = parameters.all("message");
    List<ExtendedMapRow> rows = new ArrayList<>();
    for (int i = 0; i < matches.size(); i++) {
      JsonNode parts = matches.get(i).path("part");
      String target = null;
      String source = "";
      for (JsonNode part : parts) {
        String name = part.path("name").asText();
        if (name.equals("concept")) {
          target = part.path("valueCoding").path("code").asText(null);
        } else if (name.equals("source")) {
          source = FhirParameters.value(part);
        }
      }
      if (target == null) {
        continue;
      }
      Matcher module = SOURCE_MODULE.matcher(source == null ? "" : source);
      String moduleId = CodeSystems.SNOMED_ICD10_MAP_MODULE;
      String time = "";
      if (module.find()) {
        moduleId = module.group(1);
        time = module.group(2) == null ? "" : module.group(2);
      }
      String message =
          messages.size() == matches.size() ? FhirParameters.value(messages.get(i)) : null;
      Matcher m = MESSAGE.matcher(message == null ? "" : message);
      boolean parsed = m.matches();
      String rule = parsed ? m.group(3) : "UNREADABLE RULE";
      rows.add(
          new ExtendedMapRow(
              "translate-" + i,
              time,
              moduleId,
              CodeSystems.ICD10_EXTENDED_MAP_REFSET,
              conceptId,
              parsed ? Integer.parseInt(m.group(1)) : 1,
              parsed ? Integer.parseInt(m.group(2)) : i + 1,
              rule,
              parsed ? parser.parse(rule) : parser.parse("UNREADABLE RULE"),
              parsed ? m.group(4) : "",
              CodeSystems.normaliseCode(CodeSystems.ICD10_NO, target),
              "447561005",
              ""));
    }
    return rows;
  }
}
