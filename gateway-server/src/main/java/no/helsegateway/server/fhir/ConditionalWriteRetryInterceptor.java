package no.helsegateway.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Retries a write that lost a race on HAPI's conditional-create constraint. Without it, of twenty
 * identical parallel conditional creates one gets 201 and nineteen get 409; with it the losers run
 * again, find the winner's resource and answer 200 with it, which is what an idempotent sender
 * expects. Only conditional creates and updates and transaction/batch Bundles are retried: a plain
 * update that conflicts keeps its 409, and an {@code If-Match} update keeps its 412.
 */
@Interceptor
public class ConditionalWriteRetryInterceptor {

  private final int maxRetries;

  public ConditionalWriteRetryInterceptor(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
  public ResourceVersionConflictResolutionStrategy onConflict(RequestDetails request) {
    ResourceVersionConflictResolutionStrategy strategy =
        new ResourceVersionConflictResolutionStrategy();
    if (request != null && isRetryable(request)) {
      strategy.setRetry(true);
      strategy.setMaxRetries(maxRetries);
    }
    return strategy;
  }

  static boolean isRetryable(RequestDetails request) {
    if (request.getHeader("If-Match") != null) {
      return false;
    }
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation == RestOperationTypeEnum.TRANSACTION) {
      return true;
    }
    if (operation == RestOperationTypeEnum.CREATE) {
      return request.getHeader("If-None-Exist") != null;
    }
    if (operation == RestOperationTypeEnum.UPDATE) {
      // A conditional update names its target by search parameters, not by id.
      return request.getRequestType() == RequestTypeEnum.PUT
          && request.getConditionalUrl(RestOperationTypeEnum.UPDATE) != null;
    }
    return false;
  }
}
