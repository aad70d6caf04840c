package no.helsegateway.terminology.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic RF2 Snapshot of a given size (made-up ids and terms) to measure load time and
 * heap at full-release scale. Shape per concept: 1 FSN + 2 synonyms (~45-60 character terms), a
 * Norwegian preferred-term member for half the concepts, and ICD-10 map rows for 45% of the
 * concepts (90% one TRUE row, 10% a female/male/OTHERWISE triple, 5% a second group).
 */
final class SyntheticRelease {
  private SyntheticRelease() {}

  static Path write(Path dir, int concepts) throws IOException {
    Path snapshot = Files.createDirectories(dir.resolve("Snapshot"));
    try (BufferedWriter c = writer(snapshot, "sct2_Concept_Snapshot_SYN_20250101.txt");
        BufferedWriter d = writer(snapshot, "sct2_Description_Snapshot-en_SYN_20250101.txt");
        BufferedWriter l = writer(snapshot, "der2_cRefset_LanguageSnapshot-no_SYN_20250101.txt");
        BufferedWriter m =
            writer(snapshot, "der2_iisssccRefset_ExtendedMapSnapshot_SYN_20250101.txt")) {
      c.write("id\teffectiveTime\tactive\tmoduleId\tdefinitionStatusId\n");
      d.write(
          "id\teffectiveTime\tactive\tmoduleId\tconceptId\tlanguageCode\ttypeId\tterm\t"
              + "caseSignificanceId\n");
      l.write(
          "id\teffectiveTime\tactive\tmoduleId\trefsetId\treferencedComponentId\tacceptabilityId\n");
      m.write(
          "id\teffectiveTime\tactive\tmoduleId\trefsetId\treferencedComponentId\tmapGroup\t"
              + "mapPriority\tmapRule\tmapAdvice\tmapTarget\tcorrelationId\tmapCategoryId\n");
      long member = 1;
      for (int i = 0; i < concepts; i++) {
        String id = Long.toString(10_000_000L + i);
        c.write(id + "\t20250101\t1\t900000000000207008\t900000000000074008\n");
        for (int k = 0; k < 3; k++) {
          String descId = Long.toString(100_000_000L + 3L * i + k);
          String type = k == 0 ? "900000000000003001" : "900000000000013009";
          String lang = k == 2 ? "no" : "en";
          d.write(
              descId
                  + "\t20250101\t1\t900000000000207008\t"
                  + id
                  + "\t"
                  + lang
                  + "\t"
                  + type
                  + "\tSynthetic clinical finding number "
                  + i
                  + " variant "
                  + k
                  + (k == 0 ? " (disorder)" : "")
                  + "\t900000000000448009\n");
          if (k == 2 && i % 2 == 0) {
            l.write(
                "l"
                    + member++
                    + "\t20250101\t1\t51000202101\t61000202103\t"
                    + descId
                    + "\t900000000000548007\n");
          }
        }
        if (i % 20 < 9) {
          String target = "A" + (i % 100) / 10 + (i % 10) + "." + (i % 7);
          if (i % 10 == 0) {
            m.write(row(member++, id, 1, 1, "IFA 248152002 | Female (finding) |", target));
            m.write(row(member++, id, 1, 2, "IFA 248153007 | Male (finding) |", "B00.1"));
            m.write(row(member++, id, 1, 3, "OTHERWISE TRUE", ""));
          } else {
            m.write(row(member++, id, 1, 1, "TRUE", target));
          }
          if (i % 20 == 1) {
            m.write(row(member++, id, 2, 1, "TRUE", "Y40.0"));
          }
        }
      }
    }
    return dir;
  }

  private static String row(long member, String id, int g, int p, String rule, String target) {
    return "m"
        + member
        + "\t20250101\t1\t449080006\t447562003\t"
        + id
        + "\t"
        + g
        + "\t"
        + p
        + "\t"
        + rule
        + "\tALWAYS "
        + target
        + " | MAPPED FOLLOWING WHO GUIDANCE\t"
        + target
        + "\t447561005\t447637006\n";
  }

  private static BufferedWriter writer(Path dir, String name) throws IOException {
    return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
  }
}
