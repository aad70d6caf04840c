package no.helsegateway.server.security.internal;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request to the API paths it is registered on: a valid access token ({@code
 * Authorization: Bearer} or, bound to a key, {@code Authorization: DPoP} with a {@code DPoP}
 * proof), then the {@link GatewayPrincipal} as a request attribute ({@link Principals}). Open:
 * {@code GET /fhir/metadata} and {@code GET /fhir/.well-known/smart-configuration} (answered here).
 *
 * <p>Every failure is the same 401 answer: an OperationOutcome with one text and {@code
 * WWW-Authenticate: Bearer error="invalid_token"} (or {@code DPoP ...}); which check failed goes to
 * the metric {@code gateway_security_token_rejections_total{reason}} and a DEBUG log, never to the
 * client, and the token is never logged.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

  /** The one text of every 401. */
  public static final String INVALID_TOKEN = "Missing or invalid access token";

  static final String SMART_CONFIGURATION = "/fhir/.well-known/smart-configuration";
  private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

  private final AccessTokenValidator validator;
  private final DpopVerifier dpop;
  private final boolean dpopRequired;
  private final String dpopAlgorithms;
  private final FhirContext fhirContext;
  private final MeterRegistry meters;
  private final Supplier<String> smartConfiguration;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public AuthenticationFilter(
      AccessTokenValidator validator,
      DpopVerifier dpop,
      boolean dpopRequired,
      FhirContext fhirContext,
      MeterRegistry meters,
      Supplier<String> smartConfiguration) {
    this.validator = validator;
    this.dpop = dpop;
    this.dpopRequired = dpopRequired;
    this.fhirContext = fhirContext;
    this.meters = meters;
    this.smartConfiguration = smartConfiguration;
    this.dpopAlgorithms =
        String.join(" ", validator.algorithms().stream().map(a -> a.getName()).sorted().toList());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean get = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    if (get && path.equals(SMART_CONFIGURATION)) {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setHeader("Cache-Control", "max-age=3600");
      response.getOutputStream().write(smartConfiguration.get().getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (get && (path.equals("/fhir/metadata") || path.equals("/fhir/metadata/"))) {
      chain.doFilter(request, response);
      return;
    }
    String authorization = request.getHeader("Authorization");
    boolean dpopScheme =
        authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5);
    boolean bearerScheme =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    try {
      if (!dpopScheme && !bearerScheme) {
        throw new TokenRejected("missing");
      }
      String token = authorization.substring(dpopScheme ? 5 : 7).trim();
      GatewayPrincipal principal = validator.validate(token);
      String proof = request.getHeader("DPoP");
      if (dpopScheme) {
        if (principal.dpopJkt() == null) {
          throw new TokenRejected("dpop_unbound_token");
        }
        if (proof == null) {
          throw new TokenRejected("dpop_missing");
        }
        if (countHeaders(request, "DPoP") > 1) {
          throw new TokenRejected("dpop_malformed");
        }
        dpop.verify(
            proof,
            request.getMethod(),
            request.getRequestURL().toString(),
            token,
            principal.dpopJkt());
      } else if (principal.dpopJkt() != null) {
        throw new TokenRejected("dpop_bound_as_bearer");
      } else if (dpopRequired) {
        throw new TokenRejected("dpop_required");
      }
      Principals.set(request, principal);
    } catch (TokenRejected e) {
      reject(response, e.reason(), dpopScheme || dpopRequired);
      return;
    }
    chain.doFilter(request, response);
  }

  private static int countHeaders(HttpServletRequest request, String name) {
    int n = 0;
    for (var it = request.getHeaders(name).asIterator(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  private void reject(HttpServletResponse response, String reason, boolean dpopApplies)
      throws IOException {
    counters
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("gateway.security.token.rejections")
                    .description("Access tokens or DPoP proofs refused, by reason")
                    .tag("reason", r)
                    .register(meters))
        .increment();
    log.debug("Access token refused: {}", reason);
    response.setStatus(401);
    response.setHeader(
        "WWW-Authenticate",
        dpopApplies
            ? "DPoP error=\"invalid_token\", algs=\"" + dpopAlgorithms + "\""
            : "Bearer error=\"invalid_token\"");
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/fhir+json;charset=UTF-8");
    String body =
        fhirContext
            .newJsonParser()
            .encodeResourceToString(OperationOutcomes.error(401, INVALID_TOKEN, null));
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
