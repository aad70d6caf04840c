package no.helsegateway.server.emessage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import no.helsegateway.mappings.emessage.BundleIssue;
import no.helsegateway.mappings.emessage.EMessageProcessor;
import no.helsegateway.routes.emessage.EMessageErrorPolicy;
import no.helsegateway.routes.emessage.EMessagePipeline;
import no.helsegateway.routes.emessage.EMessageRouteSettings;
import no.helsegateway.routes.emessage.EMessageRoutes;
import no.helsegateway.routes.emessage.MessageAuditor;
import no.helsegateway.server.config.GatewayValidationProperties;
import no.helsegateway.server.emessage.internal.CompletionWaiters;
import no.helsegateway.server.emessage.internal.GroupedTransactions;
import no.helsegateway.server.emessage.internal.HapiFhirStore;
import no.helsegateway.server.emessage.internal.JdbcMessageLog;
import no.helsegateway.server.emessage.internal.JmsMessageReceiver;
import no.helsegateway.server.security.authz.CareRelationshipRecorder;
import no.helsegateway.server.validation.ProfileValidator;
import no.helsegateway.terminology.ConceptTranslator;
import org.apache.camel.component.jms.JmsComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The e-message channels and pipeline: the mappings facade with the profile validator as its Bundle
 * hook, the message log tables, receipt (DB + JMS in one transaction), the Camel routes and their
 * JMS component ({@value #JMS_COMPONENT}, transacted on the embedded broker).
 */
@Configuration
public class EMessageConfiguration {

  /** Name of the Camel JMS component of these routes. */
  public static final String JMS_COMPONENT = "emessage-jms";

  @Bean
  public EMessageProcessor eMessageProcessor(
      GatewayEMessageProperties props,
      ObjectProvider<ConceptTranslator> translator,
      ProfileValidator validator,
      GatewayValidationProperties validation,
      FhirContext fhirContext,
      ObjectProvider<BuildProperties> build) {
    BuildProperties info = build.getIfAvailable();
    return EMessageProcessor.builder()
        .conceptTranslator(translator.getIfAvailable())
        .bundleValidator(bundleValidator(validator, validation))
        .maxMessageBytes(props.maxMessageSize().toBytes())
        .fhirContext(fhirContext)
        .software("Helse gateway", info == null ? "dev" : info.getVersion())
        .build();
  }

  /**
   * The same profiles and per-type modes as validation on write: in enforce mode an error makes the
   * outcome PARTIAL (AppRec status 3) and the failing entries are left out; in warn mode the Bundle
   * is validated and stored whole.
   */
  static Function<Bundle, List<BundleIssue>> bundleValidator(
      ProfileValidator validator, GatewayValidationProperties validation) {
    return bundle -> {
      // One validator pass over the whole Bundle (each entry against its type's profile); warn
      // mode validates too (same cost and metric as on write) but blocks nothing.
      List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
      List<BundleIssue> issues = new ArrayList<>();
      for (SingleValidationMessage m :
          validator.validateEntries(
              bundle, t -> validation.modeFor(t) != GatewayValidationProperties.Mode.OFF)) {
        int index = ProfileValidator.entryIndex(m);
        if (!ProfileValidator.isError(m)
            || index < 0
            || index >= entries.size()
            || entries.get(index).getResource() == null
            || !m.getLocationString().startsWith("Bundle.entry[" + index + "].resource")) {
          continue;
        }
        String type = entries.get(index).getResource().fhirType();
        if (validation.modeFor(type) == GatewayValidationProperties.Mode.ENFORCE) {
          issues.add(new BundleIssue("error", m.getLocationString(), m.getMessage()));
        }
      }
      return issues;
    };
  }

  @Bean
  public JdbcMessageLog eMessageLog(DataSource dataSource) {
    return new JdbcMessageLog(new JdbcTemplate(dataSource), Clock.systemUTC());
  }

  @Bean
  public CompletionWaiters eMessageCompletionWaiters(MeterRegistry meters) {
    return new CompletionWaiters(meters);
  }

  @Bean
  @SuppressWarnings("unchecked")
  public EMessagePipeline eMessagePipeline(
      EMessageProcessor processor,
      JdbcMessageLog messageLog,
      DaoRegistry daoRegistry,
      PlatformTransactionManager tm,
      CompletionWaiters waiters,
      GatewayEMessageProperties props,
      MeterRegistry meters,
      ObjectProvider<CareRelationshipRecorder> careRelationships,
      ObjectProvider<MessageAuditor> auditor) {
    IFhirSystemDao<Bundle, Meta> systemDao =
        (IFhirSystemDao<Bundle, Meta>) daoRegistry.getSystemDao();
    HapiFhirStore store =
        new HapiFhirStore(
            systemDao, careRelationships.getIfAvailable(() -> CareRelationshipRecorder.NONE));
    return new EMessagePipeline(
        processor,
        messageLog,
        store,
        new GroupedTransactions(tm, props.commitGroupMax(), meters),
        waiters,
        auditor.getIfAvailable(() -> MessageAuditor.NONE));
  }

  @Bean
  public JmsMessageReceiver eMessageReceiver(
      JdbcMessageLog messageLog,
      PlatformTransactionManager tm,
      ConnectionFactory connectionFactory,
      GatewayEMessageProperties props) {
    JmsTemplate jms = new JmsTemplate(connectionFactory);
    jms.setSessionTransacted(true);
    return new JmsMessageReceiver(messageLog, tm, jms, props.workQueue());
  }

  @Bean(JMS_COMPONENT)
  public JmsComponent eMessageJmsComponent(ConnectionFactory connectionFactory) {
    return JmsComponent.jmsComponentTransacted(
        connectionFactory, new JmsTransactionManager(connectionFactory));
  }

  static EMessageRouteSettings settings(GatewayEMessageProperties p) {
    return new EMessageRouteSettings(
        JMS_COMPONENT,
        p.workQueue(),
        p.inQueue(),
        p.outQueue(),
        p.inbox(),
        // Camel resolves a relative move target against the inbox, so pass an absolute one.
        p.archive() == null ? null : java.nio.file.Path.of(p.archive()).toAbsolutePath().toString(),
        p.outbox(),
        p.concurrency(),
        p.maxRedeliveries(),
        p.initialBackoff(),
        p.maxBackoff(),
        p.sweepInterval(),
        p.fileReadLockMinAge());
  }

  @Bean
  public EMessageErrorPolicy eMessageErrorPolicy(GatewayEMessageProperties props) {
    return new EMessageErrorPolicy(settings(props));
  }

  @Bean
  public EMessageRoutes eMessageRoutes(
      GatewayEMessageProperties props,
      JmsMessageReceiver receiver,
      EMessagePipeline pipeline,
      JdbcMessageLog messageLog) {
    return new EMessageRoutes(
        settings(props),
        receiver,
        pipeline,
        messageLog,
        () -> receiver.sweep(props.sweepAfter(), props.dedupeRetention()));
  }
}
