package io.talentos.pageant;

import static io.talentos.pageant.PageantFixtures.T0;
import static io.talentos.pageant.PageantFixtures.card;
import static io.talentos.pageant.PageantFixtures.correction;
import static io.talentos.pageant.PageantFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anomaly detection scenarios (seed 000 §9.3 Pageant Integrity Pack; seed 002 §3.4 flooding). */
class ScoringAnomaliesTest {

  private static final int[] BASES = {8, 9, 7, 8, 9, 8};

  private static ScoreRecord at(String judge, String contestant, int poise, int talent, int interview, long second) {
    return new ScoreRecord(PageantFixtures.nextId(), judge, contestant, card(poise, talent, interview), null,
        T0.plusSeconds(second));
  }

  /** Judges j1..j3 score each contestant its base; j4 scores base + {@code j4Offset} on every criterion. */
  private static List<ScoreRecord> panel(int j4Offset, boolean jitter) {
    List<ScoreRecord> records = new ArrayList<>();
    long second = 0;
    for (int c = 0; c < BASES.length; c++) {
      String code = "C0" + (c + 1);
      int b = BASES[c];
      records.add(at("j1", code, b, b, b, second += 60));
      records.add(at("j2", code, b, b, jitter && c % 2 == 0 ? b - 1 : b, second += 60));
      records.add(at("j3", code, b, jitter && c % 3 == 0 ? b + 1 : b, b, second += 60));
      records.add(at("j4", code, b + j4Offset, b + j4Offset, b + j4Offset, second += 60));
    }
    return records;
  }

  @Test
  void judgeScoringEveryoneFourPointsBelowThePanelIsAnOutlier() {
    List<ScoringAnomalies.Flag> flags = ScoringAnomalies.detect(rules(false), panel(-4, true), 1.5, 5,
        Duration.ofSeconds(10));

    assertThat(flags).singleElement().satisfies(flag -> {
      assertThat(flag.kind()).isEqualTo(ScoringAnomalies.OUTLIER_JUDGE);
      assertThat(flag.judgeId()).isEqualTo("j4");
      assertThat(Double.parseDouble(flag.value())).isLessThan(-1.5);
      assertThat(flag.detail()).contains("over 6 contestants");
    });
  }

  @Test
  void outlierZIsTheMeanDeviationOverThePopulationSigma() {
    // j4 deviates by -400 centipoints everywhere; sigma of all 24 totals is sqrt(34722.2) = 186.34, z = -2.15
    List<ScoringAnomalies.Flag> flags = ScoringAnomalies.detect(rules(false), panel(-4, false), 1.5, 5,
        Duration.ofSeconds(10));

    assertThat(flags).extracting(ScoringAnomalies.Flag::judgeId, ScoringAnomalies.Flag::value)
        .containsExactly(tuple("j4", "-2.15"));
    assertThat(flags.get(0).detail()).contains("mean deviation -4.00 points");
  }

  @Test
  void consistentPanelIsNotFlagged() {
    assertThat(ScoringAnomalies.detect(rules(false), panel(0, true), 1.5, 5, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void judgeWithFewerThanThreeComparableContestantsIsNotFlagged() {
    List<ScoreRecord> records = panel(-4, false).stream()
        .filter(r -> !r.judgeId().equals("j4") || r.contestantCode().compareTo("C03") < 0)
        .toList();

    assertThat(ScoringAnomalies.detect(rules(false), records, 1.5, 5, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void fiveScoresWithinTenSecondsAreABurst() {
    List<ScoreRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(at("j1", "C0" + (i + 1), 8, 8, 8, 2L * i)); // 0, 2, 4, 6, 8 s
    }

    List<ScoringAnomalies.Flag> flags = ScoringAnomalies.detect(rules(false), records, 1.5, 5,
        Duration.ofSeconds(10));

    assertThat(flags).singleElement().satisfies(flag -> {
      assertThat(flag.kind()).isEqualTo(ScoringAnomalies.SCORE_BURST);
      assertThat(flag.judgeId()).isEqualTo("j1");
      assertThat(flag.value()).isEqualTo("5");
    });
  }

  @Test
  void spreadOutScoresAreNoBurst() {
    List<ScoreRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(at("j1", "C0" + (i + 1), 8, 8, 8, 30L * i));
    }

    assertThat(ScoringAnomalies.detect(rules(false), records, 1.5, 5, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void supersededRecordsCountTowardsABurst() {
    ScoreRecord a = at("j1", "C01", 8, 8, 8, 0);
    ScoreRecord b = at("j1", "C02", 8, 8, 8, 1);
    ScoreRecord a2 = correction(a, card(7, 7, 7));   // T0 + 60 s, same minute as the rest below
    ScoreRecord a3 = new ScoreRecord(PageantFixtures.nextId(), "j1", "C01", card(6, 6, 6), a2.scoreId(),
        T0.plusSeconds(61));
    ScoreRecord b2 = new ScoreRecord(PageantFixtures.nextId(), "j1", "C02", card(6, 6, 6), b.scoreId(),
        T0.plusSeconds(62));
    ScoreRecord c = at("j1", "C03", 8, 8, 8, 63);
    ScoreRecord d = at("j1", "C04", 8, 8, 8, 64);

    List<ScoringAnomalies.Flag> flags = ScoringAnomalies.detect(rules(false), List.of(d, a3, a, b2, c, b, a2), 1.5,
        5, Duration.ofSeconds(10));

    assertThat(flags).extracting(ScoringAnomalies.Flag::kind, ScoringAnomalies.Flag::value)
        .containsExactly(tuple(ScoringAnomalies.SCORE_BURST, "5"));
  }

  @Test
  void flagsAreSortedByKindThenJudge() {
    List<ScoreRecord> records = new ArrayList<>(panel(-4, false));
    for (int i = 0; i < 5; i++) {
      records.add(at("j0", "C0" + (i + 1), 8, 8, 8, 100_000L + i));
    }

    assertThat(ScoringAnomalies.detect(rules(false), records, 1.5, 5, Duration.ofSeconds(10)))
        .extracting(ScoringAnomalies.Flag::kind, ScoringAnomalies.Flag::judgeId)
        .containsExactly(tuple(ScoringAnomalies.OUTLIER_JUDGE, "j4"),
            tuple(ScoringAnomalies.SCORE_BURST, "j0"));
  }

  @Test
  void badThresholdsAreRejected() {
    assertThatThrownBy(() -> ScoringAnomalies.detect(rules(false), List.of(), Double.NaN, 5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScoringAnomalies.detect(rules(false), List.of(), 1.5, 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
