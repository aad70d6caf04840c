package no.helsegateway.mappings.emessage.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.sf.saxon.s9api.ExtensionFunction;
import net.sf.saxon.s9api.ItemType;
import net.sf.saxon.s9api.OccurrenceIndicator;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SequenceType;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmEmptySequence;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmMap;
import net.sf.saxon.s9api.XdmValue;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationRequest;

/**
 * The Saxon extension functions the stylesheets may call, namespace {@value #NS}:
 *
 * <ul>
 *   <li>{@code gw:translate-concept($system, $code, $targetSystem, $ageYears?, $sex?) as map(*)*}:
 *       THE one door to the terminology module ({@link ConceptTranslator#translate}); returns maps
 *       {system, code, display, equivalence, map}; empty when no translator is configured or no map
 *       has the code (the source code is never dropped by the stylesheet).
 *   <li>{@code gw:name-uuid($name) as xs:string}: a name-based (type 3) UUID, so Bundle fullUrls
 *       are deterministic from the message id and position.
 * </ul>
 */
public final class GatewayFunctions {

  public static final String NS = "urn:helsegateway:xslt-functions";

  private GatewayFunctions() {}

  /** Registers both functions on the processor; {@code translator} may be {@code null}. */
  public static void register(Processor processor, ConceptTranslator translator) {
    processor.registerExtensionFunction(new NameUuid());
    processor.registerExtensionFunction(new TranslateConcept(translator));
    processor.registerExtensionFunction(new FhirDateTime());
    processor.registerExtensionFunction(new IdentifierOk());
  }

  /**
   * {@code gw:identifier-ok($system, $value) as xs:boolean}: false when {@code $system} is a
   * Norwegian identifier system and {@code $value} fails its check in the profiles module ({@code
   * no.helsegateway.profiles.identifiers}); true for systems without a check. The stylesheets use
   * it to leave out identifiers the profiles would reject (the value stays in the attached original
   * message).
   */
  static final class IdentifierOk implements ExtensionFunction {
    @Override
    public QName getName() {
      return new QName(NS, "identifier-ok");
    }

    @Override
    public SequenceType getResultType() {
      return SequenceType.makeSequenceType(ItemType.BOOLEAN, OccurrenceIndicator.ONE);
    }

    @Override
    public SequenceType[] getArgumentTypes() {
      SequenceType s =
          SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ZERO_OR_ONE);
      return new SequenceType[] {s, s};
    }

    @Override
    public XdmValue call(XdmValue[] args) {
      if (args[0].size() == 0 || args[1].size() == 0) {
        return new XdmAtomicValue(false);
      }
      return new XdmAtomicValue(
          no.helsegateway.profiles.identifiers.NorwegianIdentifiers.checkBySystem(
                  args[0].itemAt(0).getStringValue(), args[1].itemAt(0).getStringValue())
              .map(r -> r.valid())
              .orElse(true));
    }
  }

  /**
   * {@code gw:fhir-date-time($lexical) as xs:string?}: a KITH TS value (date, or dateTime usually
   * without zone, meaning Norwegian local time) as a FHIR dateTime: dates stay dates, a dateTime
   * without zone gets the Europe/Oslo offset valid at that instant (FHIR requires a zone when a
   * time is given). Unparseable input gives the empty sequence.
   */
  static final class FhirDateTime implements ExtensionFunction {
    private static final java.time.ZoneId OSLO = java.time.ZoneId.of("Europe/Oslo");
    private static final int CACHED = 32;

    /**
     * The last few conversions per thread: a message repeats its few timestamps (GenDate, issue
     * date, period) in many resources, and ISO parsing with a zone rule is not cheap.
     */
    private final ThreadLocal<java.util.Map<String, XdmValue>> recent =
        ThreadLocal.withInitial(
            () ->
                new java.util.LinkedHashMap<>(64, 0.75f, true) {
                  @Override
                  protected boolean removeEldestEntry(java.util.Map.Entry<String, XdmValue> e) {
                    return size() > CACHED;
                  }
                });

    @Override
    public QName getName() {
      return new QName(NS, "fhir-date-time");
    }

    @Override
    public SequenceType getResultType() {
      return SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ZERO_OR_ONE);
    }

    @Override
    public SequenceType[] getArgumentTypes() {
      return new SequenceType[] {
        SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ZERO_OR_ONE)
      };
    }

    @Override
    public XdmValue call(XdmValue[] args) {
      if (args[0].size() == 0) {
        return XdmEmptySequence.getInstance();
      }
      String s = args[0].itemAt(0).getStringValue().trim();
      java.util.Map<String, XdmValue> cache = recent.get();
      XdmValue hit = cache.get(s);
      if (hit == null) {
        hit = convert(s);
        cache.put(s, hit);
      }
      return hit;
    }

    private static XdmValue convert(String s) {
      try {
        if (s.length() <= 10) {
          return new XdmAtomicValue(java.time.LocalDate.parse(s).toString());
        }
        java.time.temporal.TemporalAccessor t =
            java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(
                s, java.time.OffsetDateTime::from, java.time.LocalDateTime::from);
        java.time.OffsetDateTime odt =
            t instanceof java.time.OffsetDateTime o
                ? o
                : ((java.time.LocalDateTime) t).atZone(OSLO).toOffsetDateTime();
        return new XdmAtomicValue(
            odt.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      } catch (java.time.DateTimeException e) {
        return XdmEmptySequence.getInstance();
      }
    }
  }

  static final class NameUuid implements ExtensionFunction {
    @Override
    public QName getName() {
      return new QName(NS, "name-uuid");
    }

    @Override
    public SequenceType getResultType() {
      return SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ONE);
    }

    @Override
    public SequenceType[] getArgumentTypes() {
      return new SequenceType[] {
        SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ONE)
      };
    }

    @Override
    public XdmValue call(XdmValue[] args) {
      String name = args[0].itemAt(0).getStringValue();
      return new XdmAtomicValue(
          UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }
  }

  static final class TranslateConcept implements ExtensionFunction {
    private final ConceptTranslator translator;

    TranslateConcept(ConceptTranslator translator) {
      this.translator = translator;
    }

    @Override
    public QName getName() {
      return new QName(NS, "translate-concept");
    }

    @Override
    public SequenceType getResultType() {
      return SequenceType.makeSequenceType(ItemType.ANY_MAP, OccurrenceIndicator.ZERO_OR_MORE);
    }

    @Override
    public SequenceType[] getArgumentTypes() {
      SequenceType one = SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ONE);
      return new SequenceType[] {
        one,
        one,
        one,
        SequenceType.makeSequenceType(ItemType.INTEGER, OccurrenceIndicator.ZERO_OR_ONE),
        SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ZERO_OR_ONE)
      };
    }

    @Override
    public XdmValue call(XdmValue[] args) {
      if (translator == null) {
        return XdmEmptySequence.getInstance();
      }
      String system = args[0].itemAt(0).getStringValue();
      String code = args[1].itemAt(0).getStringValue();
      String target = args[2].itemAt(0).getStringValue();
      Integer age =
          args[3].size() == 0 ? null : Integer.valueOf(args[3].itemAt(0).getStringValue());
      PatientContext.Sex sex = sex(args[4].size() == 0 ? null : args[4].itemAt(0).getStringValue());
      List<Translation> result =
          translator.translate(
              new TranslationRequest(system, code, target, new PatientContext(age, sex)));
      if (result == null || result.isEmpty()) {
        return XdmEmptySequence.getInstance();
      }
      List<XdmItem> maps = new ArrayList<>();
      for (Translation t : result) {
        if (t == null || t.target() == null) {
          continue;
        }
        Map<XdmAtomicValue, XdmValue> m = new HashMap<>();
        m.put(new XdmAtomicValue("system"), new XdmAtomicValue(t.target().system()));
        m.put(new XdmAtomicValue("code"), new XdmAtomicValue(t.target().code()));
        put(m, "display", t.target().display());
        put(m, "equivalence", t.equivalence());
        put(m, "map", t.mapId());
        maps.add(new XdmMap(m));
      }
      return new XdmValue(maps);
    }

    private static void put(Map<XdmAtomicValue, XdmValue> m, String k, String v) {
      if (v != null) {
        m.put(new XdmAtomicValue(k), new XdmAtomicValue(v));
      }
    }

    /** FHIR administrative gender code (from the stylesheet) to the terminology API's enum. */
    private static PatientContext.Sex sex(String fhirGender) {
      if (fhirGender == null) {
        return null;
      }
      try {
        return PatientContext.Sex.valueOf(fhirGender.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return PatientContext.Sex.UNKNOWN;
      }
    }
  }
}
