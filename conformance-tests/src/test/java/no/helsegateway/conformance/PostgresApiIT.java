package no.helsegateway.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The same API suite on PostgreSQL (the machine's, 127.0.0.1:5432 by default). The schema is
 * dropped and recreated first so that every run starts from the gateway's own schema creation.
 * Under CI ({@code CI=true}) a missing PostgreSQL fails the run; locally it skips with a message.
 */
class PostgresApiIT extends ProcessBackedSuite {

  static final String URL =
      System.getProperty("gateway.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/gateway_test");
  static final String USER = System.getProperty("gateway.it.pg.user", "postgres");
  static final String PASSWORD = System.getProperty("gateway.it.pg.password", "");

  @Override
  protected String storageName() {
    return "postgresql";
  }

  @Override
  protected Map<String, String> storageSettings() {
    resetSchema();
    return Map.of(
        "spring.datasource.url", URL,
        "spring.datasource.username", USER,
        "spring.datasource.password", PASSWORD);
  }

  private static void resetSchema() {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at " + URL + " (" + e.getSQLState() + "): " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + ". CI requires PostgreSQL; .ci/run starts it and creates the database.");
      }
      Assumptions.abort(message + ". Skipping the PostgreSQL run locally.");
    }
  }
}
