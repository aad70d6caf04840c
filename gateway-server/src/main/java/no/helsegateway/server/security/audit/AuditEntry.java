package no.helsegateway.server.security.audit;

import java.time.Instant;
import java.util.List;

/**
 * One row of the access log as stored ({@code gw_audit_event}), without the AuditEvent JSON: what
 * the patient's view and the counters need.
 *
 * @param id the AuditEvent id
 * @param recorded when
 * @param requestId HAPI's request id ({@code X-Request-ID} when the client sent one), the e-message
 *     tracking id, or an HL7 v2 message's {@code MSH-4|MSH-10}
 * @param source {@code rest}, {@code emessage} or {@code hl7v2}
 * @param action C, R, U, D or E
 * @param subtype the interaction ({@code read}, {@code search-type}, {@code create}, ..., or the
 *     message type)
 * @param outcome 0 success, 4 minor failure (denied, not found, refused), 8 serious failure
 * @param agentPid national identifier of the person (null for a system client or a message)
 * @param agentHpr HPR number, may be null
 * @param agentName the person's name, or the sending organisation's for a message
 * @param clientId the client id, or the sender's HER-id for a message
 * @param orgnrParent legal entity
 * @param orgnrChild point of care, may be null
 * @param purpose purpose of use code (TREAT, ETREAT, COC, BTG), may be null
 * @param purposeDetails code of the local access decision, may be null
 * @param breakTheGlass emergency access
 * @param patients {@code Patient/id} references and {@code system|value} identifiers
 */
public record AuditEntry(
    String id,
    Instant recorded,
    String requestId,
    String source,
    String action,
    String subtype,
    int outcome,
    String agentPid,
    String agentHpr,
    String agentName,
    String clientId,
    String orgnrParent,
    String orgnrChild,
    String purpose,
    String purposeDetails,
    boolean breakTheGlass,
    List<String> patients) {

  public AuditEntry {
    patients = patients == null ? List.of() : List.copyOf(patients);
  }
}
