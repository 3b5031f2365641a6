package io.talentos.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.StandaloneEngine;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-by-row test of decisions/booking/cancellation-penalty.dmn on the real engine. */
class CancellationPenaltyDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/booking/cancellation-penalty.dmn");

  @ParameterizedTest(name = "escrow {0}, {1} h before start: penalty {2} ({3})")
  @CsvSource({
      "0,        500,  0,       NO_DEPOSIT",
      "0,        -5,   0,       NO_DEPOSIT",
      "1000001,  168,  100000,  EARLY_10_PERCENT",
      "1000000,  167,  250000,  LATE_25_PERCENT",
      "1000000,  48,   250000,  LATE_25_PERCENT",
      "1000001,  47,   500000,  LAST_MINUTE_50_PERCENT",
      "1000000,  0,    500000,  LAST_MINUTE_50_PERCENT",
      "1000000,  -1,   1000000, AFTER_START_100_PERCENT",
  })
  void eachRule(long escrow, long hours, long penalty, String rule) throws Exception {
    var response = engine.client().newEvaluateDecisionCommand().decisionId("cancellation-penalty")
        .variables(Map.of("escrowBalanceMinor", escrow, "hoursBeforeStart", hours)).send().join();
    JsonNode result = new ObjectMapper().readTree(response.getDecisionOutput());
    assertThat(result.path("penaltyMinor").asLong()).isEqualTo(penalty);
    assertThat(result.path("penaltyRule").asText()).isEqualTo(rule);
  }
}
