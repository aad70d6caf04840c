package no.helsegateway.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction Bundle is validated with its attachment data shrunk to one byte (the validator
 * would otherwise encode and scan the whole attached original of every e-message): the messages
 * must be the ones the full data gives, the caller's Bundle keeps its data, and an attachment whose
 * {@code size} or {@code hash} the rules compare with the data is validated with its data.
 */
class ProfileValidatorAttachmentTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ProfileValidator validator;

  @BeforeAll
  static void load() {
    validator = new ProfileValidator(GatewayProfiles.load(CTX));
  }

  /**
   * The gateway package's DocumentReference example in a transaction, with the given attachment
   * data.
   */
  static Bundle transaction(byte[] data) {
    DocumentReference doc = exampleFromPackage();
    doc.getContentFirstRep().getAttachment().setContentType("application/xml").setData(data);
    Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    b.addEntry()
        .setFullUrl("urn:uuid:8f0b9c1e-2f4a-4c9a-9d7e-0a1b2c3d4e5f")
        .setResource(doc)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl("DocumentReference");
    return b;
  }

  static DocumentReference exampleFromPackage() {
    return GatewayProfiles.load(CTX).examples().stream()
        .filter(DocumentReference.class::isInstance)
        .map(DocumentReference.class::cast)
        .findFirst()
        .orElseThrow()
        .copy();
  }

  static byte[] original(int kib) {
    byte[] b = new byte[kib * 1024];
    byte[] line =
        "<Epikrise><Tekst>Synthetic line æøå</Tekst></Epikrise>\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      b[i] = line[i % line.length];
    }
    return b;
  }

  static List<String> texts(List<SingleValidationMessage> messages) {
    return messages.stream()
        .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
        .sorted()
        .toList();
  }

  @Test
  void largeAttachedDataGivesTheMessagesOfOneByteAndStaysInTheCallersBundle() {
    byte[] data = original(64);
    Bundle big = transaction(data);

    List<SingleValidationMessage> messages = validator.validateEntries(big, t -> true);

    assertThat(texts(messages))
        .isEqualTo(texts(validator.validateEntries(transaction(new byte[] {'x'}), t -> true)));
    assertThat(messages).noneMatch(ProfileValidator::isError);
    byte[] kept =
        ((DocumentReference) big.getEntryFirstRep().getResource())
            .getContentFirstRep()
            .getAttachment()
            .getData();
    assertThat(Arrays.equals(kept, data)).isTrue();
  }

  /**
   * With a size, the data is validated as it is: a size that matches raises nothing (it would, if
   * the data had been shrunk), one that does not match is an error.
   */
  @Test
  void anAttachmentWithASizeIsValidatedWithItsData() {
    Bundle matching = transaction(original(8));
    attachment(matching).setSize(8 * 1024);
    Bundle wrong = transaction(original(8));
    attachment(wrong).setSize(10);

    assertThat(validator.validateEntries(matching, t -> true))
        .noneMatch(
            m -> ProfileValidator.isError(m) && m.getLocationString().contains("attachment"));
    assertThat(validator.validateEntries(wrong, t -> true))
        .anyMatch(m -> ProfileValidator.isError(m) && m.getLocationString().contains("attachment"));
  }

  static org.hl7.fhir.r4.model.Attachment attachment(Bundle b) {
    return ((DocumentReference) b.getEntryFirstRep().getResource())
        .getContentFirstRep()
        .getAttachment();
  }
}
