package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.util.UrlUtil;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import no.helsegateway.server.security.authz.SmartScopes;
import no.helsegateway.server.security.authz.internal.ScopeRequirements.Need;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeRequirementsTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private final ScopeRequirements req = new ScopeRequirements(CTX);

  /** Needs as "letters:Type" strings, sorted: "rs:Patient" = READ or SEARCH on Patient. */
  private static String show(List<Need> needs) {
    return needs.stream()
        .map(
            n ->
                n.anyOf().stream()
                        .map(p -> String.valueOf(p.letter()))
                        .sorted((a, b) -> "cruds".indexOf(a) - "cruds".indexOf(b))
                        .collect(Collectors.joining())
                    + ":"
                    + n.type())
        .collect(Collectors.toCollection(TreeSet::new))
        .stream()
        .collect(Collectors.joining(" "));
  }

  /** method | entry URL | needs */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET | Patient/1 | r:Patient",
        "GET | Patient/1/_history/2 | r:Patient",
        "GET | Patient/1/_history | s:Patient",
        "GET | Observation?subject=Patient/1 | s:Observation",
        "GET | Observation?_include=Observation:subject | rs:Group rs:Patient s:Observation"
            + " rs:Device rs:Location",
        "GET | Observation?_include=Observation:subject:Patient | rs:Patient s:Observation",
        "GET | Observation?_include:iterate=Observation:performer:Practitioner"
            + " | rs:Practitioner s:Observation",
        "GET | Patient?_revinclude=Condition:subject | rs:Condition s:Patient",
        "GET | Patient?_revinclude=* | rs:* s:Patient",
        "GET | Observation?_include=* | rs:* s:Observation",
        "GET | Observation?subject:Patient.name=x | s:Observation s:Patient",
        "GET | Observation?subject.organization.name=x | s:* s:Device s:Group s:Location s:Observation"
            + " s:Organization s:Patient",
        "GET | Patient?_has:Observation:subject:code=1 | s:Observation s:Patient",
        "GET | Patient?_has:Observation:subject:_has:Provenance:target:agent=x"
            + " | s:Observation s:Patient s:Provenance",
        "GET | Patient/1/Observation | r:Patient s:Observation",
        "GET | Patient/1/$everything | r:Patient",
        "POST | Observation/$validate | r:Observation",
        "POST | Patient/1/$meta-add | u:Patient",
        "GET | ?_type=Patient | s:*",
        "GET | _history | s:*",
        "GET | $export | u:*",
        "POST | Observation | c:Observation",
        "PUT | Observation/1 | u:Observation",
        "PUT | Observation?identifier=a | s:Observation u:Observation",
        "PATCH | Observation/1 | u:Observation",
        "DELETE | Observation/1 | d:Observation",
        "DELETE | Observation?identifier=a | d:Observation s:Observation",
        "GET | Nonsense/1 | r:*",
      })
  void entries(String method, String url, String expected) {
    assertThat(show(req.forEntry(method, url, false)))
        .isEqualTo(
            java.util.Arrays.stream(expected.trim().split("\\s+"))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .collect(Collectors.joining(" ")));
  }

  @Test
  void conditionalCreateAlsoSearches() {
    assertThat(show(req.forEntry("POST", "Patient", true))).isEqualTo("c:Patient s:Patient");
  }

  @Test
  void systemSearchNeedsEveryNamedType() {
    Map<String, String[]> params = Map.of("_type", new String[] {"Patient,Observation"});
    assertThat(show(req.forRequest(RestOperationTypeEnum.SEARCH_SYSTEM, null, null, null, params)))
        .isEqualTo("s:Observation s:Patient");
    assertThat(
            show(req.forRequest(RestOperationTypeEnum.SEARCH_SYSTEM, null, null, null, Map.of())))
        .isEqualTo("s:*");
    assertThat(
            show(
                req.forRequest(
                    RestOperationTypeEnum.SEARCH_TYPE, "Patient", "Observation", null, Map.of())))
        .isEqualTo("r:Patient s:Observation");
    assertThat(
            show(req.forRequest(RestOperationTypeEnum.HISTORY_SYSTEM, null, null, null, Map.of())))
        .isEqualTo("s:*");
  }

  /** base type | query | crosses patients (refused for callers limited to some patients) */
  @ParameterizedTest(name = "{0}?{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Patient | _has:Observation:subject:code=1 | false",
        "Patient | _has:Observation:performer:code=1 | false",
        "Patient | _has:Observation:encounter:code=1 | true",
        "Organization | _has:Observation:performer:code=1 | true",
        "Patient | _has:Observation:subject:_has:Provenance:target:agent=x | true",
        "Observation | subject.name=x | false",
        "Organization | partof.name=x | false",
        "Organization | endpoint.name=x | false",
        "Practitioner | name=x | false",
        "Observation | code=1 | false",
      })
  void searchForms(String base, String query, boolean crosses) {
    assertThat(req.crossesPatients(base, UrlUtil.parseQueryString(query), req.compartmentTypes()))
        .isEqualTo(crosses);
  }

  @Test
  void wildcardNeedsAWildcardScope() {
    Need need = Need.of(SmartScopes.Permission.SEARCH, SmartScopes.ANY_TYPE);
    assertThat(need.metBy(SmartScopes.parse(List.of("system/Observation.s")))).isFalse();
    assertThat(need.metBy(SmartScopes.parse(List.of("system/*.s")))).isTrue();
  }
}
