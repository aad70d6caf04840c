package no.helsegateway.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Where the authenticated {@link GatewayPrincipal} of a request lives: one servlet request
 * attribute, set by the authentication filter before any controller or HAPI runs.
 */
public final class Principals {

  /** The servlet request attribute holding the {@link GatewayPrincipal}. */
  public static final String ATTRIBUTE = GatewayPrincipal.class.getName();

  private Principals() {}

  public static Optional<GatewayPrincipal> of(HttpServletRequest request) {
    return request == null
        ? Optional.empty()
        : Optional.ofNullable((GatewayPrincipal) request.getAttribute(ATTRIBUTE));
  }

  /**
   * The principal of a HAPI request; empty for internal requests (system request details of the
   * e-message and HL7 v2 pipelines, which are trusted) and when security is off.
   */
  public static Optional<GatewayPrincipal> of(RequestDetails request) {
    return request instanceof ServletRequestDetails s
        ? of(s.getServletRequest())
        : Optional.empty();
  }

  public static void set(HttpServletRequest request, GatewayPrincipal principal) {
    request.setAttribute(ATTRIBUTE, principal);
  }
}
