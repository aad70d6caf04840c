package no.helsegateway.conformance;

import java.util.Map;

/** The API suite on the embedded default: H2 file database and embedded broker under ./data. */
class H2ApiIT extends ProcessBackedSuite {

  @Override
  protected String storageName() {
    return "h2";
  }

  @Override
  protected Map<String, String> storageSettings() {
    return Map.of();
  }
}
