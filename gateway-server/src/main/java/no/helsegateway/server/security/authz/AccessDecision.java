package no.helsegateway.server.security.authz;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * The authorisation decision of one request, for audit: put on the servlet request as attribute
 * {@link #ATTRIBUTE} before the request is handled (FHIR: at the server's pre-handled hook, order
 * below 1000; e-messages: before receipt) and replaced when a later check denies it. Absent on
 * requests without a principal (internal pipelines, security off).
 *
 * @param context the token's SMART context: {@code patient}, {@code user}, {@code system}, or
 *     {@code none} (no resource scope)
 * @param breakTheGlass emergency access (purpose of use BTG with a reason): marked, counted and
 *     raised for follow-up
 * @param purposeOfUse the attested purpose of use code (TREAT, ETREAT, COC, BTG), null if none
 * @param denied whether the request was refused (403 or, where existence must not leak, 404)
 * @param denialReason a code when denied (see the {@code DENIED_*} constants), else null; never
 *     text for the client
 * @param permittedPatients the patients ({@code Patient/<id>}) the caller may see in this request;
 *     null when not an explicit list (a system client's organisation scope is checked per patient
 *     against the care-relationship table)
 */
public record AccessDecision(
    String context,
    boolean breakTheGlass,
    String purposeOfUse,
    boolean denied,
    String denialReason,
    Set<String> permittedPatients) {

  /** The servlet request attribute holding the decision. */
  public static final String ATTRIBUTE = AccessDecision.class.getName();

  /** The token's scopes do not cover the interaction or a resource type the request touches. */
  public static final String DENIED_SCOPE = "scope";

  /** The request touches a patient outside the caller's permitted patients (or shielded). */
  public static final String DENIED_PATIENT = "patient-not-permitted";

  /** Purpose of use BTG without a reason. */
  public static final String DENIED_BTG_WITHOUT_REASON = "btg-without-reason";

  /** A write names another organisation as author or sender, or moves a patient's data. */
  public static final String DENIED_ORGANISATION = "organisation-mismatch";

  /** A request form that could reveal other patients' data (e.g. {@code _has} across patients). */
  public static final String DENIED_SEARCH_FORM = "search-form";

  public AccessDecision {
    permittedPatients = permittedPatients == null ? null : Set.copyOf(permittedPatients);
  }

  public AccessDecision deny(String reason) {
    return new AccessDecision(
        context, breakTheGlass, purposeOfUse, true, reason, permittedPatients);
  }

  public static Optional<AccessDecision> of(HttpServletRequest request) {
    return request == null
        ? Optional.empty()
        : Optional.ofNullable((AccessDecision) request.getAttribute(ATTRIBUTE));
  }

  public static Optional<AccessDecision> of(RequestDetails request) {
    return request instanceof ServletRequestDetails s
        ? of(s.getServletRequest())
        : Optional.empty();
  }

  public static void put(HttpServletRequest request, AccessDecision decision) {
    if (request != null) {
      request.setAttribute(ATTRIBUTE, decision);
    }
  }
}
