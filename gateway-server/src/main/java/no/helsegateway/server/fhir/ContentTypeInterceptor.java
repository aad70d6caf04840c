package no.helsegateway.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;

/**
 * Answers 415 Unsupported Media Type when a request body comes in a media type that FHIR does not
 * define, instead of letting the parser guess and fail later with a less precise error.
 */
@Interceptor
public class ContentTypeInterceptor {

  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private static final Set<String> ACCEPTED =
      Set.of(
          "application/fhir+json",
          "application/json",
          "application/json+fhir",
          "application/fhir+xml",
          "application/xml",
          "application/xml+fhir",
          "text/xml",
          "application/json-patch+json",
          "application/x-www-form-urlencoded");

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean checkContentType(HttpServletRequest request) {
    if (!BODY_METHODS.contains(request.getMethod())) {
      return true;
    }
    String contentType = request.getContentType();
    boolean hasBody =
        request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    if (contentType == null || contentType.isBlank()) {
      if (hasBody) {
        throw unsupported("A request body needs a Content-Type header");
      }
      return true;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!ACCEPTED.contains(mediaType)) {
      throw unsupported(
          "Unsupported media type; send application/fhir+json or application/fhir+xml"
              + " (application/json-patch+json for PATCH)");
    }
    return true;
  }

  private static UnclassifiedServerFailureException unsupported(String message) {
    return new UnclassifiedServerFailureException(415, message);
  }
}
