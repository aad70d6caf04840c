package no.helsegateway.server.openehr;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Mirroring of clinical resources into an openEHR CDR ({@code gateway.openehr.*}). Off by default:
 * the embedded gateway and its tests need no CDR. Credentials only from the environment ({@code
 * GATEWAY_OPENEHR_USERNAME}, {@code GATEWAY_OPENEHR_PASSWORD} or {@code GATEWAY_OPENEHR_TOKEN}).
 *
 * @param enabled write the outbox and run the consumer
 * @param baseUrl the CDR's base, for EHRbase {@code http://host:8080/ehrbase}; the openEHR REST API
 *     is {@code <base>/rest/openehr/v1}
 * @param username basic-auth user (EHRbase {@code security.authType=BASIC}); empty for none
 * @param password basic-auth password
 * @param token bearer token (OAuth2), wins over basic auth when set
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one HTTP request
 * @param batchSize outbox items taken per poll
 * @param workers items of different resources delivered in parallel (the items of one resource
 *     always in order)
 * @param pollInterval pause between polls when the outbox had no due work
 * @param initialBackoff first retry delay after a transient failure; doubled per attempt
 * @param maxBackoff ceiling of the retry delay
 * @param systemId the CDR's system id (EHRbase {@code server.nodename}), part of the composition
 *     uids the gateway assigns so that a retried create never makes a second composition
 * @param nationalIdentifierSystems patient identifier systems that may be the EHR subject, in order
 *     of preference; the system is also the subject namespace
 * @param uploadTemplates upload the templates the CDR lacks when the consumer starts
 */
@Validated
@ConfigurationProperties("gateway.openehr")
public record GatewayOpenEhrProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("http://localhost:8090/ehrbase") @NotNull URI baseUrl,
    String username,
    String password,
    String token,
    @DefaultValue("2s") @NotNull Duration connectTimeout,
    @DefaultValue("10s") @NotNull Duration requestTimeout,
    @DefaultValue("20") @Min(1) @Max(500) int batchSize,
    @DefaultValue("4") @Min(1) @Max(32) int workers,
    @DefaultValue("1s") @NotNull Duration pollInterval,
    @DefaultValue("1s") @NotNull Duration initialBackoff,
    @DefaultValue("5m") @NotNull Duration maxBackoff,
    @DefaultValue("local.ehrbase.org") @NotNull String systemId,
    @DefaultValue({"urn:oid:2.16.578.1.12.4.1.4.1", "urn:oid:2.16.578.1.12.4.1.4.2"})
        List<String> nationalIdentifierSystems,
    @DefaultValue("true") boolean uploadTemplates) {

  public boolean hasToken() {
    return token != null && !token.isBlank();
  }

  public boolean hasBasicAuth() {
    return username != null && !username.isBlank();
  }
}
