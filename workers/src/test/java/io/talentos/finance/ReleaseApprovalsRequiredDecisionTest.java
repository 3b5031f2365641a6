package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.talentos.engine.StandaloneEngine;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-by-row test of decisions/finance/release-approvals-required.dmn (dual approval of escrow releases, issue 4). */
class ReleaseApprovalsRequiredDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/finance/release-approvals-required.dmn");

  @ParameterizedTest(name = "{1} {0} with tenant threshold {2}: {3} approvers")
  @CsvSource(nullValues = "null", value = {
      "20000000, INR, null, 0", "20000001, INR, null, 2", "500000, USD, null, 0", "500001, USD, null, 2",
      "900000, EUR, null, 2", "1000001, INR, 1000000, 2", "1000000, INR, 1000000, 0",
      "90000000, INR, 100000000, 2", "15000000, INR, 100000000, 0", "0, INR, 0, 0"})
  void eachRule_aTenantThresholdOnlyMakesItStricter(long amount, String currency, Long tenantThreshold, int approvers) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("releaseAmountMinor", amount);
    variables.put("currency", currency);
    variables.put("releaseThresholdMinor", tenantThreshold);
    var response = engine.client().newEvaluateDecisionCommand().decisionId("release-approvals-required")
        .variables(variables).send().join();
    assertThat(response.getDecisionOutput()).isEqualTo(String.valueOf(approvers));
  }

  @ParameterizedTest(name = "without the variable: {0} INR needs {1}")
  @CsvSource({"20000000, 0", "20000001, 2"})
  void aTenantWithoutSettingsGetsThePlatformDefaults(long amount, int approvers) {
    var response = engine.client().newEvaluateDecisionCommand().decisionId("release-approvals-required")
        .variables(Map.of("releaseAmountMinor", amount, "currency", "INR")).send().join();
    assertThat(response.getDecisionOutput()).isEqualTo(String.valueOf(approvers));
  }
}
