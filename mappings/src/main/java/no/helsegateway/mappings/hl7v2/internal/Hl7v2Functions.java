package no.helsegateway.mappings.hl7v2.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.saxon.s9api.ExtensionFunction;
import net.sf.saxon.s9api.ItemType;
import net.sf.saxon.s9api.OccurrenceIndicator;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SequenceType;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmEmptySequence;
import net.sf.saxon.s9api.XdmValue;

/**
 * The Java helpers the HL7 v2 stylesheets call (namespace {@value #NS}): a name-based UUID for
 * deterministic fullUrls, and HL7 DTM/TS to FHIR date and dateTime. A TS without an offset is read
 * as local time in Europe/Oslo (the sender's zone), because FHIR requires an offset with a time.
 */
public final class Hl7v2Functions {

  public static final String NS = "urn:helsegateway:hl7v2-functions";
  static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

  private static final Pattern TS =
      Pattern.compile(
          "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d{1,4})?([+-]\\d{4})?");
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private Hl7v2Functions() {}

  public static void register(Processor p) {
    p.registerExtensionFunction(
        fn(
            "name-uuid",
            (String s) -> UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)).toString()));
    p.registerExtensionFunction(fn("date-time", Hl7v2Functions::dateTime));
    p.registerExtensionFunction(fn("date", Hl7v2Functions::date));
  }

  /** HL7 TS/DTM to FHIR dateTime (precision kept down to the day), or {@code null}. */
  static String dateTime(String ts) {
    Matcher m = ts == null ? null : TS.matcher(ts.trim());
    if (m == null || !m.matches()) {
      return null;
    }
    if (m.group(4) == null) {
      return date(ts);
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      ZoneOffset offset =
          m.group(8) != null
              ? ZoneOffset.of(m.group(8).substring(0, 3) + ":" + m.group(8).substring(3))
              : OSLO.getRules().getOffset(local);
      return local.atOffset(offset).format(OUT);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** HL7 DT/TS to FHIR date (yyyy, yyyy-MM or yyyy-MM-dd), or {@code null}. */
  static String date(String ts) {
    Matcher m = ts == null ? null : TS.matcher(ts.trim());
    if (m == null || !m.matches()) {
      return null;
    }
    StringBuilder b = new StringBuilder(m.group(1));
    if (m.group(2) != null) {
      int month = Integer.parseInt(m.group(2));
      if (month < 1 || month > 12) {
        return null;
      }
      b.append('-').append(m.group(2));
      if (m.group(3) != null) {
        int day = Integer.parseInt(m.group(3));
        if (day < 1 || day > 31) {
          return null;
        }
        b.append('-').append(m.group(3));
      }
    }
    return b.toString();
  }

  private interface StringFn {
    String apply(String s);
  }

  private static ExtensionFunction fn(String local, StringFn f) {
    QName name = new QName(NS, local);
    SequenceType opt =
        SequenceType.makeSequenceType(ItemType.STRING, OccurrenceIndicator.ZERO_OR_ONE);
    return new ExtensionFunction() {
      @Override
      public QName getName() {
        return name;
      }

      @Override
      public SequenceType getResultType() {
        return opt;
      }

      @Override
      public SequenceType[] getArgumentTypes() {
        return new SequenceType[] {opt};
      }

      @Override
      public XdmValue call(XdmValue[] args) {
        if (args[0].size() == 0) {
          return XdmEmptySequence.getInstance();
        }
        String r = f.apply(args[0].itemAt(0).getStringValue());
        return r == null ? XdmEmptySequence.getInstance() : new XdmAtomicValue(r);
      }
    };
  }
}
