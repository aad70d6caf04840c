package no.helsegateway.server.security.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import no.helsegateway.routes.emessage.MessageAuditor;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.fhir.FhirServerCustomizer;
import no.helsegateway.server.security.PatientCompartment;
import no.helsegateway.server.security.audit.internal.AccessLogOperation;
import no.helsegateway.server.security.audit.internal.AuditAccess;
import no.helsegateway.server.security.audit.internal.AuditEventProvider;
import no.helsegateway.server.security.audit.internal.AuditJournal;
import no.helsegateway.server.security.audit.internal.AuditWriter;
import no.helsegateway.server.security.audit.internal.EMessageAuditor;
import no.helsegateway.server.security.audit.internal.JdbcAuditLog;
import no.helsegateway.server.security.audit.internal.JpaAuditEventRemover;
import no.helsegateway.server.security.audit.internal.RestAuditInterceptor;
import no.helsegateway.server.security.audit.internal.StorageAuditInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access log (issue 9, "Audit"): one AuditEvent per request that touches patient data and per
 * received e-message and HL7 v2 message, in an append-only table, written before data leaves the
 * server (fail closed: 503 when it cannot be written); AuditEvent on the FHIR API read-only from
 * that table; the patient's own view. {@code gateway.security.audit.enabled=false} turns the
 * recording off (the overhead benchmark only); the table stays read-only through the API either
 * way.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  @Bean
  public JdbcAuditLog auditLog(DataSource dataSource) {
    return new JdbcAuditLog(new JdbcTemplate(dataSource));
  }

  /**
   * The journal that records written outside a database transaction (reads, searches, failures) are
   * appended to before their request answers, moved into the tables in batches ({@link
   * AuditJournal}).
   */
  @Bean(destroyMethod = "close")
  public AuditJournal auditJournal(
      JdbcAuditLog auditLog,
      GatewaySecurityProperties security,
      DataSource dataSource,
      @Value("${gateway.data-dir:./data}") String dataDir) {
    String fsync = security.audit().journalFsync();
    boolean force =
        "auto".equalsIgnoreCase(fsync) ? auditLog.onPostgresql() : Boolean.parseBoolean(fsync);
    return new AuditJournal(
        auditLog, Path.of(dataDir, "audit-journal"), force, security.audit().journalInterval());
  }

  @Bean
  public AuditWriter auditWriter(
      JdbcAuditLog auditLog, MeterRegistry meters, AuditJournal journal) {
    return new AuditWriter(auditLog, meters, journal);
  }

  @Bean
  public RestAuditInterceptor restAuditInterceptor(AuditWriter writer, FhirContext fhirContext) {
    return new RestAuditInterceptor(writer, new PatientCompartment(fhirContext), Clock.systemUTC());
  }

  /** Refusals authorisation answers itself (a hidden delete) are recorded as denied. */
  @Bean
  public no.helsegateway.server.security.authz.RefusalAudit refusalAudit(
      RestAuditInterceptor rest, GatewaySecurityProperties security) {
    return security.audit().enabled()
        ? rest::answeredAsMissing
        : no.helsegateway.server.security.authz.RefusalAudit.NONE;
  }

  /** On the JPA interceptor service: sees REST and in-process writes. */
  @Bean
  public StorageAuditInterceptor storageAuditInterceptor(
      RestAuditInterceptor rest,
      FhirContext fhirContext,
      IInterceptorService interceptorService,
      GatewaySecurityProperties security) {
    StorageAuditInterceptor interceptor =
        new StorageAuditInterceptor(
            rest, new PatientCompartment(fhirContext), security.audit().enabled());
    interceptorService.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  public MessageAuditor eMessageAuditor(AuditWriter writer, GatewaySecurityProperties security) {
    return security.audit().enabled()
        ? new EMessageAuditor(writer, Clock.systemUTC())
        : MessageAuditor.NONE;
  }

  /** One record per received HL7 v2 message (the MLLP channel's port). */
  @Bean
  public no.helsegateway.server.hl7v2.Hl7v2Auditor hl7v2Auditor(
      AuditWriter writer, GatewaySecurityProperties security) {
    return security.audit().enabled()
        ? new no.helsegateway.server.security.audit.internal.Hl7v2MessageAuditor(
            writer, Clock.systemUTC())
        : no.helsegateway.server.hl7v2.Hl7v2Auditor.NONE;
  }

  @Bean
  public FhirServerCustomizer auditFhirServer(
      JdbcAuditLog auditLog,
      DaoRegistry daoRegistry,
      FhirContext fhirContext,
      RestAuditInterceptor rest,
      GatewaySecurityProperties security) {
    return server -> {
      AuditAccess access = new AuditAccess(daoRegistry);
      AuditEventProvider provider = new AuditEventProvider(auditLog, access, fhirContext);
      server.registerInterceptor(new JpaAuditEventRemover(provider));
      server.registerProvider(provider);
      server.registerProvider(new AccessLogOperation(auditLog, access));
      if (security.audit().enabled()) {
        server.registerInterceptor(rest);
      } else {
        log.warn("The access log is OFF (gateway.security.audit.enabled=false): benchmarks only");
      }
    };
  }
}
