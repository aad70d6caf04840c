package no.helsegateway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

  /** The MLLP port of the test context: a free loopback port picked once per test JVM. */
  public static final int HL7V2_PORT = freePort();

  /** The HL7 v2 frame limit of the test context (small, so the oversize case stays cheap). */
  public static final int HL7V2_MAX_FRAME_BYTES = 64 * 1024;

  @DynamicPropertySource
  static void hl7v2Listener(DynamicPropertyRegistry registry) {
    registry.add("gateway.hl7v2.port", () -> HL7V2_PORT);
    registry.add("gateway.hl7v2.max-frame-size", () -> HL7V2_MAX_FRAME_BYTES + "B");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
