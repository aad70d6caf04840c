package no.helsegateway.server.terminology.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.OperationMethodBinding;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops HAPI JPA's own bindings of the terminology operations that the gateway answers itself
 * ({@code ConceptMap/$translate}, {@code CodeSystem/$lookup}, {@code CodeSystem/$validate-code},
 * {@code ValueSet/$validate-code}), so that exactly one method answers each of them.
 *
 * <p>It uses HAPI's documented hook for this: {@link Pointcut#SERVER_PROVIDER_METHOD_BOUND} is
 * called for every method binding while the RestfulServer scans its providers, and a hook that
 * returns null discards the binding. Registered on the server before it starts, it sees all
 * bindings. Other JPA operations ($expand, $subsumes, instance-level operations of other types)
 * stay.
 */
@Interceptor
public final class JpaTerminologyOperationsRemover {

  private static final Logger log = LoggerFactory.getLogger(JpaTerminologyOperationsRemover.class);

  static final Map<String, Set<String>> REPLACED =
      Map.of(
          "ConceptMap", Set.of("translate"),
          "CodeSystem", Set.of("lookup", "validate-code"),
          "ValueSet", Set.of("validate-code"));

  private final Object replacement;

  public JpaTerminologyOperationsRemover(Object replacement) {
    this.replacement = replacement;
  }

  @Hook(Pointcut.SERVER_PROVIDER_METHOD_BOUND)
  public BaseMethodBinding bound(BaseMethodBinding binding) {
    if (binding instanceof OperationMethodBinding op
        && op.getProvider() != replacement
        && isReplaced(op.getResourceName(), op.getName())) {
      log.debug(
          "Replacing {} operation {} of {}",
          op.getResourceName(),
          op.getName(),
          op.getProvider().getClass().getSimpleName());
      return null;
    }
    return binding;
  }

  static boolean isReplaced(String resourceName, String operationName) {
    if (resourceName == null || operationName == null) {
      return false;
    }
    String name = operationName.startsWith("$") ? operationName.substring(1) : operationName;
    return REPLACED.getOrDefault(resourceName, Set.of()).contains(name);
  }
}
