package no.helsegateway.server.security.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import no.helsegateway.server.security.audit.AuditEntry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UnsignedIntType;

/**
 * Makes the AuditEvent of an access, following HL7 Norway's {@code
 * no-domain-Trustframework-Auditevent} (tillitsrammeverk attributes) as far as the data allows: the
 * user as a contained PractitionerRole (practitioner with fnr and HPR, legal entity, point of
 * care), purpose of use (v3 ActReason; BTG marked), the care-relationship metadata extension, the
 * patient extension when exactly one patient is concerned, and entities for every patient, every
 * resource and the search. The profile is claimed in {@code meta.profile} only when the event meets
 * it (a health worker with HPR number and exactly one patient); system clients and e-message
 * senders are agents the profile does not model.
 */
public final class AuditEventBuilder {

  public static final String PROFILE =
      "http://hl7.no/fhir/StructureDefinition/no-domain-Trustframework-Auditevent";
  public static final String PATIENT_EXTENSION =
      "http://hl7.no/fhir/StructureDefinition/auditevent-patient-extension";
  public static final String CARE_RELATION_EXTENSION =
      "http://hl7.no/fhir/StructureDefinition/auditevent-carerelation-metadata-extension";
  public static final String FNR = "urn:oid:2.16.578.1.12.4.1.4.1";
  public static final String DNR = "urn:oid:2.16.578.1.12.4.1.4.2";
  public static final String HPR = "urn:oid:2.16.578.1.12.4.1.4.4";
  public static final String ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101";
  public static final String HER = "urn:oid:2.16.578.1.12.4.1.2";
  public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  /** Purpose-of-use details (local access decision codes), as in the tillitsrammeverk examples. */
  public static final String PURPOSE_DETAILS = "urn:oid:2.16.578.1.12.4.1.1.9151";

  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String EMESSAGE_TYPE = "http://helsegateway.no/fhir/CodeSystem/emessage-type";
  static final String HL7V2_TYPE = "http://helsegateway.no/fhir/CodeSystem/hl7v2-message-type";
  static final String CLIENT_ID = "http://helsegateway.no/fhir/sid/client-id";
  static final String TRACKING_ID = "http://helsegateway.no/fhir/sid/emessage-tracking-id";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  static final String SECURITY_ROLE =
      "http://terminology.hl7.org/CodeSystem/extra-security-role-type";

  /** The full AuditEvent, as stored. */
  public AuditEvent build(AuditFacts f) {
    AuditEvent e = new AuditEvent();
    e.setId(f.id());
    AuditFacts.Agent a = f.agent() == null ? AuditFacts.Agent.UNKNOWN : f.agent();
    if (a.person() && a.hprNumber() != null && f.patients().size() == 1) {
      e.getMeta().addProfile(PROFILE);
    }
    boolean message = AuditFacts.isMessage(f.source());
    e.setType(
        message
            ? new Coding(DCM, "110107", "Import")
            : new Coding(DCM, "110110", "Patient Record"));
    e.addSubtype(new Coding(subtypeSystem(f.source()), f.subtype(), null));
    e.setAction(AuditEventAction.fromCode(f.action()));
    e.setRecorded(Date.from(f.recorded()));
    e.setOutcome(outcome(f.outcome()));
    if (f.outcomeCode() != null) {
      e.setOutcomeDesc(f.outcomeCode());
    }
    if (f.care() != null) {
      e.addPurposeOfEvent(purpose(f.care(), true));
      careRelation(e, f.care());
    }
    agent(e, a, message);
    e.getSource()
        .setSite("helsegateway")
        .setObserver(new Reference().setDisplay("Helse gateway"))
        .addType(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/security-source-type",
                "4",
                "Application Server"));

    if (f.patients().size() == 1) {
      e.addExtension(PATIENT_EXTENSION, new Reference(f.patients().get(0)));
    } else if (f.patients().isEmpty() && f.patientIdentifiers().size() == 1) {
      e.addExtension(
          PATIENT_EXTENSION,
          new Reference().setIdentifier(identifier(f.patientIdentifiers().get(0))));
    }
    for (String p : f.patients()) {
      patientEntity(e).setWhat(new Reference(p));
    }
    for (String p : f.patientIdentifiers()) {
      patientEntity(e).setWhat(new Reference().setIdentifier(identifier(p)));
    }
    for (String r : f.resources()) {
      e.addEntity()
          .setWhat(new Reference(r))
          .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
          .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
    }
    if (f.query() != null) {
      e.addEntity()
          .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
          .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
          .setQuery(f.query().getBytes(StandardCharsets.UTF_8));
    }
    if (f.message() != null) {
      AuditEventEntityComponent m =
          e.addEntity()
              .setWhat(
                  new Reference()
                      .setIdentifier(
                          new Identifier()
                              .setSystem(TRACKING_ID)
                              .setValue(f.message().trackingId())))
              .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
              .setRole(new Coding(OBJECT_ROLE, "3", "Report"))
              .setName(f.subtype());
      detail(m, "messageId", f.message().messageId());
      detail(m, "channel", f.message().channel());
      detail(m, "state", f.message().state());
    }
    return e;
  }

  /**
   * The patient's own view of an access (innsyn): who (name, HPR number, organisation), when, what
   * kind of access, purpose code, outcome; never free text (no decision description, no
   * break-the-glass reason, no search text), never another patient, never the health worker's
   * national identifier.
   */
  public AuditEvent patientView(AuditEntry r, String ownPatient) {
    AuditEvent e = new AuditEvent();
    e.setId(r.id());
    boolean message = AuditFacts.isMessage(r.source());
    e.setType(
        message
            ? new Coding(DCM, "110107", "Import")
            : new Coding(DCM, "110110", "Patient Record"));
    e.addSubtype(new Coding(subtypeSystem(r.source()), r.subtype(), null));
    e.setAction(AuditEventAction.fromCode(r.action()));
    e.setRecorded(Date.from(r.recorded()));
    e.setOutcome(outcome(r.outcome()));
    if (r.purpose() != null) {
      e.addPurposeOfEvent(
          purpose(
              new AuditFacts.Care(
                  r.purpose(), r.purposeDetails(), null, null, false, 0, r.breakTheGlass()),
              false));
    }
    AuditEventAgentComponent agent = e.addAgent().setRequestor(true);
    agent.setName(r.agentName() != null ? r.agentName() : r.clientId());
    if (r.agentHpr() != null) {
      agent.setWho(
          new Reference().setIdentifier(new Identifier().setSystem(HPR).setValue(r.agentHpr())));
    } else if (r.orgnrParent() != null) {
      agent.setWho(
          new Reference()
              .setIdentifier(new Identifier().setSystem(ORGNR).setValue(r.orgnrParent())));
    }
    String org = r.orgnrChild() != null ? r.orgnrChild() : r.orgnrParent();
    if (org != null) {
      agent.setLocation(
          new Reference().setIdentifier(new Identifier().setSystem(ORGNR).setValue(org)));
    }
    e.getSource().setObserver(new Reference().setDisplay("Helse gateway"));
    if (ownPatient != null) {
      e.addExtension(PATIENT_EXTENSION, new Reference(ownPatient));
      patientEntity(e).setWhat(new Reference(ownPatient));
    }
    return e;
  }

  /** The row of an event. */
  public static AuditEntry entry(AuditFacts f) {
    AuditFacts.Agent a = f.agent() == null ? AuditFacts.Agent.UNKNOWN : f.agent();
    List<String> patients =
        java.util.stream.Stream.concat(f.patients().stream(), f.patientIdentifiers().stream())
            .distinct()
            .toList();
    return new AuditEntry(
        f.id(),
        f.recorded(),
        f.requestId(),
        f.source(),
        f.action(),
        f.subtype(),
        f.outcome(),
        a.pid(),
        a.hprNumber(),
        a.name(),
        f.message() != null ? a.herId() : a.clientId(),
        a.orgnrParent(),
        a.orgnrChild(),
        f.care() == null ? null : f.care().purposeOfUse(),
        f.care() == null ? null : f.care().purposeOfUseDetails(),
        f.care() != null && f.care().breakTheGlass(),
        patients);
  }

  private static String subtypeSystem(String source) {
    return AuditFacts.EMESSAGE.equals(source)
        ? EMESSAGE_TYPE
        : AuditFacts.HL7V2.equals(source) ? HL7V2_TYPE : RESTFUL_INTERACTION;
  }

  private static AuditEventOutcome outcome(int code) {
    return switch (code) {
      case 0 -> AuditEventOutcome._0;
      case 4 -> AuditEventOutcome._4;
      case 12 -> AuditEventOutcome._12;
      default -> AuditEventOutcome._8;
    };
  }

  private static CodeableConcept purpose(AuditFacts.Care c, boolean withDisplay) {
    CodeableConcept cc = new CodeableConcept();
    String code = c.breakTheGlass() ? "BTG" : c.purposeOfUse();
    if (code != null) {
      cc.addCoding(new Coding(ACT_REASON, code, withDisplay ? display(code) : null));
    }
    if (c.purposeOfUseDetails() != null) {
      cc.addCoding(new Coding(PURPOSE_DETAILS, c.purposeOfUseDetails(), null));
    }
    return cc;
  }

  private static String display(String code) {
    return switch (code) {
      case "TREAT" -> "treatment";
      case "ETREAT" -> "Emergency Treatment";
      case "COC" -> "coordination of care";
      case "BTG" -> "break the glass";
      default -> null;
    };
  }

  private static void careRelation(AuditEvent e, AuditFacts.Care c) {
    if (c.decisionRefId() == null && c.decisionRefDescription() == null) {
      return;
    }
    Extension ext = e.addExtension().setUrl(CARE_RELATION_EXTENSION);
    if (c.decisionRefId() != null) {
      ext.addExtension("decision-ref-id", new StringType(c.decisionRefId()));
    }
    if (c.decisionRefDescription() != null) {
      ext.addExtension("decision-ref-description", new StringType(c.decisionRefDescription()));
    }
    ext.addExtension("decision-ref-user-selected", new BooleanType(c.userSelected()));
    if (c.timeOfAttestation() > 0 && c.timeOfAttestation() <= Integer.MAX_VALUE) {
      ext.addExtension("toa", new UnsignedIntType((int) c.timeOfAttestation()));
    }
  }

  private static AuditEventAgentComponent agent(AuditEvent e, AuditFacts.Agent a, boolean message) {
    AuditEventAgentComponent agent = e.getAgentFirstRep().setRequestor(true);
    Organization legal = null;
    if (a.orgnrParent() != null || a.herId() != null) {
      legal = new Organization();
      legal.setId("legal-entity");
      if (a.orgnrParent() != null) {
        legal.addIdentifier().setSystem(ORGNR).setValue(a.orgnrParent());
      }
      if (a.herId() != null) {
        legal.addIdentifier().setSystem(HER).setValue(a.herId());
      }
      if (message && a.name() != null) {
        legal.setName(a.name());
      }
      e.addContained(legal);
    }
    Location pointOfCare = null;
    if (a.orgnrChild() != null) {
      Organization poc = new Organization();
      poc.setId("point-of-care-organization");
      poc.addIdentifier().setSystem(ORGNR).setValue(a.orgnrChild());
      e.addContained(poc);
      pointOfCare = new Location();
      pointOfCare.setId("point-of-care");
      pointOfCare.setManagingOrganization(new Reference("#point-of-care-organization"));
      e.addContained(pointOfCare);
    }
    if (message) {
      agent
          .addRole(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")))
          .setName(a.name());
      if (legal != null) {
        agent.setWho(new Reference("#legal-entity"));
      }
    } else if (a.person()) {
      Practitioner practitioner = new Practitioner();
      practitioner.setId("practitioner");
      if (a.pid() != null) {
        practitioner
            .addIdentifier()
            .setSystem(
                a.pid().length() == 11 && a.pid().charAt(0) >= '4' && a.pid().charAt(0) <= '7'
                    ? DNR
                    : FNR)
            .setValue(a.pid());
      }
      if (a.hprNumber() != null) {
        practitioner.addIdentifier().setSystem(HPR).setValue(a.hprNumber());
      }
      if (a.name() != null) {
        practitioner.addName().setText(a.name());
      }
      e.addContained(practitioner);
      PractitionerRole role = new PractitionerRole();
      role.setId("agent");
      role.setActive(true);
      role.setPractitioner(new Reference("#practitioner"));
      if (legal != null) {
        role.setOrganization(new Reference("#legal-entity"));
      }
      if (pointOfCare != null) {
        role.addLocation(new Reference("#point-of-care"));
      }
      e.addContained(role);
      agent
          .setWho(new Reference("#agent"))
          .setName(a.name())
          .setType(new CodeableConcept(new Coding(SECURITY_ROLE, "humanuser", "human user")));
      if (a.clientId() != null) {
        agent.setAltId(a.clientId());
      }
    } else {
      agent
          .setType(new CodeableConcept(new Coding(DCM, "110150", "Application")))
          .setName(a.clientId());
      if (a.clientId() != null) {
        agent.setAltId(a.clientId());
      }
      agent.setWho(
          legal != null
              ? new Reference("#legal-entity")
              : new Reference()
                  .setIdentifier(new Identifier().setSystem(CLIENT_ID).setValue(a.clientId())));
    }
    if (a.address() != null) {
      agent.getNetwork().setAddress(a.address()).setType(AuditEventAgentNetworkType._2);
    }
    return agent;
  }

  private static AuditEventEntityComponent patientEntity(AuditEvent e) {
    return e.addEntity()
        .setType(new Coding(ENTITY_TYPE, "1", "Person"))
        .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
  }

  private static void detail(AuditEventEntityComponent entity, String type, String value) {
    if (value != null) {
      entity.addDetail().setType(type).setValue(new StringType(value));
    }
  }

  /** {@code system|value} to an Identifier. */
  static Identifier identifier(String token) {
    int bar = token.indexOf('|');
    return bar < 0
        ? new Identifier().setValue(token)
        : new Identifier().setSystem(token.substring(0, bar)).setValue(token.substring(bar + 1));
  }
}
