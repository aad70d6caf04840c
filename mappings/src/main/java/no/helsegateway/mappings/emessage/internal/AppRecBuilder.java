package no.helsegateway.mappings.emessage.internal;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import no.helsegateway.mappings.emessage.AppRecVersion;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.Party;
import no.helsegateway.mappings.emessage.PartyId;
import no.helsegateway.mappings.emessage.ProcessingError;
import no.helsegateway.mappings.emessage.ProcessingStatus;
import no.helsegateway.mappings.error.ErrorCode;

/**
 * The one AppRec builder (v1.0 and v1.1). Addresses are mirrored: the receiver of the original is
 * the AppRec sender, the original sender the AppRec receiver. OriginalMsgId echoes the received
 * type (8279), GenDate and MsgId. Works with partial knowledge (unparseable input): unknown parts
 * become empty but schema-valid elements. The AppRec id is name-based on the original message id
 * and the answering party, so the same message always gets the same AppRec id.
 */
public final class AppRecBuilder {

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "^-?\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$");
  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();
  private static final int MAX_OT = 500;

  private final Clock clock;
  private final String softwareName;
  private final String softwareVersion;

  public AppRecBuilder(Clock clock, String softwareName, String softwareVersion) {
    this.clock = clock;
    this.softwareName = softwareName;
    this.softwareVersion = softwareVersion;
  }

  /** What the AppRec answers and how. */
  public record Request(
      AppRecVersion version,
      ProcessingStatus status,
      List<ProcessingError> errors,
      EnvelopeMetadata original,
      String originalType8279,
      String originalType8279Display,
      Party answeringParty,
      String role,
      String roleDisplay) {}

  public String build(Request r) {
    String ns = r.version().namespace();
    EnvelopeMetadata o = r.original();
    Party sender = r.answeringParty() != null ? r.answeringParty() : o.receiver();
    String now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(FMT);
    StringWriter out = new StringWriter(2048);
    try {
      XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.setDefaultNamespace(ns);
      w.writeStartElement(ns, "AppRec");
      w.writeDefaultNamespace(ns);
      cs(w, ns, "MsgType", "APPREC", "Applikasjonskvittering");
      text(w, ns, "MIGversion", r.version().migVersion());
      text(w, ns, "SoftwareName", softwareName);
      text(w, ns, "SoftwareVersion", softwareVersion);
      text(w, ns, "GenDate", now);
      text(w, ns, "Id", appRecId(o, sender));
      w.writeStartElement(ns, "Sender");
      if (r.role() != null) {
        cs(w, ns, "Role", r.role(), r.roleDisplay());
      }
      hcp(w, ns, sender);
      w.writeEndElement();
      w.writeStartElement(ns, "Receiver");
      hcp(w, ns, o.sender());
      w.writeEndElement();
      cs(w, ns, "Status", r.status().appRecStatus(), r.status().appRecDisplay());
      for (ProcessingError e : r.errors()) {
        ErrorCode c = e.code();
        w.writeEmptyElement(ns, "Error");
        w.writeAttribute("V", c.appRec8221());
        w.writeAttribute("S", ErrorCode.KODEVERK_8221);
        w.writeAttribute("DN", c.appRec8221Display());
        w.writeAttribute("OT", ot(e));
      }
      w.writeStartElement(ns, "OriginalMsgId");
      cs(
          w,
          ns,
          "MsgType",
          r.originalType8279() == null ? "UKJENT" : r.originalType8279(),
          r.originalType8279() == null ? "Ukjent meldingstype" : r.originalType8279Display());
      String issued = o.issued();
      text(
          w, ns, "IssueDate", issued != null && DATE_TIME.matcher(issued).matches() ? issued : now);
      text(w, ns, "Id", o.messageId() == null ? "" : o.messageId());
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot write AppRec", e);
    }
    return out.toString();
  }

  private static final DateTimeFormatter FMT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private static String appRecId(EnvelopeMetadata o, Party answering) {
    if (o.messageId() == null) {
      return UUID.randomUUID().toString();
    }
    String her = answering == null ? "" : String.valueOf(answering.communicationPartyHerId());
    return UUID.nameUUIDFromBytes(
            ("apprec|" + o.messageId() + "|" + her).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static String ot(ProcessingError e) {
    String s = e.code().senderText();
    if (e.detail() != null && !e.detail().isBlank()) {
      s = s + " [" + (e.location() == null ? "" : e.location() + ": ") + e.detail() + "]";
    }
    return s.length() > MAX_OT ? s.substring(0, MAX_OT - 1) + "…" : s;
  }

  private static void hcp(XMLStreamWriter w, String ns, Party p) throws XMLStreamException {
    w.writeStartElement(ns, "HCP");
    if (p != null && p.professional()) {
      w.writeStartElement(ns, "HCProf");
      person(w, ns, p);
      w.writeEndElement();
    } else {
      w.writeStartElement(ns, "Inst");
      if (p != null) {
        idBlock(w, ns, p);
        for (Party d : p.departments()) {
          w.writeStartElement(ns, "Dept");
          idBlock(w, ns, d);
          additional(w, ns, d);
          w.writeEndElement();
        }
        additional(w, ns, p);
        for (Party person : p.persons()) {
          w.writeStartElement(ns, "HCPerson");
          person(w, ns, person);
          w.writeEndElement();
        }
      }
      w.writeEndElement();
    }
    w.writeEndElement();
  }

  private static void person(XMLStreamWriter w, String ns, Party p) throws XMLStreamException {
    idBlock(w, ns, p);
    additional(w, ns, p);
  }

  private static void idBlock(XMLStreamWriter w, String ns, Party p) throws XMLStreamException {
    if (p.name() != null) {
      text(w, ns, "Name", p.name());
    }
    if (!p.ids().isEmpty()) {
      PartyId id = p.ids().get(0);
      text(w, ns, "Id", id.id());
      if (id.type() != null) {
        cs(w, ns, "TypeId", id.type(), null);
      }
    }
  }

  private static void additional(XMLStreamWriter w, String ns, Party p) throws XMLStreamException {
    for (int i = 1; i < p.ids().size(); i++) {
      PartyId id = p.ids().get(i);
      if (id.id() == null || id.type() == null) {
        continue;
      }
      w.writeStartElement(ns, "AdditionalId");
      text(w, ns, "Id", id.id());
      cs(w, ns, "Type", id.type(), null);
      w.writeEndElement();
    }
  }

  private static void text(XMLStreamWriter w, String ns, String name, String value)
      throws XMLStreamException {
    w.writeStartElement(ns, name);
    w.writeCharacters(value == null ? "" : value);
    w.writeEndElement();
  }

  private static void cs(XMLStreamWriter w, String ns, String name, String v, String dn)
      throws XMLStreamException {
    w.writeEmptyElement(ns, name);
    if (v != null) {
      w.writeAttribute("V", v);
    }
    if (dn != null) {
      w.writeAttribute("DN", dn);
    }
  }
}
