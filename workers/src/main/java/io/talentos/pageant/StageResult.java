package io.talentos.pageant;

import java.util.List;
import java.util.Objects;

/**
 * The ranking of one stage, computed by {@link StageResults#compute} (seed 000 §9.3 Pageant Integrity Pack).
 *
 * @param ranking placements, best first; contestants sharing a rank are listed by contestant code ascending
 * @param tieBreaks every tie-break decision, in ranking order
 * @param dropHighLow whether drop high/low was in force
 * @param tieBreakCriteria the tie-break criterion keys in force, priority order
 */
public record StageResult(List<Placement> ranking, List<TieBreak> tieBreaks, boolean dropHighLow,
    List<String> tieBreakCriteria) {

  /** Copies the lists; throws NullPointerException for null components. */
  public StageResult {
    ranking = List.copyOf(ranking);
    tieBreaks = List.copyOf(tieBreaks);
    tieBreakCriteria = List.copyOf(tieBreakCriteria);
  }

  /**
   * One contestant's place in the stage.
   *
   * @param rank standard competition rank (1, 1, 3)
   * @param contestantCode the contestant's code
   * @param score the stage mean in points (centipoints / 100), 4 decimals HALF_EVEN, e.g. "8.6667"
   * @param numerator numerator of the exact stage mean in centipoints, reduced to lowest terms
   * @param denominator denominator of the exact stage mean in centipoints, positive, reduced to lowest terms
   * @param judgesCounted the number of judge scorecards in the mean (after drop high/low)
   * @param droppedJudges empty, or [judge dropped as highest, judge dropped as lowest]
   */
  public record Placement(int rank, String contestantCode, String score, long numerator, long denominator,
      int judgesCounted, List<String> droppedJudges) {

    /** Copies droppedJudges; throws NullPointerException for null components. */
    public Placement {
      Objects.requireNonNull(contestantCode, "contestantCode");
      Objects.requireNonNull(score, "score");
      droppedJudges = List.copyOf(droppedJudges);
    }

    String canonical() {
      return "P|" + rank + "|" + Canon.esc(contestantCode) + "|" + numerator + "/" + denominator + "|" + score + "|"
          + judgesCounted + "|" + Canon.list(droppedJudges);
    }
  }

  /**
   * SHA-256 (lowercase hex) of the canonical text of the ranking and the tie-breaks, so two computations can be
   * compared (seed 000 §9.3). The text is "stage-result.v1", then one line per placement
   * {@code P|rank|code|numerator/denominator|score|judgesCounted|dropped1,dropped2}, then one line per tie-break
   * {@code T|code1,code2|rule|order1,order2}, joined with '\n'; text values are escaped (\\ \| \, \: \n \r).
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder("stage-result.v1");
    ranking.forEach(p -> text.append('\n').append(p.canonical()));
    tieBreaks.forEach(t -> text.append('\n').append(t.canonical()));
    return Canon.sha256Hex(text.toString());
  }
}
