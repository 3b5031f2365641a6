package io.talentos.pageant;

import java.util.List;
import java.util.Objects;

/**
 * The final ranking of a season, combined from its stages by {@link SeasonResults#combine} (seed 000 §9.3 Pageant
 * Integrity Pack).
 *
 * @param ranking final placements, best first; contestants sharing a rank are listed by contestant code ascending
 * @param tieBreaks every tie-break decision ("stage:&lt;key&gt;" for the last stage's rank, or "SHARED")
 * @param fingerprint SHA-256 hex of the canonical text of ranking and tie-breaks (see {@link SeasonResults})
 */
public record SeasonResult(List<FinalPlacement> ranking, List<TieBreak> tieBreaks, String fingerprint) {

  /** Copies the lists; throws NullPointerException for null components. */
  public SeasonResult {
    ranking = List.copyOf(ranking);
    tieBreaks = List.copyOf(tieBreaks);
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * One contestant's final place.
   *
   * @param rank standard competition rank (1, 1, 3)
   * @param contestantCode the contestant's code
   * @param score the weighted final score in points, 4 decimals HALF_EVEN, e.g. "8.7000"
   */
  public record FinalPlacement(int rank, String contestantCode, String score) {

    /** Throws NullPointerException for null components. */
    public FinalPlacement {
      Objects.requireNonNull(contestantCode, "contestantCode");
      Objects.requireNonNull(score, "score");
    }

    String canonical() {
      return "P|" + rank + "|" + Canon.esc(contestantCode) + "|" + score;
    }
  }
}
