package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.StandaloneEngine;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row-by-row test of decisions/finance/gst.dmn: the rate by SAC code, the supply type by place of supply (CGST + SGST
 * within a state, IGST across states, zero-rated export, IGST Act ss. 7, 8, 16) and the split of the rate.
 */
class GstDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/finance/gst.dmn");

  private static JsonNode evaluate(String sac, String supplierState, String placeOfSupply, String country)
      throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("sac", sac);
    variables.put("supplierStateCode", supplierState);
    variables.put("placeOfSupplyStateCode", placeOfSupply);
    variables.put("recipientCountry", country);
    var response = engine.client().newEvaluateDecisionCommand().decisionId("gst-tax").variables(variables)
        .send().join();
    assertThat(response.getFailureMessage()).isNullOrEmpty();
    return new ObjectMapper().readTree(response.getDecisionOutput());
  }

  @ParameterizedTest(name = "SAC {0}, supplier {1}, place of supply {2}, {3}: CGST {4} SGST {5} IGST {6} bp")
  @CsvSource(nullValues = "null", value = {
      "999614, 27, 27,   IN, 900, 900, 0",     // Maharashtra to Maharashtra: CGST + SGST
      "999614, 27, 29,   IN, 0,   0,   1800",  // Maharashtra to Karnataka: IGST
      "998361, 07, 07,   IN, 900, 900, 0",
      "998397, 27, 33,   IN, 0,   0,   1800",
      "999612, 27, null, US, 0,   0,   0",     // export of services: zero-rated
      "998599, 27, 27,   AE, 0,   0,   0"})
  void taxByPlaceOfSupply(String sac, String supplier, String placeOfSupply, String country, long cgst, long sgst,
      long igst) throws Exception {
    JsonNode tax = evaluate(sac, supplier, placeOfSupply, country);
    assertThat(tax.path("cgstBasisPoints").asLong()).isEqualTo(cgst);
    assertThat(tax.path("sgstBasisPoints").asLong()).isEqualTo(sgst);
    assertThat(tax.path("igstBasisPoints").asLong()).isEqualTo(igst);
    assertThat(tax.path("supplyType").asText())
        .isEqualTo(!"IN".equals(country) ? "EXPORT" : supplier.equals(placeOfSupply) ? "INTRA_STATE" : "INTER_STATE");
  }

  @Test
  void sponsorshipIsUnderReverseChargeAndAnUnknownSacFailsClearly() throws Exception {
    var rate = engine.client().newEvaluateDecisionCommand().decisionId("gst-rate").variables(Map.of("sac", "998397"))
        .send().join();
    assertThat(new ObjectMapper().readTree(rate.getDecisionOutput()).path("reverseCharge").asBoolean()).isTrue();
    var unknown = engine.client().newEvaluateDecisionCommand().decisionId("gst-tax").variables(Map.of("sac",
        "123456", "supplierStateCode", "27", "placeOfSupplyStateCode", "27", "recipientCountry", "IN")).send().join();
    assertThat(unknown.getFailureMessage()).contains("no GST rate for SAC 123456");
  }
}
