package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;

/**
 * Drops every method binding of HAPI JPA's AuditEvent provider (read, search, history, create,
 * update, patch, delete, operations) while the RestfulServer scans its providers ({@link
 * Pointcut#SERVER_PROVIDER_METHOD_BOUND}: a hook returning null discards the binding), so that
 * AuditEvent is answered by {@link AuditEventProvider} alone, from the append-only access log.
 */
@Interceptor
public final class JpaAuditEventRemover {

  private final Object replacement;

  public JpaAuditEventRemover(Object replacement) {
    this.replacement = replacement;
  }

  @Hook(Pointcut.SERVER_PROVIDER_METHOD_BOUND)
  public BaseMethodBinding bound(BaseMethodBinding binding) {
    if ("AuditEvent".equals(binding.getResourceName()) && binding.getProvider() != replacement) {
      return null;
    }
    return binding;
  }
}
