package no.helsegateway.server.config;

import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Validation on write against the Norwegian profiles ({@code gateway.validation.*}).
 *
 * @param defaultMode what happens on create, update, transaction and batch for every resource type
 *     that has a gateway profile or declares one in {@code meta.profile}
 * @param modes overrides per resource type, e.g. {@code gateway.validation.modes.Observation=warn}
 * @param warmUp validate the shipped examples at start-up so the first request is not slow
 * @param checkCodes check ICD-10, ICPC-2 and SNOMED CT codes against the loaded terminology (an
 *     unknown code is then an error); turn it on when full code systems are loaded, since the
 *     shipped test subsets know only a few codes
 */
@Validated
@ConfigurationProperties("gateway.validation")
public record GatewayValidationProperties(
    @DefaultValue("enforce") @NotNull Mode defaultMode,
    @DefaultValue Map<String, Mode> modes,
    @DefaultValue("true") boolean warmUp,
    @DefaultValue("false") boolean checkCodes) {

  /** Off: not validated. Warn: validated, issues logged as counts, never blocks. Enforce: 422. */
  public enum Mode {
    OFF,
    WARN,
    ENFORCE
  }

  public Mode modeFor(String resourceType) {
    return modes == null ? defaultMode : modes.getOrDefault(resourceType, defaultMode);
  }
}
