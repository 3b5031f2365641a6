package io.talentos.pageant;

import static io.talentos.pageant.PageantFixtures.card;
import static io.talentos.pageant.PageantFixtures.rules;
import static io.talentos.pageant.PageantFixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Season combination scenarios (seed 000 §9.3 Pageant Integrity Pack). */
class SeasonResultsTest {

  @Test
  void finalScoreIsTheWeightedSumOfStageMeans() {
    StageResult prelim = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(8, 8, 9)), score("j1", "B", card(9, 9, 9))));   // A 820, B 900
    StageResult fin = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(9, 9, 9)), score("j1", "B", card(8, 8, 8))));   // A 900, B 800

    SeasonResult season = SeasonResults.combine(Map.of("s1_prelim", 40, "s2_final", 60),
        Map.of("s1_prelim", prelim, "s2_final", fin));

    // A = 0.4 * 8.2 + 0.6 * 9.0 = 8.68; B = 0.4 * 9.0 + 0.6 * 8.0 = 8.40
    assertThat(season.ranking()).extracting(SeasonResult.FinalPlacement::rank,
        SeasonResult.FinalPlacement::contestantCode, SeasonResult.FinalPlacement::score)
        .containsExactly(tuple(1, "A", "8.6800"), tuple(2, "B", "8.4000"));
    assertThat(season.tieBreaks()).isEmpty();
  }

  @Test
  void tieIsBrokenByTheLastStageRankThenShared() {
    StageResult prelim = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(9, 9, 9)), score("j1", "B", card(8, 8, 8)),
        score("j1", "C", card(8, 8, 8)), score("j1", "D", card(8, 8, 8))));
    StageResult fin = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(8, 8, 8)), score("j1", "B", card(9, 9, 9)),
        score("j1", "C", card(7, 7, 7)), score("j1", "D", card(7, 7, 7))));

    SeasonResult season = SeasonResults.combine(Map.of("s1", 50, "s2", 50), Map.of("s1", prelim, "s2", fin));

    assertThat(season.ranking()).extracting(SeasonResult.FinalPlacement::rank,
        SeasonResult.FinalPlacement::contestantCode)
        .containsExactly(tuple(1, "B"), tuple(2, "A"), tuple(3, "C"), tuple(3, "D"));
    assertThat(season.tieBreaks()).containsExactly(
        new TieBreak(List.of("A", "B"), "stage:s2", List.of("B", "A")),
        new TieBreak(List.of("C", "D"), TieBreak.SHARED, List.of("C", "D")));
  }

  @Test
  void contestantMissingFromAStageGetsZeroForIt() {
    StageResult prelim = StageResults.compute(rules(false), List.of(
        score("j1", "A", card(10, 10, 10)), score("j1", "B", card(10, 10, 10))));
    StageResult fin = StageResults.compute(rules(false), List.of(score("j1", "A", card(5, 5, 5))));

    SeasonResult season = SeasonResults.combine(List.of("prelim", "final"), Map.of("prelim", 70, "final", 30),
        Map.of("prelim", prelim, "final", fin));

    assertThat(season.ranking()).extracting(SeasonResult.FinalPlacement::contestantCode,
        SeasonResult.FinalPlacement::score)
        .containsExactly(tuple("A", "8.5000"), tuple("B", "7.0000"));
  }

  @Test
  void weightsMustSumToOneHundredAndMatchTheStages() {
    StageResult empty = StageResults.compute(rules(false), List.of());

    assertThatThrownBy(() -> SeasonResults.combine(Map.of("s1", 50, "s2", 40), Map.of("s1", empty, "s2", empty)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 90");
    assertThatThrownBy(() -> SeasonResults.combine(Map.of("s1", 100), Map.of("s2", empty)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage keys differ");
  }
}
