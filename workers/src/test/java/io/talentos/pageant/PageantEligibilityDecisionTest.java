package io.talentos.pageant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.StandaloneEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-by-row test of decisions/pageant/pageant-eligibility.dmn on the real engine (seed 000 §9.3 eligibility). */
class PageantEligibilityDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/pageant/pageant-eligibility.dmn");

  @ParameterizedTest(name = "age {0}, region {1}, {2} prior titles: {3} ({4})")
  @CsvSource({
      "17, Kerala,    0, false, AGE_BELOW_MINIMUM",
      "18, Kerala,    0, true,  ELIGIBLE",
      "28, Karnataka, 0, true,  ELIGIBLE",
      "29, Kerala,    0, false, AGE_ABOVE_MAXIMUM",
      "22, Goa,       0, false, REGION_NOT_ELIGIBLE",
      "22, Kerala,    1, true,  ELIGIBLE",
      "22, Kerala,    2, false, TOO_MANY_PRIOR_TITLES",
      "16, Goa,       3, false, AGE_BELOW_MINIMUM",
  })
  void eachRule(int age, String region, int titles, boolean eligible, String reason) throws Exception {
    JsonNode out = evaluate(Map.of("ageYears", age, "minAge", 18, "maxAge", 28, "region", region,
        "regions", List.of("Kerala", "Karnataka"), "priorTitles", titles, "maxPriorTitles", 1));
    assertThat(out.path("eligible").asBoolean()).isEqualTo(eligible);
    assertThat(out.path("reason").asText()).isEqualTo(reason);
  }

  @org.junit.jupiter.api.Test
  void aSeasonWithoutRegionsIsOpenToEveryRegion() throws Exception {
    JsonNode out = evaluate(Map.of("ageYears", 20, "minAge", 16, "maxAge", 30, "region", "Goa", "regions", List.of(),
        "priorTitles", 0, "maxPriorTitles", 0));
    assertThat(out.path("reason").asText()).isEqualTo("ELIGIBLE");
  }

  private JsonNode evaluate(Map<String, Object> variables) throws Exception {
    var response = engine.client().newEvaluateDecisionCommand().decisionId("pageant-eligibility")
        .variables(variables).send().join();
    return new ObjectMapper().readTree(response.getDecisionOutput());
  }
}
