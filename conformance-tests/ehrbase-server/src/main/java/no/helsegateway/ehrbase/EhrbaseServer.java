package no.helsegateway.ehrbase;

import org.ehrbase.configuration.EhrBaseServerConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * EHRbase 2.16.0 started from its published libraries, as the unpublished upstream {@code application} module does.
 * All of EHRbase's own configuration comes from the {@code configuration} jar; this module's overrides live in
 * {@code classpath:/config/} so that they layer on top instead of hiding it.
 */
@SpringBootApplication(
    exclude = {
      ManagementWebSecurityAutoConfiguration.class,
      R2dbcAutoConfiguration.class,
      SecurityAutoConfiguration.class
    })
@Import(EhrBaseServerConfiguration.class)
public class EhrbaseServer {

  public static void main(String[] args) {
    new SpringApplicationBuilder(EhrbaseServer.class)
        .web(WebApplicationType.SERVLET)
        .run(args);
  }
}
