package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.PatientCompartment;
import no.helsegateway.server.security.Principals;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One AuditEvent per REST request that touches patient data, written before data leaves the server:
 *
 * <ul>
 *   <li>reads, searches, history, paging, operations: at {@code SERVER_OUTGOING_RESPONSE}, after
 *       authorisation has filtered the response (hook order {@value #ORDER}) and before the body is
 *       written; the insert auto-commits, and if it fails the request fails with 503 and no body.
 *   <li>writes (create, update, patch, delete, transaction): in the write's own database
 *       transaction, just before it commits (a Spring before-commit callback registered at the
 *       first {@code STORAGE_PRECOMMIT_RESOURCE_*} of the request): the write and its record commit
 *       together or not at all. A batch's entries commit one by one, so a batch is recorded once,
 *       at the response.
 *   <li>failures (403/404 by policy, 4xx refusals, 5xx): at {@code SERVER_HANDLE_EXCEPTION}, with
 *       outcome 4 or 8. A 401 never reaches HAPI (the authentication filter answers it): no
 *       identity, no record.
 * </ul>
 *
 * Requests on AuditEvent itself (the log is read through {@code AuditEventProvider}) and {@code
 * $validate} are not recorded; requests on types outside the patient compartment only when they
 * showed patients (an Organization search with {@code _revinclude} of Patients).
 */
@Interceptor
public final class RestAuditInterceptor {

  /** After authorisation (orders below 1000). */
  public static final int ORDER = 1000;

  private static final Logger log = LoggerFactory.getLogger(RestAuditInterceptor.class);

  private static final Set<RestOperationTypeEnum> ALWAYS =
      EnumSet.of(
          RestOperationTypeEnum.TRANSACTION,
          RestOperationTypeEnum.BATCH,
          RestOperationTypeEnum.SEARCH_SYSTEM,
          RestOperationTypeEnum.HISTORY_SYSTEM,
          RestOperationTypeEnum.GET_PAGE);

  private static final Set<RestOperationTypeEnum> NEVER =
      EnumSet.of(
          RestOperationTypeEnum.METADATA,
          RestOperationTypeEnum.VALIDATE,
          RestOperationTypeEnum.GET_TAGS,
          RestOperationTypeEnum.GRAPHQL_REQUEST);

  private static final Set<String> UNAUDITED_OPERATIONS = Set.of("$validate", "$access-log");

  private final AuditWriter writer;
  private final PatientCompartment compartment;
  private final Clock clock;

  public RestAuditInterceptor(AuditWriter writer, PatientCompartment compartment, Clock clock) {
    this.writer = writer;
    this.compartment = compartment;
    this.clock = clock;
  }

  /**
   * The record starts as soon as HAPI knows the interaction, before authorisation runs (at {@code
   * SERVER_INCOMING_REQUEST_PRE_HANDLED}), so that a request it refuses is recorded too.
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = ORDER)
  public boolean postProcessed(RequestDetails request) {
    start(request, request.getRestOperationType());
    return true;
  }

  void start(RequestDetails request, RestOperationTypeEnum operation) {
    if (!(request instanceof ServletRequestDetails) || operation == null) {
      return;
    }
    String type = request.getResourceName();
    if ("AuditEvent".equals(type)
        || NEVER.contains(operation)
        || (request.getOperation() != null
            && UNAUDITED_OPERATIONS.contains(request.getOperation()))) {
      return;
    }
    boolean mandatory = ALWAYS.contains(operation) || inPatientCompartment(type);
    IIdType id = request.getId();
    String target =
        id != null && id.hasIdPart() && type != null
            ? id.toUnqualified().withResourceType(type).getValue()
            : null;
    new AuditDraft(
            request.getRequestId(),
            operation,
            type,
            target,
            isSearch(operation) ? query(type, request.getParameters()) : null,
            mandatory)
        .attach(request);
  }

  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = ORDER)
  public boolean outgoing(RequestDetails request, IBaseResource response) {
    AuditDraft draft = AuditDraft.of(request);
    if (draft == null || draft.done()) {
      return true;
    }
    draft.addPatients(shownPatients(response));
    if (response != null) {
      request.getUserData().put(RESPONSE, response);
    }
    if (draft.shouldRecord()) {
      write(request, draft, 0, null);
    }
    return true;
  }

  /** A response without a resource body (e.g. 204): recorded here, after the fact. */
  @Hook(value = Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY, order = ORDER)
  public void completed(RequestDetails request) {
    AuditDraft draft = AuditDraft.of(request);
    if (draft == null || draft.done() || !draft.shouldRecord()) {
      return;
    }
    try {
      write(request, draft, 0, null);
    } catch (AuditUnavailableException e) {
      // the response is out already; counted in gateway_audit_failures_total
    }
  }

  @Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = ORDER)
  public boolean failed(RequestDetails request, BaseServerResponseException exception) {
    AuditDraft draft = AuditDraft.of(request);
    int status = exception.getStatusCode();
    if (draft == null
        || draft.done()
        || status == 401
        || exception instanceof AuditUnavailableException
        || !draft.shouldRecord()) {
      return true;
    }
    AccessDecisionView decision = decision(request);
    String code =
        decision.denied() && decision.denialReason() != null
            ? decision.denialReason()
            : switch (status) {
              case 403 -> "denied";
              case 404, 410 -> "not-found";
              default -> status >= 500 ? "error" : "refused";
            };
    try {
      write(request, draft, status >= 500 ? 8 : 4, code);
    } catch (AuditUnavailableException e) {
      // an error response carries no patient data; counted in gateway_audit_failures_total
    }
    return true;
  }

  /**
   * A refusal authorisation answered itself, like a missing target (a delete of a resource the
   * caller may not see): recorded as denied now, since no later hook runs for it.
   */
  public void answeredAsMissing(RequestDetails request) {
    if (AuditDraft.of(request) == null) {
      start(request, request.getRestOperationType());
    }
    AuditDraft draft = AuditDraft.of(request);
    if (draft == null || draft.done() || !draft.shouldRecord()) {
      return;
    }
    AccessDecisionView decision = decision(request);
    write(
        request,
        draft,
        4,
        decision.denied() && decision.denialReason() != null ? decision.denialReason() : "denied");
  }

  /** Called by the storage hooks for every resource a REST request writes. */
  void written(RequestDetails request, AuditDraft draft, String ref, Set<String> owners) {
    draft.addResource(ref);
    draft.addPatients(owners);
    if (draft.operation == RestOperationTypeEnum.BATCH
        || !TransactionSynchronizationManager.isSynchronizationActive()
        || !draft.claimSynchronization()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public int getOrder() {
            return LOWEST_PRECEDENCE;
          }

          @Override
          public void beforeCommit(boolean readOnly) {
            if (!draft.done()) {
              write(request, draft, 0, null);
            }
          }

          @Override
          public void afterCompletion(int status) {
            draft.releaseSynchronization();
            if (status != STATUS_COMMITTED) {
              draft.written(false); // rolled back with the write: the failure is recorded
            }
          }
        });
  }

  private void write(RequestDetails request, AuditDraft draft, int outcome, String outcomeCode) {
    if (outcome == 0) {
      draft.addPatients(submittedPatients(request, draft));
    }
    HttpServletRequest servlet =
        request instanceof ServletRequestDetails s ? s.getServletRequest() : null;
    GatewayPrincipal principal = Principals.of(servlet).orElse(null);
    AccessDecisionView decision = AccessDecisionView.of(servlet);
    AuditFacts facts =
        new AuditFacts(
            AuditIds.next(),
            clock.instant(),
            draft.requestId,
            AuditFacts.REST,
            action(draft.operation),
            subtype(draft.operation),
            outcome,
            outcomeCode,
            agent(principal, servlet),
            draft.patients(),
            null,
            draft.resources(),
            draft.query,
            care(principal, decision),
            null);
    try {
      writer.write(facts);
      draft.written(true);
    } catch (AuditUnavailableException e) {
      draft.failed();
      throw e;
    }
  }

  static AuditFacts.Agent agent(GatewayPrincipal p, HttpServletRequest servlet) {
    String address = servlet == null ? null : servlet.getRemoteAddr();
    if (p == null) {
      return new AuditFacts.Agent(false, null, null, null, null, null, null, null, address);
    }
    return new AuditFacts.Agent(
        p.pid() != null,
        p.pid(),
        p.hprNumber(),
        p.name(),
        p.clientId(),
        p.orgnrParent(),
        p.orgnrChild(),
        null,
        address);
  }

  static AuditFacts.Care care(GatewayPrincipal p, AccessDecisionView decision) {
    Attestation a = p == null ? null : p.attestation();
    String purpose =
        decision.purposeOfUse() != null
            ? decision.purposeOfUse()
            : a == null ? null : a.purposeOfUse();
    boolean btg = decision.breakTheGlass() || (a != null && a.breakTheGlass());
    if (a == null && purpose == null && !btg) {
      return null;
    }
    return new AuditFacts.Care(
        btg ? "BTG" : purpose,
        a == null ? null : a.purposeOfUseDetails(),
        a == null ? null : a.decisionRefId(),
        a == null ? null : a.decisionRefDescription(),
        a != null && a.userSelected(),
        a == null ? 0 : a.timeOfAttestation(),
        btg);
  }

  private static AccessDecisionView decision(RequestDetails request) {
    return AccessDecisionView.of(
        request instanceof ServletRequestDetails s ? s.getServletRequest() : null);
  }

  private boolean inPatientCompartment(String type) {
    if (type == null) {
      return false;
    }
    try {
      return compartment.inPatientCompartment(type);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The patients of the resources a successful transaction or batch submitted: also those of
   * entries that changed nothing (an unchanged conditional update reaches no storage hook). A
   * batch's entries succeed one by one: only entries whose response is 2xx count.
   */
  private Set<String> submittedPatients(RequestDetails request, AuditDraft draft) {
    if ((draft.operation != RestOperationTypeEnum.TRANSACTION
            && draft.operation != RestOperationTypeEnum.BATCH)
        || !(request.getResource() instanceof Bundle submitted)) {
      return Set.of();
    }
    Bundle response = request.getUserData().get(RESPONSE) instanceof Bundle b ? b : null;
    if (draft.operation == RestOperationTypeEnum.BATCH && response == null) {
      return Set.of();
    }
    Set<String> owners = new LinkedHashSet<>();
    for (int i = 0; i < submitted.getEntry().size(); i++) {
      Bundle.BundleEntryComponent e = submitted.getEntry().get(i);
      if (e.getResource() == null) {
        continue;
      }
      if (response != null) {
        String status =
            i < response.getEntry().size()
                ? response.getEntry().get(i).getResponse().getStatus()
                : null;
        if (status == null || !status.startsWith("2")) {
          continue;
        }
      }
      collect(e.getResource(), owners, 1);
    }
    owners.removeIf(o -> o.contains("urn:") || o.endsWith("/null") || o.endsWith("/"));
    return owners;
  }

  private static final String RESPONSE = RestAuditInterceptor.class.getName() + ".response";

  /** The patients of a response: the resource, or every resource in a Bundle (nested once). */
  Set<String> shownPatients(IBaseResource response) {
    Set<String> owners = new LinkedHashSet<>();
    collect(response, owners, 0);
    return owners;
  }

  private void collect(IBaseResource resource, Set<String> owners, int depth) {
    if (resource == null || depth > 2) {
      return;
    }
    if (resource instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
        collect(e.getResource(), owners, depth + 1);
      }
    } else if (resource instanceof Parameters parameters) {
      for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
        collect(p.getResource(), owners, depth + 1);
      }
    } else {
      try {
        owners.addAll(compartment.owners(resource));
      } catch (RuntimeException e) {
        log.debug("No compartment owners for a {}", resource.fhirType());
      }
    }
  }

  static boolean isSearch(RestOperationTypeEnum op) {
    return op == RestOperationTypeEnum.SEARCH_TYPE
        || op == RestOperationTypeEnum.SEARCH_SYSTEM
        || op == RestOperationTypeEnum.GET_PAGE;
  }

  /** {@code Type?name=value&...} from the parsed parameters (GET and POST {@code _search}). */
  static String query(String type, Map<String, String[]> parameters) {
    StringBuilder q = new StringBuilder(type == null ? "" : type).append('?');
    boolean first = true;
    for (Map.Entry<String, String[]> p : parameters.entrySet()) {
      for (String v : p.getValue()) {
        if (!first) {
          q.append('&');
        }
        first = false;
        q.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return q.toString();
  }

  static String action(RestOperationTypeEnum op) {
    return switch (op) {
      case CREATE -> "C";
      case UPDATE, PATCH, META_ADD, META_DELETE -> "U";
      case DELETE -> "D";
      case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> "R";
      default -> "E";
    };
  }

  static String subtype(RestOperationTypeEnum op) {
    return switch (op) {
      case GET_PAGE -> "search";
      case EXTENDED_OPERATION_INSTANCE,
              EXTENDED_OPERATION_TYPE,
              EXTENDED_OPERATION_SERVER,
              META,
              META_ADD,
              META_DELETE ->
          "operation";
      default -> op.getCode();
    };
  }
}
