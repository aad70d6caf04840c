package no.helsegateway.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The gateway: HAPI FHIR JPA at /fhir, Camel channels, embedded broker, actuator. */
@SpringBootApplication(
    exclude = {
      ElasticsearchRestClientAutoConfiguration.class,
      ElasticsearchClientAutoConfiguration.class,
      HibernateJpaAutoConfiguration.class,
      ThymeleafAutoConfiguration.class
    })
@ConfigurationPropertiesScan
public class GatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
