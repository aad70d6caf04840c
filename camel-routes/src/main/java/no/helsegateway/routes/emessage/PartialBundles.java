package no.helsegateway.routes.emessage;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.helsegateway.mappings.emessage.ProcessingError;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/**
 * For a PARTIAL outcome (AppRec status 3): drops the entries whose resource failed validation and,
 * transitively, every entry that refers to a dropped one, so that the rest can be stored.
 */
final class PartialBundles {

  private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)]");

  private PartialBundles() {}

  static Bundle withoutFailedEntries(Bundle bundle, List<ProcessingError> errors) {
    if (bundle == null) {
      return null;
    }
    Set<String> dropped = new HashSet<>();
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    for (ProcessingError e : errors) {
      if (e.location() == null) {
        continue;
      }
      Matcher m = ENTRY.matcher(e.location());
      if (m.find()) {
        int i = Integer.parseInt(m.group(1));
        if (i < entries.size()) {
          dropped.add(entries.get(i).getFullUrl());
        }
      }
    }
    FhirContext ctx = FhirContext.forR4Cached();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Bundle.BundleEntryComponent entry : entries) {
        if (entry.getResource() == null || dropped.contains(entry.getFullUrl())) {
          continue;
        }
        for (Reference ref :
            ctx.newTerser()
                .getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
          if (ref.getReference() != null && dropped.contains(ref.getReference())) {
            dropped.add(entry.getFullUrl());
            changed = true;
            break;
          }
        }
      }
    }
    Bundle kept = bundle.copy();
    List<Bundle.BundleEntryComponent> rest = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : kept.getEntry()) {
      if (!dropped.contains(entry.getFullUrl())) {
        rest.add(entry);
      }
    }
    kept.setEntry(rest);
    return kept;
  }
}
