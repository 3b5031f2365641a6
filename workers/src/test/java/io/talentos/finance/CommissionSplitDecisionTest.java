package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.EvaluateDecisionResponse;
import io.talentos.engine.StandaloneEngine;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row-by-row test of decisions/finance/commission-split.dmn on the real engine (seed 000 §10.5). Amounts in paise.
 */
class CommissionSplitDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/finance/commission-split.dmn");
  private static final ObjectMapper JSON = new ObjectMapper();

  static EvaluateDecisionResponse evaluate(String model, String currency, long gross, long processorFee, String plan) {
    return engine.client().newEvaluateDecisionCommand().decisionId("commission-split")
        .variables(Map.of("commissionModel", model, "currency", currency, "grossMinor", gross,
            "processorFeeMinor", processorFee, "tenantPlan", plan))
        .send().join();
  }

  static CommissionSplit split(String model, String currency, long gross, long processorFee, String plan)
      throws Exception {
    EvaluateDecisionResponse response = evaluate(model, currency, gross, processorFee, plan);
    assertThat(response.getFailureMessage()).as("decision failure").isNullOrEmpty();
    return JSON.readValue(response.getDecisionOutput(), CommissionSplit.class);
  }

  @ParameterizedTest(name = "{0} {1} gross {2}, fee {3}, plan {4}: platform {5}, agency {6}, agent {7}, manager {8}, talent {9}")
  @CsvSource({
      // model,      cur,  gross,     fee,    plan,        platform, agency,  agent,  manager, talent
      "PERCENTAGE,   INR,  10000000,  0,      GROWTH,      250000,   2000000, 0,      0,       7750000",
      "PERCENTAGE,   USD,  99999,     2999,   PRO,         1999,     19999,   0,      0,       75002",
      "FLAT_FEE,     INR,  5000000,   100000, GROWTH,      125000,   1000000, 0,      0,       3775000",
      "FLAT_FEE,     INR,  800000,    16000,  STARTER,     24000,    760000,  0,      0,       0",
      "TIERED,       INR,  10000000,  0,      GROWTH,      250000,   2000000, 0,      0,       7750000",
      "TIERED,       INR,  10000001,  0,      GROWTH,      250000,   2000000, 0,      0,       7750001",
      "TIERED,       INR,  15000000,  300000, GROWTH,      375000,   2750000, 0,      0,       11575000",
      "TIERED,       INR,  9999999,   0,      ENTERPRISE,  149999,   1999999, 0,      0,       7850001",
      "MULTI_PARTY,  INR,  10000003,  0,      PRO,         200000,   1000000, 500000, 1000000, 7300003",
      "PERCENTAGE,   INR,  1,         0,      STARTER,     0,        0,       0,      0,       1",
  })
  void eachRuleSplitsExactly(String model, String currency, long gross, long fee, String plan, long platform,
      long agency, long agent, long manager, long talent) throws Exception {
    CommissionSplit split = split(model, currency, gross, fee, plan);
    assertThat(split.platformFeeMinor()).isEqualTo(platform);
    assertThat(split.agencyCommissionMinor()).isEqualTo(agency);
    assertThat(split.agentShareMinor()).isEqualTo(agent);
    assertThat(split.managerShareMinor()).isEqualTo(manager);
    assertThat(split.talentNetMinor()).isEqualTo(talent);
    assertThat(split.processorFeeMinor()).isEqualTo(fee);
    assertThat(split.sumOfParts()).isEqualTo(gross);
    assertThat(split.requireExact()).isSameAs(split);
  }

  @ParameterizedTest(name = "{0} in {1} has no rule")
  @CsvSource({"TIERED, USD", "FLAT_FEE, EUR", "BARTER, INR"})
  void modelsWithoutARuleFail(String model, String currency) {
    EvaluateDecisionResponse response = evaluate(model, currency, 1000000, 0, "GROWTH");
    assertThat(response.getFailureMessage()).contains("no commission rule covers " + model + " in " + currency);
  }

  @Test
  void noMinorUnitIsLostForAnyGross() throws Exception {
    Random random = new Random(42);
    String[] models = {"PERCENTAGE", "FLAT_FEE", "TIERED", "MULTI_PARTY"};
    String[] plans = {"STARTER", "GROWTH", "PRO", "ENTERPRISE"};
    for (int i = 0; i < 200; i++) {
      long gross = 1 + (long) (random.nextDouble() * 50_000_000L);
      long fee = (long) (gross * 0.02 * random.nextDouble());
      CommissionSplit split = split(models[i % 4], "INR", gross, fee, plans[(i / 4) % 4]);
      assertThat(split.sumOfParts()).as("split of %d", gross).isEqualTo(gross);
      assertThat(split.talentNetMinor()).as("talent net of %d", gross).isNotNegative();
    }
  }
}
