package no.helsegateway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.springframework.beans.factory.annotation.Autowired;
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
      // security on (the default), the dev issuer on a free loopback port: tests mint tokens
      // with TestTokens from the LocalTokenIssuer bean
      "gateway.security.enabled=true",
      "gateway.security.dev-issuer.enabled=true",
      "gateway.security.dev-issuer.port=0",
      // a registry-like reader for tests that read what internal channels stored (HL7 v2 has no
      // organisation numbers, so no care relationship)
      "gateway.security.population-read-orgnrs=" + TestTokens.READER_ORGNR,
      // the HER-id register's synthetic test entry: the Epikrise example's sending department
      // (HER-id 94866) belongs to organisation HER_ORGNR
      "gateway.security.her-organisations[94866]=" + TestTokens.HER_ORGNR,
      // openEHR outbox on (so its transaction behaviour is tested), the CDR unreachable and the
      // consumer nearly idle: delivery is tested with WireMock and against a real EHRbase
      // elsewhere.
      "gateway.openehr.enabled=true",
      "gateway.openehr.base-url=http://127.0.0.1:9/ehrbase",
      "gateway.openehr.poll-interval=1h",
      "gateway.openehr.upload-templates=false"
    })
public abstract class SharedContextIT {

  /** The context's dev token issuer (see {@link TestTokens}). */
  @Autowired protected LocalTokenIssuer tokenIssuer;

  /**
   * {@code Bearer <token>} for the default test client (system scopes and {@code
   * gateway/operations}, organisation {@link TestTokens#ORGNR}).
   */
  protected String bearer() {
    return TestTokens.bearer(tokenIssuer);
  }

  /**
   * {@code Bearer <token>} for a system client of {@link TestTokens#READER_ORGNR}, which the test
   * context lets read every patient ({@code gateway.security.population-read-orgnrs}).
   */
  protected String readerBearer() {
    return "Bearer "
        + TestTokens.with(
            tokenIssuer,
            java.util.Map.of(
                "helseid://claims/client/claims/orgnr_parent", TestTokens.READER_ORGNR));
  }

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
