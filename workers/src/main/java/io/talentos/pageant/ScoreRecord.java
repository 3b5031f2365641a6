package io.talentos.pageant;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One judge's scorecard for one contestant in one stage, as submitted. Records are never edited: a correction is a
 * new record whose {@code correctsScoreId} cites the record it replaces (seed 000 §9.3 Pageant Integrity Pack;
 * seed 002 §3.4; issue 6).
 *
 * @param scoreId unique id of this record
 * @param judgeId the judge who submitted it, not blank
 * @param contestantCode the contestant's code (judges see codes, not names), not blank
 * @param criterionScores criterion key to score in scale units; stored sorted by key and unmodifiable (null values
 *     are kept so that {@link StageRules#check} can report them)
 * @param correctsScoreId the record this one replaces, or null for a first score
 * @param submittedAt when the server received it
 */
public record ScoreRecord(UUID scoreId, String judgeId, String contestantCode, Map<String, Integer> criterionScores,
    UUID correctsScoreId, Instant submittedAt) {

  /** Throws NullPointerException for a null component (except correctsScoreId), IllegalArgumentException for blanks. */
  public ScoreRecord {
    Objects.requireNonNull(scoreId, "scoreId");
    Objects.requireNonNull(judgeId, "judgeId");
    Objects.requireNonNull(contestantCode, "contestantCode");
    Objects.requireNonNull(criterionScores, "criterionScores");
    Objects.requireNonNull(submittedAt, "submittedAt");
    if (judgeId.isBlank() || contestantCode.isBlank()) {
      throw new IllegalArgumentException("judgeId and contestantCode must not be blank");
    }
    criterionScores = Collections.unmodifiableMap(new TreeMap<>(criterionScores));
  }

  /**
   * The weighted total in centipoints: the sum over criteria of score &times; weightPercent, so a scorecard of all
   * 10s on a stage whose weights sum to 100 gives 1000 centipoints, i.e. 10.00 points (seed 000 §9.3).
   *
   * @throws StageRules.InvalidScoreException if the scorecard does not fit {@code rules}
   */
  public long weightedTotalCentipoints(StageRules rules) {
    rules.check(criterionScores);
    long total = 0;
    for (StageRules.Criterion c : rules.criteria()) {
      total += (long) criterionScores.get(c.key()) * c.weightPercent();
    }
    return total;
  }
}
