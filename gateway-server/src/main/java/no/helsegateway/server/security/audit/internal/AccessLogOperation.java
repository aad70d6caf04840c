package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.audit.AuditEntry;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code GET /fhir/Patient/{id}/$access-log}: the patient's view of who accessed their record, as
 * plain JSON, newest first: when, who (name, HPR number), for which organisation, what kind of
 * access, purpose code, break-the-glass, outcome. Never free text (no decision description, no
 * break-the-glass reason, no search text) and never another patient. A patient token sees only its
 * own record (another id answers 404, as if missing); auditors any.
 */
public final class AccessLogOperation {

  static final int LIMIT = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcAuditLog auditLog;
  private final AuditAccess access;

  public AccessLogOperation(JdbcAuditLog auditLog, AuditAccess access) {
    this.auditLog = auditLog;
    this.access = access;
  }

  @Operation(name = "$access-log", typeName = "Patient", idempotent = true, manualResponse = true)
  public void accessLog(@IdParam IdType id, RequestDetails request, HttpServletResponse response)
      throws IOException {
    GatewayPrincipal principal = Principals.of(request).orElse(null);
    AuditAccess.Level level = AuditEventProvider.allowed(principal);
    Set<String> keys;
    if (level == AuditAccess.Level.OWN) {
      keys = access.ownRecord(principal.pid());
      if (!keys.contains("Patient/" + id.getIdPart())) {
        throw new ResourceNotFoundException(id);
      }
    } else {
      keys = access.recordOf(id.getIdPart());
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    for (AuditEntry e : auditLog.search(keys, null, null, LIMIT)) {
      entries.add(view(e));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("patient", "Patient/" + id.getIdPart());
    body.put("entries", entries);
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** One entry as the patient sees it: codes and names, no free text, no other patient. */
  static Map<String, Object> view(AuditEntry e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("time", e.recorded().toString());
    boolean message = AuditFacts.EMESSAGE.equals(e.source());
    v.put("who", e.agentName() != null ? e.agentName() : e.clientId());
    v.put("hprNumber", e.agentHpr());
    v.put("organisation", e.orgnrChild() != null ? e.orgnrChild() : e.orgnrParent());
    v.put("legalEntity", e.orgnrParent());
    v.put("access", message ? "message-received" : e.subtype());
    v.put("purpose", e.purpose());
    v.put("purposeDetails", e.purposeDetails());
    v.put("breakTheGlass", e.breakTheGlass());
    v.put(
        "outcome",
        switch (e.outcome()) {
          case 0 -> "success";
          case 4 -> "refused";
          default -> "failed";
        });
    return v;
  }
}
