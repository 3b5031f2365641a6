package io.talentos.pageant;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of stage and season scoring: results depend only on the set of records and never on iteration order
 * (seed 000 §9.3 Pageant Integrity Pack: deterministic, reproducible results; issue 6).
 */
class StageResultsPropertiesTest {

  private static final Instant T0 = Instant.parse("2025-03-01T18:00:00Z");

  /** A generated stage: its rules and all its records, corrections included, in generated order. */
  record Scenario(StageRules rules, List<ScoreRecord> records) {
  }

  /** A generated season: stage key to weight (sum 100) and stage key to scenario. */
  record Season(Map<String, Integer> weights, Map<String, Scenario> stages) {
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<String>> tieBreaks = Arbitraries.of(List.of(), List.of("talent"), List.of("interview", "poise"));
    return Combinators.combine(Arbitraries.integers().between(3, 12), Arbitraries.integers().between(2, 5),
        Arbitraries.of(true, false), Arbitraries.of(3, 10), tieBreaks)
        .flatAs((contestants, judges, drop, scaleMax, tieBreakCriteria) -> {
          int slots = contestants * judges;
          StageRules rules = new StageRules(List.of(
              new StageRules.Criterion("poise", "Poise", 50),
              new StageRules.Criterion("talent", "Talent", 30),
              new StageRules.Criterion("interview", "Interview", 20)),
              0, scaleMax, drop, tieBreakCriteria);
          Arbitrary<List<Integer>> scores = Arbitraries.integers().between(0, scaleMax).list().ofSize(slots * 3 * 3);
          Arbitrary<List<Integer>> chainLengths = Arbitraries.of(0, 0, 0, 1, 2).list().ofSize(slots);
          Arbitrary<List<Boolean>> conflicts = Arbitraries.of(false, false, false, false, true).list().ofSize(slots);
          return Combinators.combine(scores, chainLengths, conflicts, Arbitraries.longs())
              .as((s, chains, conflict, idSeed) ->
                  new Scenario(rules, records(contestants, judges, s, chains, conflict, idSeed)));
        });
  }

  private static List<ScoreRecord> records(int contestants, int judges, List<Integer> scores, List<Integer> chains,
      List<Boolean> conflicts, long idSeed) {
    Random ids = new Random(idSeed);
    List<ScoreRecord> records = new ArrayList<>();
    int next = 0;
    int second = 0;
    for (int c = 0; c < contestants; c++) {
      for (int j = 0; j < judges; j++) {
        int slot = c * judges + j;
        if (conflicts.get(slot)) {
          continue; // the judge is excluded from this contestant (conflict of interest)
        }
        UUID cited = null;
        for (int version = 0; version <= chains.get(slot); version++) {
          Map<String, Integer> card = Map.of("poise", scores.get(next++), "talent", scores.get(next++),
              "interview", scores.get(next++));
          ScoreRecord r = new ScoreRecord(new UUID(ids.nextLong(), ids.nextLong()), "judge" + j,
              String.format("C%02d", c + 1), card, cited, T0.plusSeconds(second++));
          records.add(r);
          cited = r.scoreId();
        }
      }
    }
    return records;
  }

  @Provide
  Arbitrary<Season> seasons() {
    return scenarios().list().ofMinSize(2).ofMaxSize(4).flatMap(stages ->
        Arbitraries.integers().between(1, 99).set().ofSize(stages.size() - 1).map(cuts -> {
          List<Integer> points = new ArrayList<>(cuts);
          Collections.sort(points);
          points.add(0, 0);
          points.add(100);
          Map<String, Integer> weights = new TreeMap<>();
          Map<String, Scenario> byKey = new TreeMap<>();
          for (int i = 0; i < stages.size(); i++) {
            String key = "s" + (i + 1);
            weights.put(key, points.get(i + 1) - points.get(i));
            byKey.put(key, stages.get(i));
          }
          return new Season(weights, byKey);
        }));
  }

  @Property(tries = 200)
  void stageResultDoesNotDependOnRecordOrder(@ForAll("scenarios") Scenario scenario, @ForAll long shuffleSeed) {
    List<ScoreRecord> shuffled = new ArrayList<>(scenario.records());
    Collections.shuffle(shuffled, new Random(shuffleSeed));

    StageResult inOrder = StageResults.compute(scenario.rules(), scenario.records());
    StageResult reordered = StageResults.compute(scenario.rules(), shuffled);

    assertThat(reordered).isEqualTo(inOrder);
    assertThat(reordered.fingerprint()).isEqualTo(inOrder.fingerprint());
    Statistics.label("tie-breaks").collect(inOrder.tieBreaks().stream().map(t -> t.rule().startsWith("criterion:")
        ? "criterion" : t.rule()).distinct().sorted().toList().toString());
    Statistics.label("corrections")
        .collect(scenario.records().stream().anyMatch(r -> r.correctsScoreId() != null) ? "some" : "none");
    Statistics.label("high/low dropped")
        .collect(inOrder.ranking().stream().anyMatch(p -> !p.droppedJudges().isEmpty()) ? "some" : "none");
  }

  @Property(tries = 200)
  void supersededScorecardsHaveNoInfluence(@ForAll("scenarios") Scenario scenario) {
    List<ScoreRecord> effective = StageResults.effectiveScorecards(scenario.records());

    assertThat(StageResults.compute(scenario.rules(), effective))
        .isEqualTo(StageResults.compute(scenario.rules(), scenario.records()));
  }

  @Property(tries = 200)
  void rankingIsCompetitionRankingByDescendingMean(@ForAll("scenarios") Scenario scenario) {
    List<StageResult.Placement> ranking = StageResults.compute(scenario.rules(), scenario.records()).ranking();

    for (int i = 0; i < ranking.size(); i++) {
      StageResult.Placement p = ranking.get(i);
      if (!scenario.rules().dropHighLow()) {
        assertThat(p.droppedJudges()).isEmpty();
      } else if (p.droppedJudges().isEmpty()) {
        assertThat(p.judgesCounted()).as("no drop below 3 judges").isLessThanOrEqualTo(2);
      } else {
        assertThat(p.droppedJudges()).hasSize(2).doesNotHaveDuplicates();
      }
      if (i == 0) {
        assertThat(p.rank()).isEqualTo(1);
        continue;
      }
      StageResult.Placement prev = ranking.get(i - 1);
      int meanOrder = compare(prev, p);
      assertThat(meanOrder).as("means are descending").isGreaterThanOrEqualTo(0);
      if (p.rank() == prev.rank()) {
        assertThat(meanOrder).as("a shared rank means an equal mean").isZero();
        assertThat(p.contestantCode()).isGreaterThan(prev.contestantCode());
      } else {
        assertThat(p.rank()).isEqualTo(i + 1);
      }
    }
  }

  @Property(tries = 200)
  void seasonResultDoesNotDependOnMapOrder(@ForAll("seasons") Season season, @ForAll long shuffleSeed) {
    Map<String, StageResult> results = new TreeMap<>();
    season.stages().forEach((key, s) -> results.put(key, StageResults.compute(s.rules(), s.records())));
    List<String> keys = new ArrayList<>(results.keySet());
    List<String> shuffledKeys = new ArrayList<>(keys);
    Collections.shuffle(shuffledKeys, new Random(shuffleSeed));
    Map<String, Integer> weightsA = new LinkedHashMap<>();
    Map<String, StageResult> resultsA = new LinkedHashMap<>();
    keys.forEach(k -> {
      weightsA.put(k, season.weights().get(k));
      resultsA.put(k, results.get(k));
    });
    Map<String, Integer> weightsB = new LinkedHashMap<>();
    Map<String, StageResult> resultsB = new LinkedHashMap<>();
    shuffledKeys.forEach(k -> weightsB.put(k, season.weights().get(k)));
    Collections.reverse(shuffledKeys);
    shuffledKeys.forEach(k -> resultsB.put(k, results.get(k)));

    SeasonResult a = SeasonResults.combine(weightsA, resultsA);
    SeasonResult b = SeasonResults.combine(weightsB, resultsB);

    assertThat(b).isEqualTo(a);
    assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    assertThat(SeasonResults.combine(keys, weightsB, resultsB)).isEqualTo(a);
  }

  private static int compare(StageResult.Placement a, StageResult.Placement b) {
    return BigInteger.valueOf(a.numerator()).multiply(BigInteger.valueOf(b.denominator()))
        .compareTo(BigInteger.valueOf(b.numerator()).multiply(BigInteger.valueOf(a.denominator())));
  }
}
