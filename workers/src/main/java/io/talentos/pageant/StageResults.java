package io.talentos.pageant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Computes a stage's ranking from its score records (seed 000 §9.3 Pageant Integrity Pack: weighted criteria, drop
 * high/low, recorded tie-breaks; seed 002 §3.4; issue 6). The result depends only on the set of records, never on
 * their iteration order, and uses exact fractions only.
 */
public final class StageResults {

  private StageResults() {
  }

  private static final Comparator<ScoreRecord> BY_CONTESTANT_JUDGE_ID = Comparator
      .comparing(ScoreRecord::contestantCode)
      .thenComparing(ScoreRecord::judgeId)
      .thenComparing(ScoreRecord::scoreId);

  /**
   * The effective scorecards: records that no other record corrects (a correction cites the record it replaces in
   * {@code correctsScoreId}; corrections can chain, and a correction that cites a record not in the collection
   * supersedes nothing here). Sorted by contestant code, judge id, score id. Identical duplicates are collapsed.
   *
   * @throws IllegalArgumentException if two different records share a scoreId
   * @throws IllegalStateException if a correction cites a record of another judge or contestant, or if two effective
   *     scorecards exist for the same judge and contestant (both are named)
   */
  public static List<ScoreRecord> effectiveScorecards(Collection<ScoreRecord> records) {
    Objects.requireNonNull(records, "records");
    Map<UUID, ScoreRecord> byId = new HashMap<>();
    Set<String> clashes = new TreeSet<>();
    for (ScoreRecord r : records) {
      Objects.requireNonNull(r, "records must not contain null");
      ScoreRecord previous = byId.putIfAbsent(r.scoreId(), r);
      if (previous != null && !previous.equals(r)) {
        clashes.add(r.scoreId().toString());
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException("different score records share a scoreId: " + String.join(", ", clashes));
    }
    Set<UUID> superseded = new HashSet<>();
    Set<String> foreign = new TreeSet<>();
    for (ScoreRecord r : byId.values()) {
      UUID cited = r.correctsScoreId();
      if (cited == null || cited.equals(r.scoreId())) {
        continue;
      }
      superseded.add(cited);
      ScoreRecord target = byId.get(cited);
      if (target != null && (!target.judgeId().equals(r.judgeId())
          || !target.contestantCode().equals(r.contestantCode()))) {
        foreign.add("correction " + r.scoreId() + " (judge " + r.judgeId() + ", contestant " + r.contestantCode()
            + ") cites " + cited + " (judge " + target.judgeId() + ", contestant " + target.contestantCode() + ")");
      }
    }
    if (!foreign.isEmpty()) {
      throw new IllegalStateException("corrections must cite the same judge and contestant: "
          + String.join("; ", foreign));
    }
    List<ScoreRecord> effective = byId.values().stream()
        .filter(r -> !superseded.contains(r.scoreId()))
        .sorted(BY_CONTESTANT_JUDGE_ID)
        .toList();
    List<String> doubles = new ArrayList<>();
    for (int i = 0; i < effective.size(); ) {
      int j = i + 1;
      while (j < effective.size() && sameSlot(effective.get(i), effective.get(j))) {
        j++;
      }
      if (j - i > 1) {
        doubles.add("judge " + effective.get(i).judgeId() + ", contestant " + effective.get(i).contestantCode() + ": "
            + String.join(", ", effective.subList(i, j).stream().map(r -> r.scoreId().toString()).toList()));
      }
      i = j;
    }
    if (!doubles.isEmpty()) {
      throw new IllegalStateException("more than one effective scorecard for the same judge and contestant ("
          + String.join("; ", doubles) + ")");
    }
    return effective;
  }

  private static boolean sameSlot(ScoreRecord a, ScoreRecord b) {
    return a.judgeId().equals(b.judgeId()) && a.contestantCode().equals(b.contestantCode());
  }

  /**
   * Ranks the contestants of one stage (seed 000 §9.3 Pageant Integrity Pack; seed 002 §3.4; issue 6).
   *
   * <ol>
   *   <li>Effective scorecards per {@link #effectiveScorecards}; each is checked against {@code rules} and weighted
   *       to centipoints ({@link ScoreRecord#weightedTotalCentipoints}).</li>
   *   <li>Drop high/low: if {@code rules.dropHighLow()} and a contestant has at least 3 judge totals, one highest and
   *       one lowest are dropped. Among equal highest totals the judge with the lexicographically smallest judgeId
   *       is dropped; among equal lowest totals the judge with the largest judgeId (so with all totals equal, the
   *       first and last judge by id are dropped).</li>
   *   <li>Stage score: the exact mean of the counted totals; contestants with different numbers of judges (a judge
   *       excluded for a conflict of interest) are compared fairly via their means.</li>
   *   <li>Ranking: mean descending, compared exactly by cross-multiplication. Equal means go through
   *       {@code rules.tieBreakCriteria()} in order: the mean of that criterion's raw scores over the counted
   *       scorecards, higher wins ("criterion:&lt;key&gt;"). A criterion that separates only part of a tied group is
   *       recorded for the whole group, and the still-tied part continues with the next criterion. Contestants no
   *       criterion separates share the rank ("SHARED"; standard competition ranking 1, 1, 3), listed by code.</li>
   * </ol>
   *
   * @param rules the stage rules
   * @param records all score records of the stage, including superseded ones, in any order
   * @return the ranking; contestants without an effective scorecard do not appear
   * @throws StageRules.InvalidScoreException if an effective scorecard does not fit the rules (named in the message)
   * @throws IllegalStateException if two effective scorecards exist for the same judge and contestant
   * @throws IllegalArgumentException if two different records share a scoreId
   */
  public static StageResult compute(StageRules rules, Collection<ScoreRecord> records) {
    Objects.requireNonNull(rules, "rules");
    Map<String, List<Counted>> byContestant = new TreeMap<>();
    for (ScoreRecord r : effectiveScorecards(records)) {
      long total;
      try {
        total = r.weightedTotalCentipoints(rules);
      } catch (StageRules.InvalidScoreException e) {
        throw new StageRules.InvalidScoreException("scorecard " + r.scoreId() + " (judge " + r.judgeId()
            + ", contestant " + r.contestantCode() + ")", e.problems());
      }
      byContestant.computeIfAbsent(r.contestantCode(), k -> new ArrayList<>()).add(new Counted(r, total));
    }
    List<Tally> tallies = new ArrayList<>();
    byContestant.forEach((code, scored) -> tallies.add(tally(rules, code, scored)));

    List<Ranking.Rule<Tally>> tieRules = new ArrayList<>();
    for (String key : rules.tieBreakCriteria()) {
      tieRules.add(new Ranking.Rule<>("criterion:" + key,
          Comparator.comparing((Tally t) -> t.criterionMean(key)).reversed()));
    }
    List<TieBreak> tieBreaks = new ArrayList<>();
    List<List<Tally>> blocks = Ranking.rank(tallies, Tally::code,
        Comparator.comparing(Tally::mean).reversed(), tieRules, tieBreaks);

    List<StageResult.Placement> ranking = new ArrayList<>();
    int rank = 1;
    for (List<Tally> block : blocks) {
      for (Tally t : block) {
        ranking.add(new StageResult.Placement(rank, t.code(), t.mean().dividedBy(100).toDecimal(4),
            t.mean().numerator().longValueExact(), t.mean().denominator().longValueExact(), t.counted().size(),
            t.dropped()));
      }
      rank += block.size();
    }
    return new StageResult(ranking, tieBreaks, rules.dropHighLow(), rules.tieBreakCriteria());
  }

  /** A scorecard with its weighted total in centipoints. */
  private record Counted(ScoreRecord record, long total) {
  }

  /** A contestant's counted scorecards, dropped judges and exact mean in centipoints. */
  private record Tally(String code, List<Counted> counted, List<String> dropped, Fraction mean) {

    Fraction criterionMean(String key) {
      long sum = 0;
      for (Counted c : counted) {
        sum += c.record().criterionScores().get(key);
      }
      return Fraction.of(sum, counted.size());
    }
  }

  private static Tally tally(StageRules rules, String code, List<Counted> scored) {
    List<Counted> byJudge = new ArrayList<>(scored);
    byJudge.sort(Comparator.comparing((Counted c) -> c.record().judgeId()));
    List<String> dropped = List.of();
    if (rules.dropHighLow() && byJudge.size() >= 3) {
      long max = byJudge.stream().mapToLong(Counted::total).max().orElseThrow();
      long min = byJudge.stream().mapToLong(Counted::total).min().orElseThrow();
      Counted high = byJudge.stream().filter(c -> c.total() == max).findFirst().orElseThrow();
      Counted low = byJudge.reversed().stream().filter(c -> c.total() == min).findFirst().orElseThrow();
      dropped = List.of(high.record().judgeId(), low.record().judgeId());
      byJudge.remove(high);
      byJudge.remove(low);
    }
    long sum = byJudge.stream().mapToLong(Counted::total).sum();
    return new Tally(code, List.copyOf(byJudge), dropped, Fraction.of(sum, byJudge.size()));
  }
}
