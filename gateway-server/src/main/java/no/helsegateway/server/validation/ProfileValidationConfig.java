package no.helsegateway.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import io.micrometer.core.instrument.MeterRegistry;
import no.helsegateway.profiles.GatewayProfiles;
import no.helsegateway.server.config.GatewayValidationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Validation against the Norwegian profiles: on write, in {@code $validate}, warm at start. */
@Configuration
public class ProfileValidationConfig {

  /**
   * Loads the profiles and warms the validator up on its own thread from here on, in parallel with
   * the rest of the start (the JPA schema work above all); readiness and every validation wait for
   * it.
   */
  @Bean
  public ProfileWarmUp profileWarmUp(FhirContext fhirContext, GatewayValidationProperties props) {
    return ProfileWarmUp.start(() -> GatewayProfiles.load(fhirContext), props.warmUp());
  }

  /** Waits for the load only (not for the warm-up). */
  @Bean
  public GatewayProfiles gatewayProfiles(ProfileWarmUp warmUp) {
    return warmUp.profiles();
  }

  @Bean
  public ProfileWarmUpHealthIndicator profileWarmUpHealthIndicator(ProfileWarmUp warmUp) {
    return new ProfileWarmUpHealthIndicator(warmUp);
  }

  @Bean
  public ProfileValidator profileValidator(GatewayProfiles profiles, ProfileWarmUp warmUp) {
    return new ProfileValidator(profiles, warmUp);
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
