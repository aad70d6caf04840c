package no.helsegateway.terminology;

/** The shipped test data, loaded once for all tests (the translator is immutable). */
public final class TestData {
  private static final ConceptTranslator EMBEDDED = TerminologyLoader.loadTestData();

  private TestData() {}

  public static ConceptTranslator embedded() {
    return EMBEDDED;
  }

  public static TranslationRequest toIcd10(String conceptId, PatientContext patient) {
    return new TranslationRequest(CodeSystems.SNOMED_CT, conceptId, CodeSystems.ICD10_NO, patient);
  }

  public static PatientContext female() {
    return new PatientContext(null, PatientContext.Sex.FEMALE);
  }

  public static PatientContext male() {
    return new PatientContext(null, PatientContext.Sex.MALE);
  }

  public static PatientContext age(int years) {
    return new PatientContext(years, null);
  }
}
