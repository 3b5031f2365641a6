package io.talentos.pageant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared test data: a three-criterion stage on a 0..10 scale (seed 000 §9.3 Pageant Integrity Pack). */
final class PageantFixtures {

  static final Instant T0 = Instant.parse("2025-03-01T18:00:00Z");

  private static long counter;

  private PageantFixtures() {
  }

  /** poise 40 %, talent 40 %, interview 20 %; scale 0..10; tie-breaks talent, then interview. */
  static StageRules rules(boolean dropHighLow) {
    return new StageRules(List.of(
        new StageRules.Criterion("poise", "Poise", 40),
        new StageRules.Criterion("talent", "Talent", 40),
        new StageRules.Criterion("interview", "Interview", 20)),
        0, 10, dropHighLow, List.of("talent", "interview"));
  }

  static Map<String, Integer> card(int poise, int talent, int interview) {
    return Map.of("poise", poise, "talent", talent, "interview", interview);
  }

  static synchronized UUID nextId() {
    return new UUID(0x5c0_0000L, ++counter);
  }

  static ScoreRecord score(String judge, String contestant, Map<String, Integer> card) {
    return new ScoreRecord(nextId(), judge, contestant, card, null, T0);
  }

  static ScoreRecord correction(ScoreRecord earlier, Map<String, Integer> card) {
    return new ScoreRecord(nextId(), earlier.judgeId(), earlier.contestantCode(), card, earlier.scoreId(),
        earlier.submittedAt().plusSeconds(60));
  }
}
