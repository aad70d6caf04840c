package no.helsegateway.server.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.BanUnsupportedHttpMethodsInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Optional;
import no.helsegateway.profiles.GatewayProfiles;
import no.helsegateway.server.config.GatewayFhirProperties;
import no.helsegateway.server.validation.ConformanceResourceInstaller;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HAPI FHIR REST server mounted at {@code /fhir}, with the gateway's interceptors. */
@Configuration
public class FhirServerConfig {

  @Bean
  public RestfulServer fhirRestfulServer(
      IFhirSystemDao<?, ?> systemDao,
      ResourceProviderFactory resourceProviderFactory,
      IJpaSystemProvider systemProvider,
      ValueSetOperationProvider valueSetOperationProvider,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      DatabaseBackedPagingProvider pagingProvider,
      GatewayFhirProperties props,
      List<FhirServerCustomizer> customizers,
      Optional<BuildProperties> buildProperties,
      GatewayProfiles profiles) {
    RestfulServer server = new RestfulServer(systemDao.getContext());
    systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());
    server.registerProviders(resourceProviderFactory.createProviders());
    server.registerProvider(systemProvider);
    server.registerProvider(valueSetOperationProvider);

    JpaCapabilityStatementProvider capabilities =
        new JpaCapabilityStatementProvider(
            server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilities.setImplementationDescription("Helse gateway FHIR R4 server");
    server.setServerConformanceProvider(capabilities);
    server.setServerName("Helse gateway");

    pagingProvider.setDefaultPageSize(props.defaultPageSize());
    pagingProvider.setMaximumPageSize(props.maxPageSize());
    server.setPagingProvider(pagingProvider);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setDefaultPrettyPrint(props.prettyPrint());
    server.setServerAddressStrategy(
        props.serverAddress().isBlank()
            ? new IncomingRequestAddressStrategy()
            : new HardcodedServerAddressStrategy(props.serverAddress()));

    server.registerInterceptor(new BanUnsupportedHttpMethodsInterceptor());
    server.registerInterceptor(new ContentTypeInterceptor());
    server.registerInterceptor(new SafeErrorInterceptor());
    server.registerInterceptor(
        new CapabilityStatementInterceptor(
            buildProperties.map(BuildProperties::getVersion).orElse("development"),
            ConformanceResourceInstaller.profilesByType(profiles)));
    customizers.forEach(c -> c.customize(server));
    return server;
  }

  @Bean
  public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
    ServletRegistrationBean<RestfulServer> reg = new ServletRegistrationBean<>(server, "/fhir/*");
    reg.setName("fhir");
    reg.setLoadOnStartup(1);
    return reg;
  }
}
