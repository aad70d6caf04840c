package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.helsegateway.server.security.GatewayPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Who may read the access log, and which part:
 *
 * <ul>
 *   <li>{@link Level#ALL}: auditors, with {@code system/AuditEvent.rs} or {@code
 *       user/AuditEvent.rs} (SMART v2 with r or s, or v1 {@code .read}; the type must be named:
 *       {@code system/*.rs} does not open the log) or {@code gateway/operations}; also requests
 *       without a principal (security off, in-process);
 *   <li>{@link Level#OWN}: a patient token ({@code patient/AuditEvent.rs} or {@code patient/*.rs})
 *       with the person's national identifier ({@code pid}): the entries of their own record only,
 *       in the patient's view (no free text, no other patients);
 *   <li>{@link Level#NONE}: everyone else (403).
 * </ul>
 */
public final class AuditAccess {

  public enum Level {
    ALL,
    OWN,
    NONE
  }

  private static final Pattern SCOPE =
      Pattern.compile("^(patient|user|system)/(AuditEvent|\\*)\\.([a-z*]+)$");

  private final DaoRegistry daoRegistry;

  public AuditAccess(DaoRegistry daoRegistry) {
    this.daoRegistry = daoRegistry;
  }

  public static Level level(GatewayPrincipal principal) {
    if (principal == null) {
      return Level.ALL;
    }
    Level level = Level.NONE;
    for (String scope : principal.scopes()) {
      if ("gateway/operations".equals(scope)) {
        return Level.ALL;
      }
      Matcher m = SCOPE.matcher(scope);
      if (!m.matches() || !reads(m.group(3))) {
        continue;
      }
      if ("patient".equals(m.group(1))) {
        if (principal.pid() != null) {
          level = Level.OWN;
        }
      } else if ("AuditEvent".equals(m.group(2))) {
        return Level.ALL;
      }
    }
    return level;
  }

  /** SMART v2 permissions with r or s ({@code cruds} order), or v1 {@code read} / {@code *}. */
  static boolean reads(String permissions) {
    if ("read".equals(permissions) || "*".equals(permissions)) {
      return true;
    }
    if (!permissions.matches("c?r?u?d?s?") || permissions.isEmpty()) {
      return false;
    }
    return permissions.contains("r") || permissions.contains("s");
  }

  /**
   * The keys of a person's own record in the log: {@code Patient/id} of every Patient with their
   * fødselsnummer or D-nummer, and the identifier tokens themselves (e-message records name the
   * patient by identifier).
   */
  public Set<String> ownRecord(String pid) {
    Set<String> keys = new LinkedHashSet<>();
    if (pid == null || pid.isBlank()) {
      return keys;
    }
    keys.add(AuditEventBuilder.FNR + "|" + pid);
    keys.add(AuditEventBuilder.DNR + "|" + pid);
    IFhirResourceDao<?> dao = daoRegistry.getResourceDao("Patient");
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.addOrList(
        "identifier",
        java.util.List.of(
            new TokenParam(AuditEventBuilder.FNR, pid),
            new TokenParam(AuditEventBuilder.DNR, pid)));
    IBundleProvider found = dao.search(map, new SystemRequestDetails());
    for (IBaseResource r : found.getResources(0, 100)) {
      keys.add("Patient/" + r.getIdElement().getIdPart());
    }
    return keys;
  }

  /** The keys of a patient's record: the reference and the national identifiers it carries. */
  public Set<String> recordOf(String patientId) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("Patient/" + patientId);
    try {
      Patient p =
          (Patient)
              daoRegistry
                  .getResourceDao("Patient")
                  .read(
                      new org.hl7.fhir.r4.model.IdType("Patient", patientId),
                      new SystemRequestDetails());
      for (Identifier i : p.getIdentifier()) {
        if (AuditEventBuilder.FNR.equals(i.getSystem())
            || AuditEventBuilder.DNR.equals(i.getSystem())) {
          keys.add(i.getSystem() + "|" + i.getValue());
        }
      }
    } catch (RuntimeException e) {
      // no such patient (or deleted): the reference alone
    }
    return keys;
  }
}
