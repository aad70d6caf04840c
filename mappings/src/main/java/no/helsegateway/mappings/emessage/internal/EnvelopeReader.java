package no.helsegateway.mappings.emessage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.saxon.s9api.XdmNode;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.MessageType;
import no.helsegateway.mappings.emessage.Party;
import no.helsegateway.mappings.emessage.PartyId;
import no.helsegateway.mappings.emessage.PatientIdentifier;

/**
 * Reads envelope metadata for the three message shapes of the registry: {@code basis} (own {@code
 * Message} root, e.g. Epikrise 1.x), {@code msghead} (MsgHead v1.2) and {@code apprec}.
 */
public final class EnvelopeReader {

  private final Map<String, String> personIdentifierSystems;

  /**
   * @param personIdentifierSystems KITH person id type (8116) to FHIR identifier system
   */
  public EnvelopeReader(Map<String, String> personIdentifierSystems) {
    this.personIdentifierSystems = personIdentifierSystems;
  }

  public EnvelopeMetadata read(MessageType type, XdmNode document) {
    XdmNode root = Xdm.root(document);
    return switch (type.shape()) {
      case "basis" -> basis(root);
      case "msghead" -> msgHead(root);
      case "apprec" -> appRec(root);
      default -> throw new IllegalStateException("Unknown shape " + type.shape());
    };
  }

  private EnvelopeMetadata basis(XdmNode m) {
    XdmNode report = firstOf(m, "ServRprt", "ServReq");
    XdmNode patient = Xdm.child(report, "Patient");
    List<Party> copies = new ArrayList<>();
    for (XdmNode c : Xdm.children(report, "CopyDest")) {
      copies.add(hcp(Xdm.child(c, "HCP")));
    }
    // Epikrise: the sender is the service provider, the primary receiver the requester.
    // Henvisning (ServReq) is the other way round.
    boolean isReport = report != null && "ServRprt".equals(report.getNodeName().getLocalName());
    XdmNode sender = Xdm.child(report, isReport ? "ServProvider" : "Requester");
    XdmNode receiver = Xdm.child(report, isReport ? "Requester" : "ServProvider");
    return new EnvelopeMetadata(
        Xdm.text(m, "MsgId"),
        Xdm.attr(m, "Type", "V"),
        Xdm.text(m, "MIGversion"),
        Xdm.attr(m, "GenDate", "V"),
        sender == null ? null : hcp(Xdm.child(sender, "HCP")),
        receiver == null ? null : hcp(Xdm.child(receiver, "HCP")),
        copies,
        patient == null
            ? null
            : patientId(Xdm.attr(patient, "TypeOffId", "V"), Xdm.text(patient, "OffId")),
        null);
  }

  private EnvelopeMetadata msgHead(XdmNode h) {
    XdmNode info = Xdm.child(h, "MsgInfo");
    List<Party> copies = new ArrayList<>();
    for (XdmNode o : Xdm.children(info, "OtherReceiver")) {
      XdmNode org = Xdm.child(o, "Organisation");
      if (org != null) {
        copies.add(organisation(org));
      }
    }
    XdmNode patient = Xdm.child(info, "Patient");
    PatientIdentifier pid = null;
    if (patient != null) {
      List<XdmNode> idents = Xdm.children(patient, "Ident");
      if (!idents.isEmpty()) {
        XdmNode first = idents.get(0);
        pid = patientId(Xdm.attr(first, "TypeId", "V"), Xdm.text(first, "Id"));
      } else {
        pid = patientId(null, null);
      }
    }
    return new EnvelopeMetadata(
        Xdm.text(info, "MsgId"),
        Xdm.attr(info, "Type", "V"),
        Xdm.text(info, "MIGversion"),
        Xdm.text(info, "GenDate"),
        organisation(Xdm.path(info, "Sender/Organisation")),
        organisation(Xdm.path(info, "Receiver/Organisation")),
        copies,
        pid,
        null);
  }

  private EnvelopeMetadata appRec(XdmNode a) {
    List<String> errors = new ArrayList<>();
    for (XdmNode e : Xdm.children(a, "Error")) {
      errors.add(Xdm.attr(e, null, "V"));
    }
    XdmNode orig = Xdm.child(a, "OriginalMsgId");
    EnvelopeMetadata.ReceivedAppRec receipt =
        new EnvelopeMetadata.ReceivedAppRec(
            Xdm.attr(a, "Status", "V"),
            errors,
            Xdm.attr(orig, "MsgType", "V"),
            Xdm.text(orig, "IssueDate"),
            Xdm.text(orig, "Id"));
    return new EnvelopeMetadata(
        Xdm.text(a, "Id"),
        Xdm.attr(a, "MsgType", "V"),
        Xdm.text(a, "MIGversion"),
        Xdm.text(a, "GenDate"),
        hcp(Xdm.path(a, "Sender/HCP")),
        hcp(Xdm.path(a, "Receiver/HCP")),
        List.of(),
        null,
        receipt);
  }

  private PatientIdentifier patientId(String type, String value) {
    return new PatientIdentifier(
        type, type == null ? null : personIdentifierSystems.get(type), value);
  }

  /** KITH HCP: Inst (with Dept, HCPerson) or HCProf. */
  static Party hcp(XdmNode hcp) {
    if (hcp == null) {
      return null;
    }
    XdmNode inst = Xdm.child(hcp, "Inst");
    if (inst != null) {
      List<Party> depts = new ArrayList<>();
      for (XdmNode d : Xdm.children(inst, "Dept")) {
        depts.add(simple(d, false));
      }
      List<Party> persons = new ArrayList<>();
      for (XdmNode p : Xdm.children(inst, "HCPerson")) {
        persons.add(simple(p, false));
      }
      return new Party(Xdm.text(inst, "Name"), ids(inst), depts, persons, false);
    }
    XdmNode prof = Xdm.child(hcp, "HCProf");
    return prof == null ? null : simple(prof, true);
  }

  private static Party simple(XdmNode n, boolean professional) {
    return new Party(Xdm.text(n, "Name"), ids(n), List.of(), List.of(), professional);
  }

  private static List<PartyId> ids(XdmNode n) {
    List<PartyId> ids = new ArrayList<>();
    String id = Xdm.text(n, "Id");
    if (id != null) {
      ids.add(new PartyId(id, Xdm.attr(n, "TypeId", "V")));
    }
    for (XdmNode add : Xdm.children(n, "AdditionalId")) {
      ids.add(new PartyId(Xdm.text(add, "Id"), Xdm.attr(add, "Type", "V")));
    }
    return ids;
  }

  /** MsgHead Organisation (nested Organisation = department, HealthcareProfessional = person). */
  static Party organisation(XdmNode org) {
    if (org == null) {
      return null;
    }
    List<PartyId> ids = new ArrayList<>();
    for (XdmNode ident : Xdm.children(org, "Ident")) {
      ids.add(new PartyId(Xdm.text(ident, "Id"), Xdm.attr(ident, "TypeId", "V")));
    }
    List<Party> depts = new ArrayList<>();
    for (XdmNode d : Xdm.children(org, "Organisation")) {
      depts.add(organisation(d));
    }
    List<Party> persons = new ArrayList<>();
    for (XdmNode p : Xdm.children(org, "HealthcareProfessional")) {
      List<PartyId> pids = new ArrayList<>();
      for (XdmNode ident : Xdm.children(p, "Ident")) {
        pids.add(new PartyId(Xdm.text(ident, "Id"), Xdm.attr(ident, "TypeId", "V")));
      }
      String name =
          String.join(
                  " ",
                  nz(Xdm.text(p, "GivenName")),
                  nz(Xdm.text(p, "MiddleName")),
                  nz(Xdm.text(p, "FamilyName")))
              .replaceAll("\\s+", " ")
              .trim();
      persons.add(new Party(name.isEmpty() ? null : name, pids, List.of(), List.of(), false));
    }
    return new Party(Xdm.text(org, "OrganisationName"), ids, depts, persons, false);
  }

  private static XdmNode firstOf(XdmNode parent, String... names) {
    for (String n : names) {
      XdmNode c = Xdm.child(parent, n);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
