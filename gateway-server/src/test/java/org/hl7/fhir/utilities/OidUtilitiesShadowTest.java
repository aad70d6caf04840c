package org.hl7.fhir.utilities;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The gateway's stand-in for the FHIR core library's {@code OIDUtilities}: it is the class in
 * effect, it has the original's public shape (so that library code compiled against the original
 * links), it forwards to the right methods, and the registry is read once.
 */
class OidUtilitiesShadowTest {

  @Test
  void theStandInComesFirstAndTheLibraryCopyIsFound() throws Exception {
    List<java.net.URL> copies = OIDUtilities.Original.copies();
    assertThat(copies).hasSize(2);
    assertThat(copies.get(0)).isEqualTo(OIDUtilities.class.getResource("OIDUtilities.class"));
    assertThat(copies.get(1).toString()).contains("org.hl7.fhir.utilities");
    assertThat(OIDUtilities.Original.CLASS).isNotEqualTo(OIDUtilities.class);
    assertThat(OIDUtilities.Original.CLASS.getName()).isEqualTo(OIDUtilities.class.getName());
  }

  @Test
  void hasEveryPublicMemberOfTheOriginal() throws Exception {
    Class<?> original = OIDUtilities.Original.CLASS;
    assertThat(publicShape(OIDUtilities.class)).containsAll(publicShape(original));
    Class<?> originalInfo = original.getClassLoader().loadClass(original.getName() + "$OIDInfo");
    assertThat(originalInfo.getClassLoader()).isSameAs(original.getClassLoader());
    assertThat(publicShape(OIDUtilities.OIDInfo.class)).containsAll(publicShape(originalInfo));
  }

  @Test
  void forwardsEachCallToItsOwnOriginalMethod() {
    assertThat(OIDUtilities.isValidOID("2.16.578.1.12.4.1.4.1")).isTrue();
    assertThat(OIDUtilities.isValidOID("not.an.oid")).isFalse();
    assertThat(OIDUtilities.oidTail("2.16.578.1.12.4.1.4.1")).isEqualTo("1");
    assertThat(OIDUtilities.oidRoot("2.16.578.1.12.4.1.4.1")).isEqualTo("2");
    assertThat(OIDUtilities.getUriForOid("2.16.840.1.113883.6.96"))
        .isEqualTo("http://snomed.info/sct");
    assertThat(new OIDUtilities().isKnownOID("urn:oid:1.2.3.4.5.6.7.8.9.424242")).isFalse();
    assertThat(new OIDUtilities().isKnownOID("urn:oid:2.16.840.1.113883.6.96")).isTrue();
  }

  @Test
  void knowsEveryOidOfTheRegistryAndReadsItOnce() throws Exception {
    List<String> oids = new ArrayList<>();
    try (InputStream in =
            OIDUtilities.class.getClassLoader().getResourceAsStream("oidregistry.csv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] parts = line.split(",");
        if (parts.length >= 4 && !parts[0].isBlank()) {
          oids.add("urn:oid:" + parts[0].trim());
        }
      }
    }
    assertThat(oids).hasSizeGreaterThan(1000);
    for (int i = 0; i < 50; i++) {
      OIDUtilities fresh = new OIDUtilities();
      assertThat(fresh.isKnownOID(oids.get(i * (oids.size() / 50)))).isTrue();
    }
    OIDUtilities one = new OIDUtilities();
    assertThat(oids.stream().filter(one::isKnownOID).count()).isEqualTo(oids.size());
    assertThat(OIDUtilities.Original.constructed()).isEqualTo(1);
  }

  /** Public constructors, methods and their static-ness, as comparable strings. */
  private static Set<String> publicShape(Class<?> type) {
    Set<String> shape = new TreeSet<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (Modifier.isPublic(c.getModifiers())) {
        shape.add("new(" + names(c.getParameterTypes()) + ")");
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        shape.add(
            staticness(m)
                + m.getReturnType().getName()
                + " "
                + m.getName()
                + "("
                + names(m.getParameterTypes())
                + ")");
      }
    }
    return shape;
  }

  private static String staticness(Member m) {
    return Modifier.isStatic(m.getModifiers()) ? "static " : "";
  }

  private static String names(Class<?>[] types) {
    return String.join(",", Arrays.stream(types).map(Class::getName).toList());
  }
}
