package no.helsegateway.terminology;

/** Outcome of validating one code: valid or not, with a message that says why. */
public record CodeValidation(boolean valid, String display, String message) {}
