package no.helsegateway.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import no.helsegateway.server.config.GatewayFhirProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI FHIR JPA (R4) on the configured data source: H2 file database by default, PostgreSQL when
 * {@code spring.datasource.url} points at one. The Hibernate dialect follows the JDBC URL.
 */
@Configuration
@EnableTransactionManagement
@Import({
  JpaR4Config.class,
  HapiJpaConfig.class,
  ThreadPoolFactoryConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  SubscriptionChannelConfig.class
})
public class FhirJpaConfig {

  private static final Logger log = LoggerFactory.getLogger(FhirJpaConfig.class);

  @Bean
  public JpaStorageSettings jpaStorageSettings(GatewayFhirProperties props) {
    JpaStorageSettings settings = new JpaStorageSettings();
    settings.setAllowMultipleDelete(props.allowMultipleDelete());
    settings.setAllowExternalReferences(false);
    settings.setAllowContainsSearches(true);
    settings.setReuseCachedSearchResultsForMillis(
        props.reuseCachedSearchResults().isZero()
            ? null
            : props.reuseCachedSearchResults().toMillis());
    settings.setExpireSearchResultsAfterMillis(props.expireSearchResultsAfter().toMillis());
    settings.setEnforceReferentialIntegrityOnWrite(true);
    settings.setEnforceReferentialIntegrityOnDelete(true);
    settings.setAutoCreatePlaceholderReferenceTargets(false);
    settings.setDeleteExpungeEnabled(false);
    settings.setExpungeEnabled(false);
    settings.setFilterParameterEnabled(false);
    settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
    return settings;
  }

  @Bean
  public ConditionalWriteRetryInterceptor conditionalWriteRetryInterceptor(
      ca.uhn.fhir.interceptor.api.IInterceptorService interceptorService) {
    ConditionalWriteRetryInterceptor interceptor = new ConditionalWriteRetryInterceptor(10);
    interceptorService.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Bean
  public SubscriptionSettings subscriptionSettings() {
    return new SubscriptionSettings();
  }

  /** Email subscriptions are not offered; HAPI still needs a sender bean to start. */
  @Bean
  public IEmailSender emailSender() {
    return details ->
        log.warn("Email subscription delivery is not supported by the gateway; message dropped");
  }

  @Lazy
  @Bean
  public IBinaryStorageSvc binaryStorageSvc() {
    return new DatabaseBinaryContentStorageSvcImpl();
  }

  /**
   * The JPA unit. Hibernate's metadata and schema work is the largest single start-up cost; the
   * profile loading and warm-up are started before it so that they overlap. (Spring's background
   * bootstrap of the unit deadlocks here: Hibernate looks beans up through Spring while the main
   * thread holds the singleton lock.)
   */
  @Primary
  @Bean
  @DependsOn("profileWarmUp")
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      DataSourceProperties dataSourceProperties,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings) {
    LocalContainerEntityManagerFactoryBean emf =
        ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil.newEntityManagerFactory(
            beanFactory, fhirContext, storageSettings);
    emf.setPersistenceUnitName("HAPI_PU");
    emf.setDataSource(dataSource);
    emf.setJpaProperties(hibernateProperties(dataSourceProperties.determineUrl()));
    return emf;
  }

  static Properties hibernateProperties(String jdbcUrl) {
    Properties p = new Properties();
    p.put("hibernate.dialect", dialectFor(jdbcUrl));
    // The schema is generated from HAPI's entity model at start-up and upgraded in place; see
    // README "PostgreSQL" for creating it ahead of time.
    p.put("hibernate.hbm2ddl.auto", "update");
    p.put("hibernate.format_sql", "false");
    p.put("hibernate.show_sql", "false");
    p.put("hibernate.jdbc.batch_size", "20");
    p.put("hibernate.cache.use_query_cache", "false");
    p.put("hibernate.cache.use_second_level_cache", "false");
    p.put("hibernate.cache.use_structured_entries", "false");
    p.put("hibernate.cache.use_minimal_puts", "false");
    p.put("hibernate.search.enabled", "false");
    return p;
  }

  static String dialectFor(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return HapiFhirPostgresDialect.class.getName();
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
      return HapiFhirH2Dialect.class.getName();
    }
    throw new IllegalStateException(
        "Unsupported database: the gateway runs on H2 or PostgreSQL (check spring.datasource.url)");
  }

  @Primary
  @Bean
  public JpaTransactionManager transactionManager(EntityManagerFactory emf) {
    JpaTransactionManager tm = new JpaTransactionManager();
    tm.setEntityManagerFactory(emf);
    return tm;
  }

  @Primary
  @Bean
  public HibernatePropertiesProvider hibernatePropertiesProvider() {
    return new HibernatePropertiesProvider();
  }
}
