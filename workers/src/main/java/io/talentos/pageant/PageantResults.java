package io.talentos.pageant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The season's results from its scorecards (seed 000 §9.3 score locking; issue 6: recomputing from the records gives
 * the same ranking), and how the prize pool is shared out over the ranking.
 */
public final class PageantResults {

  private PageantResults() {}

  /**
   * Recomputes every frozen stage from its scorecards and combines them with the stage weights.
   *
   * @throws IllegalStateException when a stage is not frozen, or its recomputed fingerprint differs from the one
   *     stored at freeze (the scorecards changed after it)
   */
  public static SeasonResult recompute(PageantService pageants, JdbcTemplate jdbc, String tenantId, UUID seasonId) {
    List<String> order = new ArrayList<>();
    Map<String, Integer> weights = new LinkedHashMap<>();
    Map<String, StageResult> results = new LinkedHashMap<>();
    for (PageantService.StageView stage : pageants.stages(tenantId, seasonId)) {
      if (!"FROZEN".equals(stage.status())) {
        throw new IllegalStateException("Stage " + stage.stageKey() + " is not frozen");
      }
      StageResult result = StageResults.compute(stage.rules(), pageants.countedRecords(tenantId, seasonId,
          stage.stageKey()));
      String stored = jdbc.queryForObject("select result_fingerprint from pageant_stage where tenant_id = ? and "
          + "season_id = ? and stage_key = ?", String.class, tenantId, seasonId, stage.stageKey());
      if (!result.fingerprint().equals(stored)) {
        throw new IllegalStateException("Stage " + stage.stageKey() + " recomputes to " + result.fingerprint()
            + " but was frozen as " + stored);
      }
      order.add(stage.stageKey());
      weights.put(stage.stageKey(), stage.weightPercent());
      results.put(stage.stageKey(), result);
    }
    return SeasonResults.combine(order, weights, results);
  }

  /**
   * The prize of each winner, in minor units: place {@code i} (1-based) gets {@code pool[i-1]}; contestants sharing a
   * rank split the prizes of the places they span equally, the remainder going to the first of them by code.
   */
  public static Map<String, Long> prizes(SeasonResult result, List<Long> pool) {
    Map<String, Long> prizes = new LinkedHashMap<>();
    List<SeasonResult.FinalPlacement> ranking = result.ranking();
    int i = 0;
    while (i < ranking.size() && i < pool.size()) {
      int rank = ranking.get(i).rank();
      int j = i;
      while (j < ranking.size() && ranking.get(j).rank() == rank) {
        j++;
      }
      long share = 0;
      for (int place = i; place < j && place < pool.size(); place++) {
        share += pool.get(place);
      }
      int sharing = j - i;
      for (int k = i; k < j; k++) {
        long amount = share / sharing + (k == i ? share % sharing : 0);
        if (amount > 0) {
          prizes.put(ranking.get(k).contestantCode(), amount);
        }
      }
      i = j;
    }
    return prizes;
  }
}
