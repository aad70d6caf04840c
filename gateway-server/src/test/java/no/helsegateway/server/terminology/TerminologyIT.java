package no.helsegateway.server.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.terminology.internal.CodingEnricher;
import no.helsegateway.terminology.CodeSystems;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The terminology feature over HTTP: the operations answer from the gateway's translator (not from
 * HAPI JPA's providers), a Condition with an ICD-10 code gets its SNOMED CT coding on write, an
 * unmapped code lands in the report, and the report needs the operations token. Codes are from the
 * shipped test data (tier-A pair 6738008 Female infertility <-> N97.9; R51 Headache has no map).
 */
class TerminologyIT extends SharedContextIT {

  @LocalServerPort int port;
  @Autowired FhirContext fhir;

  private final HttpClient http = HttpClient.newHttpClient();

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    boolean explicitAuth = false;
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        b.header(headers[i], headers[i + 1]);
      }
      explicitAuth |= headers[i].equalsIgnoreCase("Authorization");
    }
    if (!explicitAuth) {
      b.header("Authorization", bearer());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", bearer())
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/fhir+json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Parameters parameters(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return fhir.newJsonParser().parseResource(Parameters.class, r.body());
  }

  @Test
  void translateSnomedToIcd10FromTheExtendedMap() throws Exception {
    Parameters p =
        parameters(
            get(
                "/fhir/ConceptMap/$translate?system="
                    + enc(CodeSystems.SNOMED_CT)
                    + "&code=6738008&targetsystem="
                    + enc(CodeSystems.ICD10_NO)));
    assertThat(p.getParameterBool("result")).isTrue();
    Parameters.ParametersParameterComponent match = p.getParameter("match");
    Coding concept = (Coding) part(match, "concept");
    assertThat(concept.getSystem()).isEqualTo(CodeSystems.ICD10_NO);
    assertThat(concept.getCode()).isEqualTo("N97.9");
    assertThat(part(match, "equivalence").primitiveValue()).isNotBlank();
    assertThat(part(match, "source").primitiveValue()).contains("447562003");
    assertThat(match.getExtensionByUrl(TerminologyOperationProviderUrls.MAP_ROW)).isNotNull();
  }

  @Test
  void translateIcd10ToSnomedAndUnknownCodes() throws Exception {
    Parameters p =
        parameters(
            get(
                "/fhir/ConceptMap/$translate?system="
                    + enc(CodeSystems.ICD10_NO)
                    + "&code=N97.9&targetsystem="
                    + enc(CodeSystems.SNOMED_CT)));
    assertThat(p.getParameterBool("result")).isTrue();
    assertThat(((Coding) part(p.getParameter("match"), "concept")).getCode()).isEqualTo("6738008");

    Parameters none =
        parameters(
            get(
                "/fhir/ConceptMap/$translate?system="
                    + enc(CodeSystems.ICD10_NO)
                    + "&code=R51&targetsystem="
                    + enc(CodeSystems.SNOMED_CT)));
    assertThat(none.getParameterBool("result")).isFalse();
    assertThat(none.getParameter("message").getValue().primitiveValue()).contains("R51");

    HttpResponse<String> bad = get("/fhir/ConceptMap/$translate?code=R51");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("OperationOutcome").doesNotContain("Exception");
  }

  @Test
  void lookupAndValidateCode() throws Exception {
    Parameters lookup =
        parameters(
            get("/fhir/CodeSystem/$lookup?system=" + enc(CodeSystems.ICD10_NO) + "&code=N979"));
    assertThat(lookup.getParameter("name").getValue().primitiveValue()).contains("ICD-10");
    assertThat(lookup.getParameter("display").getValue().primitiveValue())
        .isEqualTo("Female infertility, unspecified");
    assertThat(lookup.getParameter("version").getValue().primitiveValue()).isEqualTo("test-2025");

    Parameters snomed =
        parameters(
            get("/fhir/CodeSystem/$lookup?system=" + enc(CodeSystems.SNOMED_CT) + "&code=6738008"));
    assertThat(snomed.getParameter("display").getValue().primitiveValue()).isNotBlank();
    assertThat(
            get("/fhir/CodeSystem/$lookup?system=" + enc(CodeSystems.SNOMED_CT) + "&code=1")
                .statusCode())
        .isEqualTo(404);

    Parameters valid =
        parameters(
            get(
                "/fhir/CodeSystem/$validate-code?url="
                    + enc(CodeSystems.ICD10_NO)
                    + "&code=N97.9&display="
                    + enc("Female infertility, unspecified")));
    assertThat(valid.getParameterBool("result")).isTrue();
    assertThat(valid.getParameter("display").getValue().primitiveValue())
        .isEqualTo("Female infertility, unspecified");

    Parameters invalid =
        parameters(
            get(
                "/fhir/CodeSystem/$validate-code?url="
                    + enc(CodeSystems.ICD10_NO)
                    + "&code=Q99.99"));
    assertThat(invalid.getParameterBool("result")).isFalse();
    assertThat(invalid.getParameter("message").getValue().primitiveValue()).contains("Q99.99");

    Parameters inValueSet =
        parameters(
            get(
                "/fhir/ValueSet/$validate-code?url="
                    + enc(CodeSystems.SNOMED_CT + "?fhir_vs")
                    + "&system="
                    + enc(CodeSystems.SNOMED_CT)
                    + "&code=6738008"));
    assertThat(inValueSet.getParameterBool("result")).isTrue();
  }

  @Test
  void aConditionWithAnIcd10CodeGetsItsSnomedCodingAndKeepsTheOriginal() throws Exception {
    String json =
        "{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":\""
            + CodeSystems.ICD10_NO
            + "\",\"code\":\"N97.9\",\"display\":\"Infertilitet hos kvinne\"}]},"
            + "\"subject\":{\"reference\":\""
            + patient()
            + "\"}}";
    HttpResponse<String> created = send("POST", "/fhir/Condition", json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Condition stored = fhir.newJsonParser().parseResource(Condition.class, created.body());
    assertDerivedSnomed(stored);

    // An update with the stored codings adds nothing; one without the derived coding gets it back.
    String id = stored.getIdElement().getIdPart();
    HttpResponse<String> same =
        send("PUT", "/fhir/Condition/" + id, fhir.newJsonParser().encodeResourceToString(stored));
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    assertDerivedSnomed(fhir.newJsonParser().parseResource(Condition.class, same.body()));

    String again =
        json.replace(
            "{\"resourceType\":\"Condition\",",
            "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",");
    HttpResponse<String> updated = send("PUT", "/fhir/Condition/" + id, again);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertDerivedSnomed(fhir.newJsonParser().parseResource(Condition.class, updated.body()));
  }

  private static void assertDerivedSnomed(Condition c) {
    assertThat(c.getCode().getCoding()).hasSize(2);
    Coding original = c.getCode().getCoding().get(0);
    assertThat(original.getSystem()).isEqualTo(CodeSystems.ICD10_NO);
    assertThat(original.getCode()).isEqualTo("N97.9");
    assertThat(original.getDisplay()).isEqualTo("Infertilitet hos kvinne");
    assertThat(original.hasExtension()).isFalse();
    Coding derived = c.getCode().getCoding().get(1);
    assertThat(derived.getSystem()).isEqualTo(CodeSystems.SNOMED_CT);
    assertThat(derived.getCode()).isEqualTo("6738008");
    assertThat(derived.getUserSelected()).isFalse();
    assertThat(derived.getExtensionByUrl(CodingEnricher.DERIVED_CODING)).isNotNull();
    assertThat(
            derived
                .getExtensionByUrl(CodingEnricher.DERIVED_CODING)
                .getExtensionByUrl("mapVersion")
                .getValue()
                .primitiveValue())
        .isEqualTo("test-2025");
  }

  @Test
  void anUnmappedCodeIsStoredAndReported() throws Exception {
    String sender = "urn:it:sender:" + UUID.randomUUID();
    String json =
        "{\"resourceType\":\"Condition\",\"meta\":{\"source\":\""
            + sender
            + "\"},\"code\":{\"coding\":[{\"system\":\""
            + CodeSystems.ICD10_NO
            + "\",\"code\":\"R51\"}]},\"subject\":{\"reference\":\""
            + patient()
            + "\"}}";
    HttpResponse<String> created = send("POST", "/fhir/Condition", json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Condition stored = fhir.newJsonParser().parseResource(Condition.class, created.body());
    assertThat(stored.getCode().getCoding()).hasSize(1);

    HttpResponse<String> report = get("/terminology/unmapped");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("Content-Type").orElse("")).contains("json");
    assertThat(report.body()).contains("\"R51\"").contains(sender);

    HttpResponse<String> csv = get("/terminology/unmapped", "Accept", "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).contains("text/csv");
    assertThat(csv.body())
        .startsWith("code,system,count,senders,first_seen,last_seen")
        .contains("R51," + CodeSystems.ICD10_NO + ",")
        .contains(sender);
    assertThat(get("/terminology/unmapped?format=csv").body()).startsWith("code,system");
  }

  @Test
  void theReportNeedsTheOperationsScope() throws Exception {
    HttpResponse<String> none = get("/terminology/unmapped", "Authorization", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertThat(none.body()).contains("OperationOutcome").doesNotContain("Exception");
    HttpResponse<String> wrong =
        get("/terminology/unmapped", "Authorization", "Bearer not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("R51");
    String fhirOnly =
        "Bearer "
            + no.helsegateway.server.TestTokens.with(
                tokenIssuer, java.util.Map.of("scope", "system/*.cruds"));
    HttpResponse<String> forbidden = get("/terminology/unmapped", "Authorization", fhirOnly);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("OperationOutcome").doesNotContain("R51");
  }

  /** A synthetic patient (fødselsnummer 13031353453 has valid control digits), created once. */
  private String patient() throws Exception {
    HttpResponse<String> r =
        send(
            "PUT",
            "/fhir/Patient/it-terminology-patient",
            "{\"resourceType\":\"Patient\",\"id\":\"it-terminology-patient\","
                + "\"identifier\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.4.1\","
                + "\"value\":\"13031353453\"}],\"name\":[{\"family\":\"Test\"}]}");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return "Patient/it-terminology-patient";
  }

  private static org.hl7.fhir.r4.model.Type part(
      Parameters.ParametersParameterComponent p, String name) {
    return p.getPart().stream()
        .filter(x -> x.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  /** The extension URL of the map row on a match part. */
  static final class TerminologyOperationProviderUrls {
    static final String MAP_ROW = "http://helsegateway.no/fhir/StructureDefinition/map-row";
  }
}
