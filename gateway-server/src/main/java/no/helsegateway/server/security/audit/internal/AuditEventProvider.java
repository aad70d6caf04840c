package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.audit.AuditEntry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code AuditEvent} on the FHIR API, served from the access log ({@code gw_audit_event}) in place
 * of HAPI JPA's AuditEvent provider: read and search (newest first; {@code patient}, {@code date},
 * {@code _count} up to {@value #MAX_COUNT}; page back with {@code date=lt...}), never create,
 * update, patch or delete (405). Auditors get the stored AuditEvent; a patient gets the entries of
 * their own record in the patient's view, and an empty result for anyone else's. Reading the log is
 * not itself recorded (that would recurse; the auditor's access is visible in the server's request
 * log).
 */
public final class AuditEventProvider implements IResourceProvider {

  static final int DEFAULT_COUNT = 100;
  static final int MAX_COUNT = 1000;

  private final JdbcAuditLog auditLog;
  private final AuditAccess access;
  private final FhirContext fhirContext;
  private final AuditEventBuilder builder = new AuditEventBuilder();

  public AuditEventProvider(JdbcAuditLog auditLog, AuditAccess access, FhirContext fhirContext) {
    this.auditLog = auditLog;
    this.access = access;
    this.fhirContext = fhirContext;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Read
  public AuditEvent read(@IdParam IdType id, RequestDetails request) {
    GatewayPrincipal principal = Principals.of(request).orElse(null);
    AuditAccess.Level level = allowed(principal);
    AuditEntry entry =
        auditLog.find(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
    if (level == AuditAccess.Level.ALL) {
      return auditLog
          .json(entry.id())
          .map(this::auditEvent)
          .orElseThrow(() -> new ResourceNotFoundException(id));
    }
    Set<String> own = access.ownRecord(principal.pid());
    String mine = entry.patients().stream().filter(own::contains).findFirst().orElse(null);
    if (mine == null) {
      throw new ResourceNotFoundException(id); // someone else's: as if missing
    }
    return builder.patientView(entry, ownReference(entry, own));
  }

  @Search
  public List<AuditEvent> search(
      @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceOrListParam patient,
      @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
      @Count Integer count,
      RequestDetails request) {
    GatewayPrincipal principal = Principals.of(request).orElse(null);
    AuditAccess.Level level = allowed(principal);
    Set<String> asked = null;
    if (patient != null && !patient.getValuesAsQueryTokens().isEmpty()) {
      asked = new LinkedHashSet<>();
      for (ReferenceParam p : patient.getValuesAsQueryTokens()) {
        if (p.getResourceType() == null || "Patient".equals(p.getResourceType())) {
          asked.addAll(
              level == AuditAccess.Level.ALL
                  ? access.recordOf(p.getIdPart())
                  : Set.of("Patient/" + p.getIdPart()));
        }
      }
    }
    Set<String> keys = asked;
    Set<String> own = null;
    if (level == AuditAccess.Level.OWN) {
      own = access.ownRecord(principal.pid());
      if (asked == null) {
        keys = own;
      } else {
        keys = new LinkedHashSet<>(asked);
        keys.retainAll(own);
        if (!keys.isEmpty()) {
          keys = own; // their own record, under whichever of their keys
        }
      }
    }
    int limit = count == null ? DEFAULT_COUNT : Math.max(1, Math.min(MAX_COUNT, count));
    Instant from =
        date == null || date.getLowerBoundAsInstant() == null
            ? null
            : date.getLowerBoundAsInstant().toInstant();
    Instant to =
        date == null || date.getUpperBoundAsInstant() == null
            ? null
            : date.getUpperBoundAsInstant().toInstant();
    List<AuditEntry> rows = auditLog.search(keys, from, to, limit);
    List<AuditEvent> out = new ArrayList<>(rows.size());
    for (AuditEntry r : rows) {
      if (level == AuditAccess.Level.ALL) {
        auditLog.json(r.id()).ifPresent(j -> out.add(auditEvent(j)));
      } else {
        out.add(builder.patientView(r, ownReference(r, own)));
      }
    }
    return out;
  }

  /** The full AuditEvent of a stored record (its facts, or the FHIR JSON of an older row). */
  private AuditEvent auditEvent(String stored) {
    return AuditFactsCodec.isAuditEventJson(stored)
        ? fhirContext.newJsonParser().parseResource(AuditEvent.class, stored)
        : builder.build(AuditFactsCodec.decode(stored));
  }

  @Create
  public MethodOutcome create(@ResourceParam AuditEvent resource) {
    throw immutable();
  }

  @Update
  public MethodOutcome update(
      @IdParam IdType id,
      @ResourceParam AuditEvent resource,
      @ConditionalUrlParam String conditional) {
    throw immutable();
  }

  @Patch
  public MethodOutcome patch(
      @IdParam IdType id,
      PatchTypeEnum type,
      @ResourceParam String body,
      @ConditionalUrlParam String conditional) {
    throw immutable();
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id, @ConditionalUrlParam String conditional) {
    throw immutable();
  }

  private static MethodNotAllowedException immutable() {
    return new MethodNotAllowedException(StorageAuditInterceptor.IMMUTABLE, RequestTypeEnum.GET);
  }

  static AuditAccess.Level allowed(GatewayPrincipal principal) {
    AuditAccess.Level level = AuditAccess.level(principal);
    if (level == AuditAccess.Level.NONE) {
      throw new ForbiddenOperationException(
          "Reading the access log needs an AuditEvent read scope");
    }
    return level;
  }

  /** The patient's own Patient reference in an entry (for the view's patient element). */
  private static String ownReference(AuditEntry entry, Set<String> own) {
    for (String p : entry.patients()) {
      if (p.startsWith("Patient/") && own.contains(p)) {
        return p;
      }
    }
    return own.stream().filter(p -> p.startsWith("Patient/")).findFirst().orElse(null);
  }
}
