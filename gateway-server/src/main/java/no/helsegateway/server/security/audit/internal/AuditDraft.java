package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit record of one REST request while it runs, kept in the request's user data: the patients
 * and resources the capture hooks saw, and whether the record was written (exactly once per
 * request).
 */
final class AuditDraft {

  private static final String KEY = AuditDraft.class.getName();

  final String requestId;
  final RestOperationTypeEnum operation;
  final String resourceType;
  final String target;
  final String query;

  /** Whether the request is audited even when no patient is seen (patient-compartment types). */
  final boolean mandatory;

  private final Set<String> patients = new LinkedHashSet<>();
  private final Set<String> resources = new LinkedHashSet<>();
  private boolean written;
  private boolean failed;
  private boolean synchronizationRegistered;

  AuditDraft(
      String requestId,
      RestOperationTypeEnum operation,
      String resourceType,
      String target,
      String query,
      boolean mandatory) {
    this.requestId = requestId;
    this.operation = operation;
    this.resourceType = resourceType;
    this.target = target;
    this.query = query;
    this.mandatory = mandatory;
    if (target != null) {
      resources.add(target);
    }
  }

  static AuditDraft of(RequestDetails request) {
    return request == null ? null : (AuditDraft) request.getUserData().get(KEY);
  }

  void attach(RequestDetails request) {
    request.getUserData().put(KEY, this);
  }

  synchronized void addPatients(Set<String> owners) {
    patients.addAll(owners);
  }

  synchronized void addResource(String ref) {
    resources.add(ref);
  }

  synchronized List<String> patients() {
    return new ArrayList<>(patients);
  }

  synchronized List<String> resources() {
    return new ArrayList<>(resources);
  }

  synchronized boolean shouldRecord() {
    return mandatory || !patients.isEmpty();
  }

  synchronized boolean done() {
    return written || failed;
  }

  synchronized void written(boolean value) {
    written = value;
  }

  synchronized void failed() {
    failed = true;
  }

  /** True the first time per transaction: the caller registers the before-commit write. */
  synchronized boolean claimSynchronization() {
    if (synchronizationRegistered) {
      return false;
    }
    synchronizationRegistered = true;
    return true;
  }

  synchronized void releaseSynchronization() {
    synchronizationRegistered = false;
  }
}
