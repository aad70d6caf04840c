package no.helsegateway.terminology.internal.snomed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.DataLocation;
import no.helsegateway.terminology.LoadProgressListener;
import no.helsegateway.terminology.internal.map.ExtendedMapIndex;
import no.helsegateway.terminology.internal.map.ExtendedMapRow;
import no.helsegateway.terminology.internal.map.MapRuleParser;
import no.helsegateway.terminology.internal.rf2.Header;
import no.helsegateway.terminology.internal.rf2.Rf2FileKind;
import no.helsegateway.terminology.internal.rf2.Rf2Release;
import no.helsegateway.terminology.internal.rf2.TabularReader;

/**
 * Loads SNOMED CT RF2 releases streaming, file by file, keeping only what the translator needs:
 * concept status and module, the FSN and one preferred term per concept, and the rows of the ICD-10
 * extended map (447562003). Snapshot and Full files both work: for each component the row with the
 * latest effectiveTime wins. Memory is proportional to the kept data, not to file sizes
 * (descriptions are not all kept; language refset rows only for the configured refsets).
 */
public final class SnomedReleaseLoader {

  private static final String FSN_TYPE = "900000000000003001";
  private static final String PREFERRED = "900000000000548007";

  private final List<String> preferredModules;
  private final List<String> languageRefsets;
  private final LoadProgressListener listener;
  private final MapRuleParser ruleParser = new MapRuleParser();

  private final Map<String, MutableConcept> concepts = new HashMap<>();

  /** Language refset member key (refset + description) to its latest state. */
  private final Map<String, LanguageMember> language = new HashMap<>();

  private final Map<String, ExtendedMapRow> mapMembers = new HashMap<>();
  private String latestModule = CodeSystems.SNOMED_ICD10_MAP_MODULE;
  private String latestTime = "";

  public SnomedReleaseLoader(
      List<String> preferredModules, List<String> languageRefsets, LoadProgressListener listener) {
    this.preferredModules = preferredModules;
    this.languageRefsets = languageRefsets;
    this.listener = listener;
  }

  private static final class MutableConcept {
    String effectiveTime;
    boolean active;
    String moduleId;
    String fsn;
    String fsnTime = "";
    String preferredTerm;
    int preferredRank = Integer.MAX_VALUE;
  }

  private record LanguageMember(String effectiveTime, boolean preferredActive, int rank) {}

  /** Loads all releases (concepts of all first, then language refsets, descriptions, maps). */
  public SnomedData load(List<DataLocation> releases) {
    List<Rf2Release> opened = new ArrayList<>();
    try {
      for (DataLocation location : releases) {
        opened.add(Rf2Release.open(location));
      }
      forEach(opened, Rf2FileKind.CONCEPT, this::readConcept);
      forEach(opened, Rf2FileKind.LANGUAGE_REFSET, this::readLanguage);
      Map<String, Integer> preferredDescriptions = preferredDescriptions();
      language.clear();
      forEach(
          opened, Rf2FileKind.DESCRIPTION, (h, f) -> readDescription(h, f, preferredDescriptions));
      forEach(opened, Rf2FileKind.EXTENDED_MAP, this::readMapMember);
    } finally {
      for (Rf2Release release : opened) {
        try {
          release.close();
        } catch (IOException e) {
          // nothing more to read from it
        }
      }
    }
    return build();
  }

  private void forEach(List<Rf2Release> releases, Rf2FileKind kind, TabularReader.RowHandler h) {
    for (Rf2Release release : releases) {
      for (Rf2Release.Rf2File file : release.files(kind)) {
        try (InputStream in = file.open()) {
          TabularReader.read(in, shortName(file.name()), '\t', listener, h);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not read " + file.name(), e);
        }
      }
    }
  }

  private static String shortName(String name) {
    return name.substring(name.replace('\\', '/').lastIndexOf('/') + 1);
  }

  private boolean readConcept(Header h, String[] f) {
    String id = Header.field(f, h.require("id", "concept file"));
    String time = Header.field(f, h.require("effectiveTime", "concept file"));
    MutableConcept c = concepts.computeIfAbsent(id, k -> new MutableConcept());
    if (c.effectiveTime != null && c.effectiveTime.compareTo(time) > 0) {
      return false;
    }
    c.effectiveTime = time;
    c.active = "1".equals(Header.field(f, h.require("active", "concept file")));
    c.moduleId = Header.field(f, h.require("moduleId", "concept file")).intern();
    return true;
  }

  private boolean readLanguage(Header h, String[] f) {
    String refset = Header.field(f, h.require("refsetId", "language refset"));
    int rank = languageRefsets.indexOf(refset);
    if (rank < 0) {
      return false;
    }
    String description = Header.field(f, h.require("referencedComponentId", "language refset"));
    String time = Header.field(f, h.require("effectiveTime", "language refset"));
    boolean preferredActive =
        "1".equals(Header.field(f, h.require("active", "language refset")))
            && PREFERRED.equals(Header.field(f, h.require("acceptabilityId", "language refset")));
    String key = refset + '/' + description;
    LanguageMember current = language.get(key);
    if (current == null || current.effectiveTime().compareTo(time) <= 0) {
      language.put(key, new LanguageMember(time, preferredActive, rank));
    }
    return true;
  }

  private Map<String, Integer> preferredDescriptions() {
    Map<String, Integer> best = new HashMap<>();
    language.forEach(
        (key, member) -> {
          if (member.preferredActive()) {
            best.merge(key.substring(key.indexOf('/') + 1), member.rank(), Math::min);
          }
        });
    return best;
  }

  private boolean readDescription(Header h, String[] f, Map<String, Integer> preferred) {
    String conceptId = Header.field(f, h.require("conceptId", "description file"));
    MutableConcept c = concepts.get(conceptId);
    if (c == null || !"1".equals(Header.field(f, h.require("active", "description file")))) {
      return false;
    }
    String term = Header.field(f, h.require("term", "description file"));
    String time = Header.field(f, h.require("effectiveTime", "description file"));
    if (FSN_TYPE.equals(Header.field(f, h.require("typeId", "description file")))) {
      if (c.fsn == null || c.fsnTime.compareTo(time) <= 0) {
        c.fsn = term;
        c.fsnTime = time;
      }
      return true;
    }
    Integer rank = preferred.get(Header.field(f, h.require("id", "description file")));
    if (rank != null && rank <= c.preferredRank) {
      c.preferredTerm = term;
      c.preferredRank = rank;
      return true;
    }
    return false;
  }

  private boolean readMapMember(Header h, String[] f) {
    String refset = Header.field(f, h.require("refsetId", "extended map"));
    if (!CodeSystems.ICD10_EXTENDED_MAP_REFSET.equals(refset)) {
      return false;
    }
    String id = Header.field(f, h.require("id", "extended map"));
    String time = Header.field(f, h.require("effectiveTime", "extended map"));
    ExtendedMapRow current = mapMembers.get(id);
    if (current != null && current.effectiveTime().compareTo(time) > 0) {
      return false;
    }
    boolean active = "1".equals(Header.field(f, h.require("active", "extended map")));
    if (!active) {
      mapMembers.remove(id);
      return false;
    }
    String rule = Header.field(f, h.require("mapRule", "extended map"));
    String module = Header.field(f, h.require("moduleId", "extended map")).intern();
    ExtendedMapRow row =
        new ExtendedMapRow(
            id,
            time,
            module,
            CodeSystems.ICD10_EXTENDED_MAP_REFSET,
            Header.field(f, h.require("referencedComponentId", "extended map")),
            Integer.parseInt(Header.field(f, h.require("mapGroup", "extended map")).trim()),
            Integer.parseInt(Header.field(f, h.require("mapPriority", "extended map")).trim()),
            rule.intern(),
            ruleParser.parse(rule),
            Header.field(f, h.indexOf("mapAdvice")).intern(),
            CodeSystems.normaliseCode(
                    CodeSystems.ICD10_NO, Header.field(f, h.require("mapTarget", "extended map")))
                .intern(),
            Header.field(f, h.indexOf("correlationId")).intern(),
            Header.field(f, h.indexOf("mapCategoryId")).intern());
    mapMembers.put(id, row);
    if (time.compareTo(latestTime) > 0
        || (time.equals(latestTime) && preferredModules.contains(module))) {
      latestTime = time;
      latestModule = module;
    }
    return true;
  }

  private SnomedData build() {
    Map<String, SnomedConcept> frozen = new HashMap<>(concepts.size() * 2);
    concepts.forEach(
        (id, c) ->
            frozen.put(
                id,
                new SnomedConcept(
                    id, c.active, c.moduleId, c.effectiveTime, c.fsn, c.preferredTerm)));
    concepts.clear();
    ExtendedMapIndex index =
        ExtendedMapIndex.build(new ArrayList<>(mapMembers.values()), preferredModules);
    mapMembers.clear();
    String version =
        CodeSystems.SNOMED_CT
            + "/"
            + latestModule
            + (latestTime.isEmpty() ? "" : "/version/" + latestTime);
    return new SnomedData(frozen, index, version);
  }
}
