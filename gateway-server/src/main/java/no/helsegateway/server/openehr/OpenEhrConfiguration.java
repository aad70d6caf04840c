package no.helsegateway.server.openehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import no.helsegateway.mappings.openehr.OpenEhrMapper;
import no.helsegateway.server.openehr.internal.JdbcOpenEhrOutbox;
import no.helsegateway.server.openehr.internal.JpaFhirSource;
import no.helsegateway.server.openehr.internal.OpenEhrHealthIndicator;
import no.helsegateway.server.openehr.internal.OpenEhrRestClient;
import no.helsegateway.server.openehr.internal.OutboxConsumer;
import no.helsegateway.server.openehr.internal.OutboxInterceptor;
import no.helsegateway.server.openehr.internal.OutboxMessageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * openEHR mirroring, only with {@code gateway.openehr.enabled=true}: the outbox interceptor on the
 * JPA interceptor service, the consumer thread, the {@code openehr} health indicator (the outbox
 * operations endpoints are {@code OutboxController}, under the same condition).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.openehr", name = "enabled", havingValue = "true")
public class OpenEhrConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OpenEhrConfiguration.class);

  @Bean
  public OpenEhrMapper openEhrMapper() {
    return new OpenEhrMapper();
  }

  @Bean
  public JdbcOpenEhrOutbox openEhrOutbox(DataSource dataSource) {
    return new JdbcOpenEhrOutbox(new JdbcTemplate(dataSource));
  }

  /** The mirror's state per e-message, for the message log. */
  @Bean
  public MessageMirrorStatus openEhrMessageMirrorStatus(JdbcOpenEhrOutbox outbox) {
    return new OutboxMessageStatus(outbox);
  }

  @Bean
  public OpenEhrRestClient openEhrRestClient(GatewayOpenEhrProperties props) {
    return new OpenEhrRestClient(props);
  }

  @Bean
  public OutboxInterceptor openEhrOutboxInterceptor(
      IInterceptorService interceptorService,
      JdbcOpenEhrOutbox outbox,
      OpenEhrMapper mapper,
      DataSource dataSource) {
    OutboxInterceptor interceptor =
        new OutboxInterceptor(outbox, mapper::handles, dataSource, Clock.systemUTC());
    interceptorService.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  public OutboxConsumer openEhrOutboxConsumer(
      JdbcOpenEhrOutbox outbox,
      OpenEhrRestClient client,
      OpenEhrMapper mapper,
      DaoRegistry daoRegistry,
      FhirContext fhirContext,
      GatewayOpenEhrProperties props,
      MeterRegistry meters) {
    log.info("openEHR mirroring on, CDR at {}", props.baseUrl());
    return new OutboxConsumer(
        outbox,
        client,
        mapper,
        new JpaFhirSource(daoRegistry, fhirContext, props.nationalIdentifierSystems()),
        props,
        Clock.systemUTC(),
        meters);
  }

  @Bean(name = "openehrHealthIndicator")
  public OpenEhrHealthIndicator openehrHealthIndicator(
      OpenEhrRestClient client, JdbcOpenEhrOutbox outbox, OutboxConsumer consumer) {
    return new OpenEhrHealthIndicator(client, outbox, consumer);
  }
}
