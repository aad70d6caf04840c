package no.helsegateway.server.startup;

import no.helsegateway.server.validation.ProfileWarmUp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the {@link StartupTimeline}, and the {@link TrainingStart} of the build's CDS step. */
@Configuration(proxyBeanMethods = false)
public class StartupConfiguration {

  @Bean
  public static StartupTimeline startupTimeline() {
    return new StartupTimeline();
  }

  @Bean
  @ConditionalOnProperty(name = "gateway.startup.training", havingValue = "true")
  TrainingStart trainingStart(ProfileWarmUp warmUp) {
    return new TrainingStart(warmUp);
  }
}
