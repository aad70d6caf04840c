package no.helsegateway.routes.emessage;

/**
 * Port: the receipt step of every channel. In one transaction it writes the raw bytes and a new
 * tracking id (state RECEIVED) to the message log and queues a persistent work message; only after
 * it returns may the channel acknowledge receipt to the sender.
 */
public interface MessageReceiver {

  /**
   * @param channel {@code http}, {@code file} or {@code jms}
   * @param bytes the message as received
   * @param replyRef where the AppRec goes back on this channel, may be {@code null}
   * @return the tracking id
   */
  String receive(String channel, byte[] bytes, String replyRef);
}
