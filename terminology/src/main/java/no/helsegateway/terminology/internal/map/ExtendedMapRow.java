package no.helsegateway.terminology.internal.map;

/**
 * One active member of an extended map refset (447562003), as read from RF2 or from Snowstorm's
 * {@code /members} API. All fields are kept as released; {@code rule} is the parsed mapRule.
 */
public record ExtendedMapRow(
    String memberId,
    String effectiveTime,
    String moduleId,
    String refsetId,
    String conceptId,
    int mapGroup,
    int mapPriority,
    String mapRuleText,
    MapRule rule,
    String mapAdvice,
    String mapTarget,
    String correlationId,
    String mapCategoryId) {

  /** True when the row names no target code (e.g. "cannot be classified with available data"). */
  public boolean hasTarget() {
    return mapTarget != null && !mapTarget.isBlank();
  }
}
