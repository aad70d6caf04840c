package no.helsegateway.routes.emessage;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The e-message channels and the pipeline consumer.
 *
 * <ul>
 *   <li>{@code emessage-file-in}: inbox folder -> receipt; the file is moved to the archive only
 *       after the receipt committed. Files are picked up when unchanged for a while; names starting
 *       with a dot or ending in {@code .tmp}/{@code .part} are never read (write, then rename).
 *   <li>{@code emessage-jms-in}: inbound JMS queue -> receipt, in the consumer's JMS transaction.
 *   <li>{@code emessage-to-fhir}: transacted consumer of the work queue -> {@link EMessagePipeline}
 *       -> {@code emessage-reply}.
 *   <li>{@code emessage-reply}: the AppRec back on the message's channel (outbox file, outbound JMS
 *       queue; HTTP senders fetch it), then ACKNOWLEDGED.
 *   <li>{@code emessage-dead-letter}: retries exhausted -> dead-letter store with the reason.
 *   <li>{@code emessage-sweeper}: re-queues RECEIVED messages whose work message was lost.
 * </ul>
 */
public final class EMessageRoutes extends RouteBuilder {

  public static final String HEADER_TRACKING_ID = "GatewayTrackingId";
  public static final String HEADER_CHANNEL = "GatewayChannel";
  public static final String HEADER_REPLY_REF = "GatewayReplyRef";

  private final EMessageRouteSettings settings;
  private final MessageReceiver receiver;
  private final EMessagePipeline pipeline;
  private final MessageLog log;
  private final Runnable sweeper;

  public EMessageRoutes(
      EMessageRouteSettings settings,
      MessageReceiver receiver,
      EMessagePipeline pipeline,
      MessageLog log,
      Runnable sweeper) {
    this.settings = settings;
    this.receiver = receiver;
    this.pipeline = pipeline;
    this.log = log;
    this.sweeper = sweeper;
  }

  @Override
  public void configure() {
    if (settings.inbox() != null && !settings.inbox().isBlank()) {
      fromF(
              "file:%s?move=%s/${date:now:yyyyMMdd}/${file:name}.${exchangeId}"
                  + "&readLock=changed&readLockMinAge=%d&readLockCheckInterval=%d"
                  + "&exclude=.*\\.(tmp|part)$&moveFailed=&initialDelay=1000&delay=500"
                  + "&maxMessagesPerPoll=50",
              settings.inbox(),
              settings.archive(),
              settings.fileReadLockMinAge().toMillis(),
              Math.max(100, settings.fileReadLockMinAge().toMillis() / 2))
          .routeId("emessage-file-in")
          .routeConfigurationId(EMessageErrorPolicy.CHANNEL)
          .process(
              e ->
                  receiver.receive(
                      "file",
                      e.getMessage().getBody(byte[].class),
                      e.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
    }

    fromF("%s:queue:%s?transacted=true", settings.jmsComponent(), settings.inQueue())
        .routeId("emessage-jms-in")
        .routeConfigurationId(EMessageErrorPolicy.CHANNEL)
        .process(
            e -> {
              String correlation = e.getMessage().getHeader("JMSCorrelationID", String.class);
              if (correlation == null) {
                correlation = e.getMessage().getHeader("JMSMessageID", String.class);
              }
              receiver.receive("jms", e.getMessage().getBody(byte[].class), correlation);
            });

    fromF(
            "%s:queue:%s?transacted=true&concurrentConsumers=%d&maxConcurrentConsumers=%d",
            settings.jmsComponent(),
            settings.workQueue(),
            settings.concurrency(),
            settings.concurrency())
        .routeId("emessage-to-fhir")
        .routeConfigurationId(EMessageErrorPolicy.PIPELINE)
        .process(this::runPipeline)
        .filter(header(HEADER_TRACKING_ID).isNotNull())
        .to("direct:emessage-reply");

    from("direct:emessage-reply")
        .routeId("emessage-reply")
        .choice()
        .when(header(HEADER_CHANNEL).isEqualTo("file"))
        .toF(
            "file:%s?fileName=${header.%s}.apprec.xml&tempPrefix=.",
            settings.outbox(), HEADER_REPLY_REF)
        .process(this::acknowledge)
        .when(header(HEADER_CHANNEL).isEqualTo("jms"))
        .process(
            e -> {
              // The broker drops a second copy of the same AppRec (crash before the ack).
              e.getMessage()
                  .setHeader(
                      "_AMQ_DUPL_ID", "apprec-" + e.getMessage().getHeader(HEADER_TRACKING_ID));
              e.getMessage()
                  .setHeader("JMSCorrelationID", e.getMessage().getHeader(HEADER_REPLY_REF));
            })
        .toF("%s:queue:%s", settings.jmsComponent(), settings.outQueue())
        .process(this::acknowledge)
        .end();

    from(EMessageErrorPolicy.DEAD_LETTER)
        .routeId("emessage-dead-letter")
        .process(
            e -> {
              Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
              String reason = cause == null ? "unknown" : describe(cause);
              String trackingId = e.getMessage().getBody(String.class);
              log.deadLetter(trackingId, reason);
            });

    fromF(
            "timer:emessage-sweep?delay=%d&period=%d",
            Math.min(5000, settings.sweepInterval().toMillis()),
            settings.sweepInterval().toMillis())
        .routeId("emessage-sweeper")
        .process(e -> sweeper.run());
  }

  private void runPipeline(Exchange e) {
    String trackingId = e.getMessage().getBody(String.class);
    Optional<LoggedMessage> done = pipeline.handle(trackingId);
    e.getMessage().removeHeaders("*");
    if (done.isEmpty()
        || done.get().appRecXml() == null
        || done.get().state() == MessageState.ACKNOWLEDGED
        || "http".equals(done.get().channel())
        || done.get().replyRef() == null) {
      return;
    }
    e.getMessage().setHeader(HEADER_TRACKING_ID, trackingId);
    e.getMessage().setHeader(HEADER_CHANNEL, done.get().channel());
    e.getMessage().setHeader(HEADER_REPLY_REF, done.get().replyRef());
    e.getMessage().setBody(done.get().appRecXml());
  }

  private void acknowledge(Exchange e) {
    log.acknowledge(e.getMessage().getHeader(HEADER_TRACKING_ID, String.class));
  }

  /** The exception chain's types only: messages may quote content. */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null && b.length() < 400; c = c.getCause()) {
      if (!b.isEmpty()) {
        b.append(" <- ");
      }
      b.append(c.getClass().getSimpleName());
      if (c.getCause() == c) {
        break;
      }
    }
    return b.toString();
  }
}
