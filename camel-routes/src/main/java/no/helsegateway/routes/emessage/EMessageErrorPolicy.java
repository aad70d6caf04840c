package no.helsegateway.routes.emessage;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The ONE error policy of the e-message routes. Business rejections never reach it: they are
 * results of the pipeline (final, answered with an AppRec, never retried). Everything that arrives
 * here is an infrastructure fault (database or broker down, lost race) and is redelivered with
 * exponential back-off.
 *
 * <ul>
 *   <li>{@value #PIPELINE}: the work-queue consumer; after the last retry the message goes to the
 *       dead-letter store with its reason (replayed by an authenticated operation).
 *   <li>{@value #CHANNEL}: the receiving channels; after the last retry the failure goes back to
 *       the source (the file stays in the inbox, the JMS message is rolled back to the broker), so
 *       receipt is never acknowledged before it is durable.
 * </ul>
 */
public final class EMessageErrorPolicy extends RouteConfigurationBuilder {

  public static final String PIPELINE = "emessage-pipeline-policy";
  public static final String CHANNEL = "emessage-channel-policy";
  public static final String DEAD_LETTER = "direct:emessage-dead-letter";

  private final EMessageRouteSettings settings;

  public EMessageErrorPolicy(EMessageRouteSettings settings) {
    this.settings = settings;
  }

  @Override
  public void configuration() {
    routeConfiguration(PIPELINE)
        .errorHandler(
            deadLetterChannel(DEAD_LETTER)
                .useOriginalMessage()
                .maximumRedeliveries(settings.maxRedeliveries())
                .redeliveryDelay(settings.initialBackoff().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(settings.maxBackoff().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logStackTrace(false)
                .logRetryStackTrace(false)
                .logExhaustedMessageHistory(false)
                .logExhaustedMessageBody(false));
    routeConfiguration(CHANNEL)
        .errorHandler(
            defaultErrorHandler()
                .maximumRedeliveries(Math.min(3, settings.maxRedeliveries()))
                .redeliveryDelay(settings.initialBackoff().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(settings.maxBackoff().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logStackTrace(false)
                .logExhaustedMessageHistory(false)
                .logExhaustedMessageBody(false));
  }
}
