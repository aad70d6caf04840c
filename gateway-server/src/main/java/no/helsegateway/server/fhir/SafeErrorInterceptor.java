package no.helsegateway.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every error response a typed, safe OperationOutcome: client mistakes get their 4xx status
 * (a parse failure is 400, a stale {@code If-Match} is 412), and nothing internal (stack traces,
 * SQL, class names) reaches the client. Server faults get a generic text with an incident id that
 * is also logged, so an operator can find the cause without the response revealing it.
 */
@Interceptor
public class SafeErrorInterceptor {

  private static final Logger log = LoggerFactory.getLogger(SafeErrorInterceptor.class);

  /** Things that must never appear in a response: package-qualified names, SQL, stack frames. */
  static final Pattern INTERNAL_DETAIL =
      Pattern.compile(
          "((java|javax|jakarta|org|ca|com|net)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]+)"
              + "|(\\bat [a-zA-Z0-9_.$]+\\()"
              + "|(\\bselect\\b.+\\bfrom\\b|\\binsert into\\b|\\bupdate \\w+ set\\b|\\bdelete from\\b)"
              + "|(SQL|JDBC|Hibernate|constraint \\[)",
          Pattern.CASE_INSENSITIVE);

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException toSafeError(
      RequestDetails requestDetails, Throwable exception) {
    Throwable cause = unwrap(exception);
    BaseServerResponseException unavailable = gatewayUnavailable(exception);
    if (unavailable != null) {
      return unavailable; // built by the gateway (e.g. the access log is down): safe as it is
    }

    if (cause instanceof DataFormatException) {
      return typed(new InvalidRequestException(""), safeText(cause.getMessage(), 400), null);
    }
    if (cause instanceof ResourceVersionConflictException
        && requestDetails != null
        && requestDetails.getHeader("If-Match") != null) {
      return typed(
          new PreconditionFailedException(""),
          "The resource has changed since the version given in If-Match",
          null);
    }
    if (cause instanceof BaseServerResponseException response) {
      int status = response.getStatusCode();
      if (status >= 500) {
        return internal(cause);
      }
      if (response.getOperationOutcome() != null && status == 422) {
        return response; // validation outcomes are built by the gateway and carry expressions
      }
      return typed(response, safeText(response.getMessage(), status), null);
    }
    return internal(cause);
  }

  /** The message without internal details, or a generic text for the status when it has some. */
  static String safeText(String message, int status) {
    if (message == null || message.isBlank() || INTERNAL_DETAIL.matcher(message).find()) {
      return genericClientMessage(status);
    }
    return message;
  }

  private static BaseServerResponseException typed(
      BaseServerResponseException exception, String message, String expression) {
    BaseServerResponseException result =
        BaseServerResponseException.newInstance(exception.getStatusCode(), message);
    if (exception.hasResponseHeaders()) {
      exception
          .getResponseHeaders()
          .forEach((k, v) -> v.forEach(h -> result.addResponseHeader(k, h)));
    }
    result.setOperationOutcome(
        OperationOutcomes.error(exception.getStatusCode(), message, expression));
    return result;
  }

  /**
   * A 503 with an OperationOutcome anywhere in the cause chain: the gateway's own "unavailable"
   * answers (fail-closed audit), which may arrive wrapped by the transaction machinery.
   */
  static BaseServerResponseException gatewayUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BaseServerResponseException r
          && r.getStatusCode() == 503
          && r.getOperationOutcome() != null) {
        return r;
      }
    }
    return null;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while (current instanceof InternalErrorException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static BaseServerResponseException internal(Throwable cause) {
    String incident = UUID.randomUUID().toString();
    // The exception type and incident only: exception messages may quote request content.
    log.error("Internal error incident={} type={}", incident, cause.getClass().getName());
    if (log.isDebugEnabled()) {
      log.debug("Internal error incident=" + incident, cause);
    }
    return typed(
        new InternalErrorException(""),
        "The server could not complete the request (incident " + incident + ")",
        null);
  }

  private static String genericClientMessage(int status) {
    return switch (status) {
      case 400 -> "The request is not valid";
      case 404 -> "Not found";
      case 409 -> "The request conflicts with the current state of the resource";
      case 412 -> "A precondition of the request failed";
      case 422 -> "The resource is not valid";
      default -> "The request could not be processed";
    };
  }
}
