package no.helsegateway.server;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one Spring context of all integration tests: every {@code *IT} extends this class and adds no
 * context configuration of its own, so that Spring's test context cache starts HAPI once (about 25
 * s here) for the whole run.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "gateway.data-dir=./target/it-data",
      "gateway.security.operations-token=" + SharedContextIT.OPERATIONS_TOKEN,
      // openEHR outbox on (so its transaction behaviour is tested), the CDR unreachable and the
      // consumer nearly idle: delivery is tested with WireMock and against a real EHRbase
      // elsewhere.
      "gateway.openehr.enabled=true",
      "gateway.openehr.base-url=http://127.0.0.1:9/ehrbase",
      "gateway.openehr.poll-interval=1h",
      "gateway.openehr.upload-templates=false"
    })
public abstract class SharedContextIT {

  /** The operations token of the test context (a test value, not a secret). */
  public static final String OPERATIONS_TOKEN = "it-operations-token";
}
