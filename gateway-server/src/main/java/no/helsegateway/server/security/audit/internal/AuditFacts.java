package no.helsegateway.server.security.audit.internal;

import java.time.Instant;
import java.util.List;

/**
 * What happened, gathered by the capture hooks, from which {@link AuditEventBuilder} makes the
 * AuditEvent and {@link JdbcAuditLog} the row.
 *
 * @param source {@code rest}, {@code emessage} or {@code hl7v2}
 * @param action C, R, U, D or E
 * @param subtype restful-interaction code ({@code read}, {@code search-type}, ...) or {@code
 *     operation} for the REST API; the message type id for an e-message
 * @param outcome 0, 4 or 8
 * @param outcomeCode a short code for a failure ({@code denied}, {@code not-found}, {@code
 *     refused}, {@code error}, or the authorisation's denial code), never free text
 * @param agent who
 * @param patients {@code Patient/id} of every patient concerned
 * @param patientIdentifiers {@code system|value} national identifiers where known (e-messages)
 * @param resources the resources read or written ({@code Type/id} or {@code Type/id/_history/v})
 * @param query the search (type and parameters) for searches, else null: kept in the AuditEvent,
 *     never logged
 * @param care the care-relationship context (purpose, decision), may be null
 * @param message the e-message, null for REST
 */
public record AuditFacts(
    String id,
    Instant recorded,
    String requestId,
    String source,
    String action,
    String subtype,
    int outcome,
    String outcomeCode,
    Agent agent,
    List<String> patients,
    List<String> patientIdentifiers,
    List<String> resources,
    String query,
    Care care,
    Message message) {

  public static final String REST = "rest";
  public static final String EMESSAGE = "emessage";
  public static final String HL7V2 = "hl7v2";

  /** A received message (e-message or HL7 v2), not a REST request. */
  public static boolean isMessage(String source) {
    return EMESSAGE.equals(source) || HL7V2.equals(source);
  }

  public AuditFacts {
    patients = patients == null ? List.of() : List.copyOf(patients);
    patientIdentifiers = patientIdentifiers == null ? List.of() : List.copyOf(patientIdentifiers);
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /**
   * The user or system (REST), or the sending organisation (e-message).
   *
   * @param person true for a health worker or patient (has a pid), false for a system client or an
   *     organisation
   * @param pid national identifier of the person
   * @param hprNumber HPR number of a health worker
   * @param name the person's name, or the organisation's
   * @param clientId the client id (REST) or null
   * @param orgnrParent legal entity (REST: {@code orgnr_parent}; e-message: the sender's ENH)
   * @param orgnrChild point of care ({@code orgnr_child}), may be null
   * @param herId the sender's HER-id (e-message), may be null
   * @param address the client's network address (REST), may be null
   */
  public record Agent(
      boolean person,
      String pid,
      String hprNumber,
      String name,
      String clientId,
      String orgnrParent,
      String orgnrChild,
      String herId,
      String address) {

    public static final Agent UNKNOWN =
        new Agent(false, null, null, null, null, null, null, null, null);
  }

  /**
   * @param purposeOfUse TREAT, ETREAT, COC or BTG
   * @param purposeOfUseDetails local access decision code, may be null
   * @param decisionRefId reference to the local access decision, may be null
   * @param decisionRefDescription its text (for break-the-glass the reason: never shown to the
   *     patient)
   * @param userSelected self-authorised
   * @param timeOfAttestation epoch seconds, 0 if unknown
   * @param breakTheGlass emergency access
   */
  public record Care(
      String purposeOfUse,
      String purposeOfUseDetails,
      String decisionRefId,
      String decisionRefDescription,
      boolean userSelected,
      long timeOfAttestation,
      boolean breakTheGlass) {}

  /**
   * @param trackingId the gateway's id of the receipt
   * @param messageId the message's own id
   * @param channel http, file or jms
   * @param state final state (STORED, REJECTED, DUPLICATE)
   */
  public record Message(String trackingId, String messageId, String channel, String state) {}
}
