package no.helsegateway.server.hl7v2;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import no.helsegateway.mappings.hl7v2.Hl7v2Processor;
import no.helsegateway.routes.hl7v2.Hl7v2ChannelSettings;
import no.helsegateway.routes.hl7v2.Hl7v2MllpRoute;
import no.helsegateway.server.config.GatewayHl7v2Properties;
import no.helsegateway.server.hl7v2.internal.Hl7v2InboundService;
import no.helsegateway.server.hl7v2.internal.JdbcHl7v2MessageLog;
import no.helsegateway.server.validation.ProfileValidationInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HL7 v2 channel: the library processor, the de-duplication log, the inbound service (the
 * route's port) and the MLLP route {@value Hl7v2MllpRoute#ROUTE_ID}. On unless {@code
 * gateway.hl7v2.enabled=false}.
 */
@Configuration
@ConditionalOnProperty(prefix = "gateway.hl7v2", name = "enabled", matchIfMissing = true)
public class Hl7v2Configuration {

  @Bean
  public Hl7v2Processor hl7v2Processor(FhirContext fhirContext, GatewayHl7v2Properties props) {
    return Hl7v2Processor.builder()
        .fhirContext(fhirContext)
        .maxMessageChars((int) Math.min(Integer.MAX_VALUE - 16, props.maxFrameSize().toBytes()))
        .build();
  }

  @Bean
  public JdbcHl7v2MessageLog hl7v2MessageLog(DataSource dataSource) {
    return new JdbcHl7v2MessageLog(new JdbcTemplate(dataSource), Clock.systemUTC());
  }

  @Bean
  public Hl7v2InboundService hl7v2InboundService(
      FhirContext fhirContext,
      Hl7v2Processor processor,
      IFhirSystemDao<Bundle, Meta> systemDao,
      JdbcHl7v2MessageLog messageLog,
      PlatformTransactionManager transactionManager,
      ObjectProvider<MeterRegistry> meters,
      ProfileValidationInterceptor validation,
      GatewayHl7v2Properties props,
      ObjectProvider<Hl7v2Auditor> auditor) {
    return new Hl7v2InboundService(
        fhirContext,
        processor,
        systemDao,
        messageLog,
        new TransactionTemplate(transactionManager),
        meters.getIfAvailable(),
        validation::validateTransaction,
        props.commitGroupMax(),
        auditor.getIfAvailable(() -> Hl7v2Auditor.NONE));
  }

  @Bean
  public Hl7v2MllpRoute hl7v2MllpRoute(
      GatewayHl7v2Properties props, Hl7v2InboundService inboundService) {
    return new Hl7v2MllpRoute(
        new Hl7v2ChannelSettings(
            props.bindAddress(),
            props.port(),
            (int) Math.min(Integer.MAX_VALUE / 2 - 16, props.maxFrameSize().toBytes()),
            props.concurrentConnections(),
            props.charset()),
        inboundService);
  }
}
