package no.helsegateway.terminology.internal.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.helsegateway.terminology.PatientContext;

/**
 * Parses mapRule texts. Parsed rules are shared: a full release has a few thousand distinct rule
 * texts for about 200,000 rows, most of them {@code TRUE}.
 */
public final class MapRuleParser {

  static final String FEMALE = "248152002";
  static final String MALE = "248153007";

  /** Age at onset of clinical finding, and current chronological age. */
  static final List<String> AGE_CONCEPTS = List.of("445518008", "424144002");

  private static final Pattern CLAUSE =
      Pattern.compile(
          "IFA\\s+(\\d{6,18})\\s*(?:\\|[^|]*\\|)?\\s*(?:(<=|>=|<|>|=)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*"
              + "(years?|months?|weeks?|days?))?\\s*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern AND = Pattern.compile("\\s+AND\\s+");

  private final Map<String, MapRule> cache = new ConcurrentHashMap<>();

  public MapRule parse(String text) {
    String key = text == null ? "" : text.trim();
    return cache.computeIfAbsent(key, MapRuleParser::parseUncached);
  }

  static MapRule parseUncached(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.isEmpty() || upper.equals("TRUE")) {
      return new MapRule.Always();
    }
    if (upper.equals("OTHERWISE TRUE")) {
      return new MapRule.Otherwise();
    }
    List<MapRule> clauses = new ArrayList<>();
    for (String part : AND.split(text)) {
      MapRule clause = parseClause(part.trim());
      if (clause == null) {
        return new MapRule.Unparseable(text);
      }
      clauses.add(clause);
    }
    return clauses.size() == 1 ? clauses.get(0) : new MapRule.AllOf(clauses);
  }

  private static MapRule parseClause(String clause) {
    Matcher m = CLAUSE.matcher(clause);
    if (!m.matches()) {
      return null;
    }
    String concept = m.group(1);
    String operator = m.group(2);
    if (operator != null) {
      if (!AGE_CONCEPTS.contains(concept) || operator.equals("=")) {
        return null;
      }
      return new MapRule.AgeCompare(operator, toYears(Double.parseDouble(m.group(3)), m.group(4)));
    }
    if (FEMALE.equals(concept)) {
      return new MapRule.SexIs(PatientContext.Sex.FEMALE);
    }
    if (MALE.equals(concept)) {
      return new MapRule.SexIs(PatientContext.Sex.MALE);
    }
    return new MapRule.HasCondition(concept);
  }

  private static double toYears(double value, String unit) {
    String u = unit.toLowerCase(Locale.ROOT);
    if (u.startsWith("year")) {
      return value;
    }
    if (u.startsWith("month")) {
      return value / 12.0;
    }
    if (u.startsWith("week")) {
      return value * 7.0 / 365.25;
    }
    return value / 365.25;
  }
}
