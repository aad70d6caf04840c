package no.helsegateway.server.security.audit.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;

/**
 * The authorisation's decision on a request as audit needs it: read from the servlet request
 * attribute {@value #ATTRIBUTE}, a record with the accessors {@code breakTheGlass()}, {@code
 * purposeOfUse()}, {@code denied()} and {@code denialReason()} (authorisation's API). Read by
 * reflection so that audit does not depend on the authorisation's classes (either can be turned off
 * alone).
 *
 * @param present whether the authorisation decided on this request
 */
public record AccessDecisionView(
    boolean present,
    boolean breakTheGlass,
    String purposeOfUse,
    boolean denied,
    String denialReason) {

  public static final String ATTRIBUTE = "no.helsegateway.server.security.authz.AccessDecision";

  static final AccessDecisionView NONE = new AccessDecisionView(false, false, null, false, null);

  public static AccessDecisionView of(HttpServletRequest request) {
    Object decision = request == null ? null : request.getAttribute(ATTRIBUTE);
    if (decision == null) {
      return NONE;
    }
    return new AccessDecisionView(
        true,
        Boolean.TRUE.equals(call(decision, "breakTheGlass")),
        string(call(decision, "purposeOfUse")),
        Boolean.TRUE.equals(call(decision, "denied")),
        string(call(decision, "denialReason")));
  }

  private static Object call(Object target, String accessor) {
    try {
      Method m = target.getClass().getMethod(accessor);
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
