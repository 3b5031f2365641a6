package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.talentos.engine.StandaloneEngine;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-by-row test of decisions/finance/payout-approvals-required.dmn (maker-checker thresholds, seed 000 §6.8). */
class PayoutApprovalsRequiredDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/finance/payout-approvals-required.dmn");

  @ParameterizedTest(name = "{1} {0}: {2} approvers")
  @CsvSource({"50000000, INR, 1", "50000001, INR, 2", "1000, INR, 1", "1000000, USD, 1", "1000001, USD, 2",
      "2000000, EUR, 2"})
  void eachRule(long gross, String currency, int approvers) {
    var response = engine.client().newEvaluateDecisionCommand().decisionId("payout-approvals-required")
        .variables(Map.of("grossMinor", gross, "currency", currency)).send().join();
    assertThat(response.getDecisionOutput()).isEqualTo(String.valueOf(approvers));
  }
}
