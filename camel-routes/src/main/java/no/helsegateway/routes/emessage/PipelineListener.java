package no.helsegateway.routes.emessage;

/** Port: told after a message reached its final state and the transaction committed. */
public interface PipelineListener {
  void completed(LoggedMessage message);

  PipelineListener NONE = m -> {};
}
