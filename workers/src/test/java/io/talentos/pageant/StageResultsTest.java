package io.talentos.pageant;

import static io.talentos.pageant.PageantFixtures.card;
import static io.talentos.pageant.PageantFixtures.correction;
import static io.talentos.pageant.PageantFixtures.rules;
import static io.talentos.pageant.PageantFixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage scoring scenarios (seed 000 §9.3 Pageant Integrity Pack; seed 002 §3.4; issue 6). */
class StageResultsTest {

  private static StageResult.Placement placement(StageResult result, String code) {
    return result.ranking().stream().filter(p -> p.contestantCode().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void weightedTotalIsScoreTimesWeightInCentipoints() {
    StageRules rules = rules(false);

    assertThat(score("j1", "C01", card(10, 10, 10)).weightedTotalCentipoints(rules)).isEqualTo(1000);
    assertThat(score("j1", "C01", card(9, 8, 10)).weightedTotalCentipoints(rules)).isEqualTo(360 + 320 + 200);
    assertThat(score("j1", "C01", card(0, 0, 0)).weightedTotalCentipoints(rules)).isZero();
  }

  @Test
  void scorecardNotFittingTheRulesIsRejectedWithEveryProblem() {
    StageRules rules = rules(false);
    ScoreRecord bad = score("j1", "C01", Map.of("poise", 11, "talent", 5, "charm", 3));

    StageRules.InvalidScoreException e = catchThrowableOfType(StageRules.InvalidScoreException.class,
        () -> bad.weightedTotalCentipoints(rules));

    assertThat(e.problems()).containsExactly("score 11 for criterion 'poise' is outside 0..10",
        "missing score for criterion 'interview'", "unknown criterion 'charm'");
    assertThatThrownBy(() -> StageResults.compute(rules, List.of(bad)))
        .isInstanceOf(StageRules.InvalidScoreException.class)
        .hasMessageContaining(bad.scoreId().toString())
        .hasMessageContaining("judge j1, contestant C01");
  }

  @Test
  void meanIsAnExactFractionShownWithFourDecimals() {
    StageResult result = StageResults.compute(rules(false), List.of(
        score("j1", "C01", card(9, 8, 9)),    // 860
        score("j2", "C01", card(9, 9, 7)),    // 860
        score("j3", "C01", card(9, 8, 10)))); // 880

    StageResult.Placement p = placement(result, "C01");
    assertThat(p.numerator()).isEqualTo(2600);
    assertThat(p.denominator()).isEqualTo(3);
    assertThat(p.score()).isEqualTo("8.6667");
    assertThat(p.judgesCounted()).isEqualTo(3);
    assertThat(p.droppedJudges()).isEmpty();
  }

  @Test
  void dropHighLowWithThreeJudgesButNotWithTwoAfterAConflictOfInterest() {
    StageResult result = StageResults.compute(rules(true), List.of(
        score("j1", "C01", card(10, 10, 10)), // 1000, dropped high
        score("j2", "C01", card(8, 8, 8)),    // 800, counted
        score("j3", "C01", card(6, 6, 6)),    // 600, dropped low
        score("j1", "C02", card(9, 9, 9)),    // 900
        score("j2", "C02", card(8, 8, 8))));  // 800; j3 excluded from C02 for a conflict of interest

    StageResult.Placement c01 = placement(result, "C01");
    assertThat(c01.droppedJudges()).containsExactly("j1", "j3");
    assertThat(c01.judgesCounted()).isEqualTo(1);
    assertThat(c01.score()).isEqualTo("8.0000");
    StageResult.Placement c02 = placement(result, "C02");
    assertThat(c02.droppedJudges()).isEmpty();
    assertThat(c02.judgesCounted()).isEqualTo(2);
    assertThat(c02.score()).isEqualTo("8.5000");
    assertThat(result.ranking()).extracting(StageResult.Placement::contestantCode).containsExactly("C02", "C01");
    assertThat(result.dropHighLow()).isTrue();
  }

  @Test
  void equalHighestDropsTheSmallestJudgeIdAndEqualLowestTheLargest() {
    StageResult result = StageResults.compute(rules(true), List.of(
        score("j3", "C01", card(9, 9, 9)),   // 900
        score("j1", "C01", card(9, 9, 9)),   // 900 -> dropped as highest (smallest id)
        score("j2", "C01", card(7, 7, 7)),   // 700
        score("j4", "C01", card(7, 7, 7)))); // 700 -> dropped as lowest (largest id)

    StageResult.Placement p = placement(result, "C01");
    assertThat(p.droppedJudges()).containsExactly("j1", "j4");
    assertThat(p.score()).isEqualTo("8.0000");
  }

  @Test
  void tieBrokenByTheFirstTieBreakCriterionIsRecorded() {
    StageResult result = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(10, 8, 9)), score("j2", "A", card(10, 8, 9)), // 900, talent 8
        score("j1", "B", card(8, 10, 9)), score("j2", "B", card(8, 10, 9)), // 900, talent 10
        score("j1", "C", card(7, 7, 7)), score("j2", "C", card(7, 7, 7))));

    assertThat(result.ranking()).extracting(StageResult.Placement::contestantCode, StageResult.Placement::rank)
        .containsExactly(tuple("B", 1), tuple("A", 2), tuple("C", 3));
    assertThat(result.tieBreaks()).containsExactly(
        new TieBreak(List.of("A", "B"), "criterion:talent", List.of("B", "A")));
  }

  @Test
  void tieNotBrokenByTheFirstCriterionGoesToTheSecond() {
    StageResult result = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(8, 8, 10)),  // 840, talent 8, interview 10
        score("j1", "B", card(9, 8, 8)))); // 840, talent 8, interview 8

    assertThat(result.ranking()).extracting(StageResult.Placement::contestantCode).containsExactly("A", "B");
    assertThat(result.tieBreaks()).containsExactly(
        new TieBreak(List.of("A", "B"), "criterion:interview", List.of("A", "B")));
  }

  @Test
  void tieNoCriterionBreaksIsSharedWithCompetitionRanks() {
    StageResult result = StageResults.compute(rules(false), List.of(
        score("j1", "B", card(8, 8, 8)), score("j2", "B", card(8, 8, 8)),
        score("j1", "A", card(8, 8, 8)), score("j2", "A", card(8, 8, 8)),
        score("j1", "C", card(7, 7, 7)), score("j2", "C", card(7, 7, 7))));

    assertThat(result.ranking()).extracting(StageResult.Placement::rank).containsExactly(1, 1, 3);
    assertThat(result.ranking()).extracting(StageResult.Placement::contestantCode).containsExactly("A", "B", "C");
    assertThat(result.tieBreaks()).containsExactly(new TieBreak(List.of("A", "B"), TieBreak.SHARED, List.of("A", "B")));
  }

  @Test
  void criterionThatSeparatesPartOfATieLeavesTheRestToTheNextCriterion() {
    StageResult result = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(8, 9, 8)),   // 840, talent 9
        score("j1", "B", card(9, 8, 8)),   // 840, talent 8, interview 8
        score("j1", "C", card(9, 8, 8)))); // same as B

    assertThat(result.ranking()).extracting(StageResult.Placement::rank).containsExactly(1, 2, 2);
    assertThat(result.ranking()).extracting(StageResult.Placement::contestantCode).containsExactly("A", "B", "C");
    assertThat(result.tieBreaks()).containsExactly(
        new TieBreak(List.of("A", "B", "C"), "criterion:talent", List.of("A", "B", "C")),
        new TieBreak(List.of("B", "C"), TieBreak.SHARED, List.of("B", "C")));
  }

  @Test
  void correctionReplacesTheEarlierScorecardWhateverTheOrder() {
    ScoreRecord first = score("j1", "C01", card(5, 5, 5));
    ScoreRecord second = correction(first, card(6, 6, 6));
    ScoreRecord third = correction(second, card(9, 9, 9));
    ScoreRecord other = score("j2", "C01", card(7, 7, 7));

    StageResult result = StageResults.compute(rules(false), List.of(third, other, first, second));

    assertThat(StageResults.effectiveScorecards(List.of(second, first, third, other))).containsExactly(third, other);
    assertThat(placement(result, "C01").score()).isEqualTo("8.0000");
    assertThat(placement(result, "C01").judgesCounted()).isEqualTo(2);
    assertThat(StageResults.compute(rules(false), List.of(first, second, third, other))).isEqualTo(result);
  }

  @Test
  void twoEffectiveScorecardsForTheSameJudgeAndContestantAreRejected() {
    ScoreRecord a = score("j1", "C01", card(5, 5, 5));
    ScoreRecord b = score("j1", "C01", card(6, 6, 6));

    assertThatThrownBy(() -> StageResults.compute(rules(false), List.of(a, b)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("judge j1, contestant C01")
        .hasMessageContaining(a.scoreId().toString())
        .hasMessageContaining(b.scoreId().toString());
  }

  @Test
  void twoCorrectionsOfTheSameScorecardLeaveTwoEffectiveScorecards() {
    ScoreRecord first = score("j1", "C01", card(5, 5, 5));
    ScoreRecord fix1 = correction(first, card(6, 6, 6));
    ScoreRecord fix2 = correction(first, card(7, 7, 7));

    assertThatThrownBy(() -> StageResults.compute(rules(false), List.of(first, fix1, fix2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(fix1.scoreId().toString())
        .hasMessageContaining(fix2.scoreId().toString());
  }

  @Test
  void correctionCitingAnotherJudgesScorecardIsRejected() {
    ScoreRecord first = score("j1", "C01", card(5, 5, 5));
    ScoreRecord forged = new ScoreRecord(PageantFixtures.nextId(), "j2", "C01", card(9, 9, 9), first.scoreId(),
        PageantFixtures.T0);

    assertThatThrownBy(() -> StageResults.compute(rules(false), List.of(first, forged)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must cite the same judge and contestant");
  }

  @Test
  void invalidRulesListEveryProblem() {
    StageRules.InvalidRulesException e = catchThrowableOfType(StageRules.InvalidRulesException.class,
        () -> new StageRules(List.of(
            new StageRules.Criterion("poise", "Poise", 50),
            new StageRules.Criterion("poise", "Poise again", 40),
            new StageRules.Criterion("Talent", " ", 0)),
            10, 5, true, List.of("charm")));

    assertThat(e.problems()).containsExactly(
        "criterion #2 'poise': duplicate key",
        "criterion #3 'Talent': key must match [a-z][a-z0-9_]{0,39}",
        "criterion #3 'Talent': label must not be blank",
        "criterion #3 'Talent': weightPercent 0 is outside 1..100",
        "criterion weights sum to 90, not 100",
        "scale 10..5 must satisfy 0 <= scaleMin < scaleMax <= 100",
        "tie-break criterion 'charm' is not a criterion key");
    assertThat(e).hasMessageStartingWith("invalid stage rules (7 problems): 1. criterion #2");
    assertThatThrownBy(() -> new StageRules(List.of(), 0, 10, false, List.of()))
        .isInstanceOf(StageRules.InvalidRulesException.class)
        .hasMessageContaining("at least one criterion is required");
  }

  @Test
  void fingerprintIsStableForEqualResultsAndChangesWithTheRanking() {
    List<ScoreRecord> records = new ArrayList<>(List.of(
        score("j1", "A", card(8, 8, 8)), score("j1", "B", card(7, 8, 8)), score("j1", "C", card(9, 8, 8))));
    StageResult once = StageResults.compute(rules(false), records);
    Collections.reverse(records);
    StageResult again = StageResults.compute(rules(false), records);
    records.set(0, score("j1", records.get(0).contestantCode(), card(0, 0, 0)));
    StageResult changed = StageResults.compute(rules(false), records);

    assertThat(again).isEqualTo(once);
    assertThat(again.fingerprint()).isEqualTo(once.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(changed.fingerprint()).isNotEqualTo(once.fingerprint());
  }

  @Test
  void noRecordsGiveAnEmptyRanking() {
    StageResult result = StageResults.compute(rules(true), List.of());

    assertThat(result.ranking()).isEmpty();
    assertThat(result.tieBreaks()).isEmpty();
    assertThat(result.tieBreakCriteria()).containsExactly("talent", "interview");
  }
}
