package no.helsegateway.routes.emessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import no.helsegateway.mappings.emessage.EMessageProcessor;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state machine with in-memory ports: final outcomes, de-duplication, redelivery, faults. */
class EMessagePipelineTest {

  static EMessageProcessor processor;
  static String epikrise;

  @BeforeAll
  static void setUp() throws Exception {
    processor = new EMessageProcessor();
    epikrise =
        Files.readString(
            Path.of("../mappings/src/test/resources/golden/emessage/epikrise-1.2-c.input.xml"));
  }

  static final class MemoryLog implements MessageLog {
    final Map<String, LoggedMessage> rows = new HashMap<>();
    final Map<String, byte[]> raw = new HashMap<>();
    final Map<String, String> dedupe = new HashMap<>();

    String receive(String body) {
      String id = UUID.randomUUID().toString();
      rows.put(
          id,
          new LoggedMessage(
              id,
              "http",
              null,
              MessageState.RECEIVED,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              Instant.now(),
              null,
              null,
              null));
      raw.put(id, body.getBytes(StandardCharsets.UTF_8));
      return id;
    }

    @Override
    public Optional<LoggedMessage> find(String trackingId) {
      return Optional.ofNullable(rows.get(trackingId));
    }

    @Override
    public byte[] raw(String trackingId) {
      return raw.get(trackingId);
    }

    @Override
    public String claimDedupe(String sender, String messageId, String trackingId) {
      return dedupe.computeIfAbsent(sender + "|" + messageId, k -> trackingId);
    }

    @Override
    public boolean finish(String trackingId, FinalRecord r) {
      LoggedMessage m = rows.get(trackingId);
      if (m.state() != MessageState.RECEIVED) {
        return false;
      }
      rows.put(
          trackingId,
          new LoggedMessage(
              trackingId,
              m.channel(),
              m.replyRef(),
              r.state(),
              r.outcome(),
              r.sender(),
              r.messageId(),
              r.messageType(),
              r.errorCodes(),
              r.appRecXml(),
              null,
              m.receivedAt(),
              Instant.now(),
              null,
              null));
      return true;
    }

    @Override
    public void acknowledge(String trackingId) {}

    @Override
    public void deadLetter(String trackingId, String reason) {}
  }

  static final class CountingStore implements FhirStore {
    final AtomicInteger commits = new AtomicInteger();
    final List<String> trackingIds = new java.util.ArrayList<>();
    RuntimeException fault;

    @Override
    public void commit(String trackingId, Bundle transaction) {
      commit(transaction);
      trackingIds.add(trackingId);
    }

    @Override
    public void commit(Bundle transaction) {
      if (fault != null) {
        throw fault;
      }
      commits.incrementAndGet();
    }
  }

  /** No real transaction: a fault simply leaves what the fake already holds (checked below). */
  static final Transactions DIRECT =
      new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
          return work.get();
        }
      };

  MemoryLog log = new MemoryLog();
  CountingStore store = new CountingStore();
  EMessagePipeline pipeline = new EMessagePipeline(processor, log, store, DIRECT, null);

  @Test
  void aValidMessageIsStoredOnceAndARedeliveryChangesNothing() {
    String id =
        log.receive(
            epikrise.replace("89da1760-456e-11e7-9598-0800200c9a66", UUID.randomUUID().toString()));
    LoggedMessage done = pipeline.handle(id).orElseThrow();
    assertThat(done.state()).isEqualTo(MessageState.STORED);
    assertThat(done.outcome()).isEqualTo(MessageOutcome.ACCEPTED);
    assertThat(done.appRecXml()).contains("<Status V=\"1\"");
    assertThat(store.commits).hasValue(1);

    assertThat(pipeline.handle(id)).contains(done);
    assertThat(store.commits).hasValue(1);
  }

  @Test
  void aDuplicateGetsTheFirstAppRecAndCreatesNothing() {
    String body =
        epikrise.replace("89da1760-456e-11e7-9598-0800200c9a66", UUID.randomUUID().toString());
    LoggedMessage first = pipeline.handle(log.receive(body)).orElseThrow();
    LoggedMessage second = pipeline.handle(log.receive(body)).orElseThrow();
    assertThat(second.state()).isEqualTo(MessageState.DUPLICATE);
    assertThat(second.appRecXml()).isEqualTo(first.appRecXml());
    assertThat(store.commits).hasValue(1);
  }

  @Test
  void theAuditorHearsOfEveryFinalStateOnceWithTheEnvelopeAndTheStoreOfTheTrackingId() {
    List<String> audited = new java.util.ArrayList<>();
    EMessagePipeline audit =
        new EMessagePipeline(
            processor,
            log,
            store,
            DIRECT,
            null,
            (m, envelope) ->
                audited.add(m.trackingId() + " " + m.state() + " " + envelope.senderHerId()));
    String body =
        epikrise.replace("89da1760-456e-11e7-9598-0800200c9a66", UUID.randomUUID().toString());
    String id = log.receive(body);
    LoggedMessage done = audit.handle(id).orElseThrow();
    audit.handle(id); // a redelivery of a final message writes nothing and audits nothing
    String dup = log.receive(body);
    audit.handle(dup);
    String rejected = log.receive("not xml");
    audit.handle(rejected);

    assertThat(store.trackingIds).containsExactly(id);
    assertThat(audited)
        .containsExactly(
            id + " STORED " + done.sender(),
            dup + " DUPLICATE " + done.sender(),
            rejected + " REJECTED null");
  }

  @Test
  void aBusinessRejectionIsFinalAndStoresNothing() {
    LoggedMessage done = pipeline.handle(log.receive("not xml")).orElseThrow();
    assertThat(done.state()).isEqualTo(MessageState.REJECTED);
    assertThat(done.errorCodes()).containsExactly("not-xml");
    assertThat(done.appRecXml()).contains("<Status V=\"2\"").contains("V=\"T01\"");
    assertThat(store.commits).hasValue(0);
  }

  @Test
  void aRefusalByTheStoreIsARejectionWithTheInternalCode() {
    store.fault = new StoreRefusedException("refused-422");
    String id =
        log.receive(
            epikrise.replace("89da1760-456e-11e7-9598-0800200c9a66", UUID.randomUUID().toString()));
    LoggedMessage done = pipeline.handle(id).orElseThrow();
    assertThat(done.state()).isEqualTo(MessageState.REJECTED);
    assertThat(done.errorCodes()).containsExactly("translation-failed");
  }

  @Test
  void anInfrastructureFaultLeavesTheMessageReceivedForTheRetry() {
    store.fault = new IllegalStateException("database down");
    String body =
        epikrise.replace("89da1760-456e-11e7-9598-0800200c9a66", UUID.randomUUID().toString());
    String id = log.receive(body);
    assertThatThrownBy(() -> pipeline.handle(id)).isInstanceOf(IllegalStateException.class);
    assertThat(log.find(id).orElseThrow().state()).isEqualTo(MessageState.RECEIVED);
    assertThat(log.find(id).orElseThrow().appRecXml()).isNull();
  }

  @Test
  void theDeadLetterReasonNamesTypesOnly() {
    assertThat(
            EMessageRoutes.describe(
                new RuntimeException("patient 123", new IllegalStateException("x"))))
        .isEqualTo("RuntimeException <- IllegalStateException");
    assertThat(List.of(MessageState.values()).stream().filter(MessageState::isFinal).count())
        .isEqualTo(4);
  }
}
