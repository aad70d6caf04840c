package no.helsegateway.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import io.micrometer.core.instrument.MeterRegistry;
import no.helsegateway.profiles.GatewayProfiles;
import no.helsegateway.server.config.GatewayValidationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Validation against the Norwegian profiles: on write, in {@code $validate}, warm at start. */
@Configuration
public class ProfileValidationConfig {

  private static final Logger log = LoggerFactory.getLogger(ProfileValidationConfig.class);

  @Bean
  public GatewayProfiles gatewayProfiles(
      FhirContext fhirContext, GatewayValidationProperties props) {
    long start = System.nanoTime();
    GatewayProfiles profiles = GatewayProfiles.load(fhirContext);
    if (props.warmUp()) {
      int examples = profiles.warmUp();
      log.info(
          "Profiles loaded and warmed up on {} examples in {} ms",
          examples,
          (System.nanoTime() - start) / 1_000_000);
    }
    return profiles;
  }

  @Bean
  public ProfileValidator profileValidator(GatewayProfiles profiles) {
    return new ProfileValidator(profiles);
  }

  @Bean
  public ProfileValidationInterceptor profileValidationInterceptor(
      ProfileValidator validator,
      GatewayValidationProperties props,
      MeterRegistry meters,
      IInterceptorService interceptorService) {
    ProfileValidationInterceptor interceptor =
        new ProfileValidationInterceptor(validator, props, meters);
    interceptorService.registerInterceptor(interceptor);
    return interceptor;
  }

  /** Replaces HAPI's default instance validator, so {@code $validate} applies our profiles. */
  @Bean
  @Primary
  public IInstanceValidatorModule gatewayInstanceValidator(
      ProfileValidator validator, GatewayValidationProperties props) {
    return new GatewayInstanceValidator(validator, props);
  }

  @Bean
  public ConformanceResourceInstaller conformanceResourceInstaller(
      GatewayProfiles profiles, DaoRegistry daoRegistry) {
    return new ConformanceResourceInstaller(profiles, daoRegistry);
  }
}
