package io.talentos.pageant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Combines stage results into a season's final ranking (seed 000 §9.3 Pageant Integrity Pack: weighted stages,
 * recorded tie-breaks). Exact fractions only; the result does not depend on the iteration order of the maps.
 */
public final class SeasonResults {

  private SeasonResults() {
  }

  /**
   * Combines stages whose running order is the ascending order of their stage keys, so the LAST stage (the one whose
   * rank breaks ties) is the greatest key; name keys accordingly (e.g. "s1_preliminary", "s2_final") or use
   * {@link #combine(List, Map, Map)}. Map iteration order never matters.
   *
   * @see #combine(List, Map, Map)
   */
  public static SeasonResult combine(Map<String, Integer> stageWeightsPercent,
      Map<String, StageResult> stageResults) {
    Objects.requireNonNull(stageWeightsPercent, "stageWeightsPercent");
    return combine(List.copyOf(new TreeSet<>(stageWeightsPercent.keySet())), stageWeightsPercent, stageResults);
  }

  /**
   * Final score per contestant = &Sigma; over stages of weightPercent/100 &times; stage mean, in points (a contestant
   * missing from a stage gets 0 for it). Ranking: final score descending (exact); ties broken by the last stage's
   * rank, better (lower) rank wins, a contestant missing from the last stage losing to one who has a rank
   * ("stage:&lt;key&gt;"); still tied: they share the rank ("SHARED"; 1, 1, 3).
   *
   * <p>The fingerprint is the SHA-256 hex of "season-result.v1", one line {@code P|rank|code|score} per placement,
   * then one line {@code T|codes|rule|orderAfter} per tie-break, joined with '\n' (text values escaped).
   *
   * @param stageOrder the stage keys in running order; the last one breaks ties
   * @param stageWeightsPercent stage key to weight in percent, each 0..100, summing to 100
   * @param stageResults stage key to its result; same keys as stageOrder and stageWeightsPercent
   * @throws IllegalArgumentException if the keys differ, weights are out of range or do not sum to 100, a key is
   *     repeated, or a stage ranks a contestant twice
   */
  public static SeasonResult combine(List<String> stageOrder, Map<String, Integer> stageWeightsPercent,
      Map<String, StageResult> stageResults) {
    Objects.requireNonNull(stageOrder, "stageOrder");
    Objects.requireNonNull(stageWeightsPercent, "stageWeightsPercent");
    Objects.requireNonNull(stageResults, "stageResults");
    List<String> problems = new ArrayList<>();
    Set<String> order = new HashSet<>(stageOrder);
    if (stageOrder.isEmpty()) {
      problems.add("at least one stage is required");
    }
    if (order.size() != stageOrder.size()) {
      problems.add("stageOrder repeats a stage key: " + stageOrder);
    }
    if (!order.equals(stageWeightsPercent.keySet()) || !order.equals(stageResults.keySet())) {
      problems.add("stage keys differ: order " + new TreeSet<>(order) + ", weights "
          + new TreeSet<>(stageWeightsPercent.keySet()) + ", results " + new TreeSet<>(stageResults.keySet()));
    }
    long weightSum = 0;
    for (Map.Entry<String, Integer> e : new TreeMap<>(stageWeightsPercent).entrySet()) {
      Integer w = e.getValue();
      if (w == null || w < 0 || w > 100) {
        problems.add("weight of stage '" + e.getKey() + "' is " + w + ", outside 0..100");
      } else {
        weightSum += w;
      }
    }
    if (weightSum != 100) {
      problems.add("stage weights sum to " + weightSum + ", not 100");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid season combination: " + String.join("; ", problems));
    }

    Map<String, Fraction> finals = new TreeMap<>();
    for (String stage : stageOrder) {
      StageResult result = Objects.requireNonNull(stageResults.get(stage), "result of stage " + stage);
      Set<String> seen = new HashSet<>();
      for (StageResult.Placement p : result.ranking()) {
        if (!seen.add(p.contestantCode())) {
          throw new IllegalArgumentException("stage '" + stage + "' ranks " + p.contestantCode() + " twice");
        }
        finals.putIfAbsent(p.contestantCode(), Fraction.ZERO);
      }
    }
    for (String stage : stageOrder) {
      int weight = stageWeightsPercent.get(stage);
      for (StageResult.Placement p : stageResults.get(stage).ranking()) {
        // centipoints x percent / 10_000 = points
        Fraction part = Fraction.of(p.numerator(), p.denominator()).times(weight).dividedBy(10_000);
        finals.merge(p.contestantCode(), part, Fraction::plus);
      }
    }

    String last = stageOrder.get(stageOrder.size() - 1);
    Map<String, Integer> lastRank = new HashMap<>();
    stageResults.get(last).ranking().forEach(p -> lastRank.put(p.contestantCode(), p.rank()));
    List<Ranking.Rule<String>> tieRules = List.of(new Ranking.Rule<>("stage:" + last,
        Comparator.comparingInt((String code) -> lastRank.getOrDefault(code, Integer.MAX_VALUE))));
    List<TieBreak> tieBreaks = new ArrayList<>();
    List<List<String>> blocks = Ranking.rank(new ArrayList<>(finals.keySet()), code -> code,
        Comparator.comparing((String code) -> finals.get(code)).reversed(), tieRules, tieBreaks);

    List<SeasonResult.FinalPlacement> ranking = new ArrayList<>();
    int rank = 1;
    for (List<String> block : blocks) {
      for (String code : block) {
        ranking.add(new SeasonResult.FinalPlacement(rank, code, finals.get(code).toDecimal(4)));
      }
      rank += block.size();
    }
    StringBuilder text = new StringBuilder("season-result.v1");
    ranking.forEach(p -> text.append('\n').append(p.canonical()));
    tieBreaks.forEach(t -> text.append('\n').append(t.canonical()));
    return new SeasonResult(ranking, tieBreaks, Canon.sha256Hex(text.toString()));
  }
}
