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
    Method[] m = ACCESSORS.get(decision.getClass());
    return new AccessDecisionView(
        true,
        Boolean.TRUE.equals(call(decision, m[0])),
        string(call(decision, m[1])),
        Boolean.TRUE.equals(call(decision, m[2])),
        string(call(decision, m[3])));
  }

  private static final String[] NAMES = {"breakTheGlass", "purposeOfUse", "denied", "denialReason"};

  /** The accessors of a decision class, looked up once per class (null where one is missing). */
  private static final ClassValue<Method[]> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          Method[] out = new Method[NAMES.length];
          for (int i = 0; i < NAMES.length; i++) {
            try {
              out[i] = type.getMethod(NAMES[i]);
            } catch (NoSuchMethodException | RuntimeException e) {
              out[i] = null;
            }
          }
          return out;
        }
      };

  private static Object call(Object target, Method m) {
    if (m == null) {
      return null;
    }
    try {
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
