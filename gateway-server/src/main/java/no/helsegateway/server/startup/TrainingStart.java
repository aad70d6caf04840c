package no.helsegateway.server.startup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import no.helsegateway.server.validation.ProfileWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The training start of the build's class data sharing step ({@code
 * gateway-server/src/build/cds-archive.sh}, property {@code gateway.startup.training=true}): once
 * the gateway is ready it waits for the profile warm-up, asks its own {@code /fhir/metadata} once
 * (so the classes of the first request are loaded too) and exits with status 0 (1 if either
 * failed). The JVM has then recorded every class a complete start loads.
 */
final class TrainingStart implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(TrainingStart.class);

  private final ProfileWarmUp warmUp;

  TrainingStart(ProfileWarmUp warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    ConfigurableApplicationContext context = event.getApplicationContext();
    int status = 0;
    try {
      warmUp.await();
      String port = context.getEnvironment().getProperty("local.server.port");
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<Void> metadata =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/metadata"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (metadata.statusCode() != 200) {
        log.error("Training start: /fhir/metadata answered {}", metadata.statusCode());
        status = 1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 1;
    } catch (Exception e) {
      log.error("Training start failed: {}", e.getClass().getSimpleName());
      status = 1;
    }
    int exitStatus = status;
    log.info("Training start complete; exiting with status {}", exitStatus);
    System.exit(SpringApplication.exit(context, () -> exitStatus));
  }
}
