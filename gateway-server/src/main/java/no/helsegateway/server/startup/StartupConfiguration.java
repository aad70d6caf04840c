package no.helsegateway.server.startup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the {@link StartupTimeline}. */
@Configuration(proxyBeanMethods = false)
public class StartupConfiguration {

  @Bean
  public static StartupTimeline startupTimeline() {
    return new StartupTimeline();
  }
}
