package no.helsegateway.routes.hl7v2;

import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConstants;

/**
 * {@code hl7v2-mllp-to-fhir}: an MLLP listener whose every frame goes to the {@link
 * Hl7v2MessageHandler}; the handler's ACK is sent back on the same connection. Camel's automatic
 * acknowledgement is off (the ACK is ours and follows the commit), message content is never logged
 * (component option {@code logPhi=false}), and Camel does not parse the HL7 header ({@code
 * hl7Headers=false}: the library does, once).
 */
public final class Hl7v2MllpRoute extends RouteBuilder {

  public static final String ROUTE_ID = "hl7v2-mllp-to-fhir";

  private final Hl7v2ChannelSettings settings;
  private final Hl7v2MessageHandler handler;

  public Hl7v2MllpRoute(Hl7v2ChannelSettings settings, Hl7v2MessageHandler handler) {
    this.settings = Objects.requireNonNull(settings);
    this.handler = Objects.requireNonNull(handler);
  }

  /** The endpoint URI (no secrets in it). */
  public String endpointUri() {
    return "mllp://"
        + settings.bindAddress()
        + ":"
        + settings.port()
        + "?autoAck=false&hl7Headers=false&validatePayload=false&stringPayload=true"
        + "&exchangePattern=InOut&lenientBind=false&maxBufferSize="
        + settings.transportBufferLimit()
        + "&maxConcurrentConsumers="
        + settings.maxConnections()
        + (settings.charset() == null || settings.charset().isBlank()
            ? ""
            : "&charsetName=" + settings.charset());
  }

  @Override
  public void configure() {
    // logPhi is a component option in Camel 4: message content never reaches a log line.
    MllpComponent mllp = getContext().getComponent("mllp", MllpComponent.class);
    mllp.setLogPhi(false);
    mllp.setLogPhiMaxBytes(0);
    from(endpointUri()).routeId(ROUTE_ID).process(this::handle);
  }

  private void handle(Exchange exchange) {
    String er7 = exchange.getMessage().getBody(String.class);
    String ack = handler.handle(er7 == null ? "" : er7);
    exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING, ack);
  }
}
