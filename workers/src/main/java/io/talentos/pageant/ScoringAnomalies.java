package io.talentos.pageant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Flags scoring patterns for a human to review; flags never change results (seed 000 §9.3 Pageant Integrity Pack:
 * anomaly detection; seed 002 §3.4: flooding). Deterministic: inputs are sorted and sums are exact before the final
 * division.
 */
public final class ScoringAnomalies {

  /** Kind of a judge whose totals deviate from the rest of the panel (seed 000 §9.3). */
  public static final String OUTLIER_JUDGE = "OUTLIER_JUDGE";

  /** Kind of a judge who submitted many scorecards in a short window (seed 002 §3.4). */
  public static final String SCORE_BURST = "SCORE_BURST";

  private ScoringAnomalies() {
  }

  /**
   * One anomaly.
   *
   * @param kind {@link #OUTLIER_JUDGE} or {@link #SCORE_BURST}
   * @param judgeId the judge concerned
   * @param detail a human-readable explanation
   * @param value z-score with 2 decimals (OUTLIER_JUDGE) or the largest number of records in one window
   *     (SCORE_BURST)
   */
  public record Flag(String kind, String judgeId, String detail, String value) {
  }

  /**
   * Detects anomalies in one stage.
   *
   * <p>OUTLIER_JUDGE (seed 000 §9.3), on effective scorecards only: for judge j and each contestant c that j and at
   * least 2 other judges scored, d = total(j,c) &minus; mean of the other judges' totals for c (centipoints). With
   * &sigma; the population standard deviation of all effective totals of the stage, z(j) = mean over c of d / &sigma;.
   * Flagged when |z| &gt; zBound and j has at least 3 such contestants; no flag when &sigma; = 0.
   *
   * <p>SCORE_BURST (seed 002 §3.4), on all records including superseded ones: per judge, by submittedAt, flagged once
   * when some {@code burstCount} records fall within {@code burstWindow} (inclusive: last &minus; first &le; window).
   *
   * @param rules the stage rules (to weight scorecards)
   * @param effectiveOrAll all records of the stage; effective scorecards are derived as in {@link StageResults}
   * @param zBound threshold on |z|, finite and &ge; 0
   * @param burstCount records that make a burst, at least 2
   * @param burstWindow the window, not negative
   * @return flags sorted by kind, then judgeId
   * @throws IllegalArgumentException for bad thresholds; see {@link StageResults#effectiveScorecards} for others
   */
  public static List<Flag> detect(StageRules rules, Collection<ScoreRecord> effectiveOrAll, double zBound,
      int burstCount, Duration burstWindow) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(effectiveOrAll, "effectiveOrAll");
    Objects.requireNonNull(burstWindow, "burstWindow");
    if (!Double.isFinite(zBound) || zBound < 0) {
      throw new IllegalArgumentException("zBound must be finite and >= 0, got " + zBound);
    }
    if (burstCount < 2) {
      throw new IllegalArgumentException("burstCount must be at least 2, got " + burstCount);
    }
    if (burstWindow.isNegative()) {
      throw new IllegalArgumentException("burstWindow must not be negative, got " + burstWindow);
    }
    List<Flag> flags = new ArrayList<>();
    flags.addAll(outliers(rules, StageResults.effectiveScorecards(effectiveOrAll), zBound));
    flags.addAll(bursts(effectiveOrAll, burstCount, burstWindow));
    flags.sort(Comparator.comparing(Flag::kind).thenComparing(Flag::judgeId));
    return List.copyOf(flags);
  }

  private static List<Flag> outliers(StageRules rules, List<ScoreRecord> effective, double zBound) {
    Map<String, Map<String, Long>> totals = new TreeMap<>(); // contestant -> judge -> total
    long n = 0;
    long sum = 0;
    long sumSquares = 0;
    for (ScoreRecord r : effective) {
      long total = r.weightedTotalCentipoints(rules);
      totals.computeIfAbsent(r.contestantCode(), k -> new TreeMap<>()).put(r.judgeId(), total);
      n++;
      sum += total;
      sumSquares += total * total;
    }
    if (n == 0) {
      return List.of();
    }
    long varianceTimesNSquared = n * sumSquares - sum * sum; // exact: sigma = sqrt(this) / n
    if (varianceTimesNSquared <= 0) {
      return List.of();
    }
    double sigma = Math.sqrt((double) varianceTimesNSquared) / n;

    Map<String, Fraction> deviationSums = new TreeMap<>();
    Map<String, Integer> contestantsCounted = new TreeMap<>();
    for (Map<String, Long> panel : totals.values()) {
      if (panel.size() < 3) {
        continue;
      }
      long panelSum = panel.values().stream().mapToLong(Long::longValue).sum();
      for (Map.Entry<String, Long> e : panel.entrySet()) {
        long own = e.getValue();
        Fraction othersMean = Fraction.of(panelSum - own, panel.size() - 1);
        Fraction deviation = Fraction.of(own, 1).minus(othersMean);
        deviationSums.merge(e.getKey(), deviation, Fraction::plus);
        contestantsCounted.merge(e.getKey(), 1, Integer::sum);
      }
    }
    List<Flag> flags = new ArrayList<>();
    deviationSums.forEach((judge, deviationSum) -> {
      int count = contestantsCounted.get(judge);
      double meanDeviation = deviationSum.dividedBy(count).toDouble();
      double z = meanDeviation / sigma;
      if (count >= 3 && Math.abs(z) > zBound) {
        flags.add(new Flag(OUTLIER_JUDGE, judge, String.format(Locale.ROOT,
            "mean deviation %+.2f points from the other judges over %d contestants; stage sigma %.2f points",
            meanDeviation / 100, count, sigma / 100), String.format(Locale.ROOT, "%.2f", z)));
      }
    });
    return flags;
  }

  private static List<Flag> bursts(Collection<ScoreRecord> all, int burstCount, Duration window) {
    Map<String, List<ScoreRecord>> byJudge = new TreeMap<>();
    for (ScoreRecord r : all) {
      byJudge.computeIfAbsent(Objects.requireNonNull(r, "records must not contain null").judgeId(),
          k -> new ArrayList<>()).add(r);
    }
    List<Flag> flags = new ArrayList<>();
    byJudge.forEach((judge, records) -> {
      List<Instant> times = records.stream().map(ScoreRecord::submittedAt).sorted().toList();
      int best = 0;
      int bestStart = 0;
      int end = 0;
      for (int start = 0; start < times.size(); start++) {
        Instant limit = times.get(start).plus(window);
        end = Math.max(end, start);
        while (end < times.size() && !times.get(end).isAfter(limit)) {
          end++;
        }
        if (end - start > best) {
          best = end - start;
          bestStart = start;
        }
      }
      if (best >= burstCount) {
        flags.add(new Flag(SCORE_BURST, judge, best + " score records within " + window + " from "
            + times.get(bestStart), String.valueOf(best)));
      }
    });
    return flags;
  }
}
