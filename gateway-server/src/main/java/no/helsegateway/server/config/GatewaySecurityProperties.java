package no.helsegateway.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings ({@code gateway.security.*}). Secrets come from the environment only, never
 * from {@code application.yaml}.
 *
 * @param operationsToken bearer token that the operations endpoints (e.g. {@code GET
 *     /terminology/unmapped}) require until real token validation exists; set it through the
 *     environment variable {@code GATEWAY_SECURITY_OPERATIONSTOKEN}. When unset, those endpoints
 *     answer 503 (disabled) rather than being open.
 */
@Validated
@ConfigurationProperties("gateway.security")
public record GatewaySecurityProperties(String operationsToken) {

  public boolean operationsTokenConfigured() {
    return operationsToken != null && !operationsToken.isBlank();
  }
}
