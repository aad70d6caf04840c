package no.helsegateway.terminology;

import java.util.Objects;

/** A request to translate one code into a target code system, for one patient. */
public record TranslationRequest(
    String system, String code, String targetSystem, PatientContext patient) {
  public TranslationRequest {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(targetSystem, "targetSystem");
    patient = patient == null ? PatientContext.UNKNOWN : patient;
  }
}
