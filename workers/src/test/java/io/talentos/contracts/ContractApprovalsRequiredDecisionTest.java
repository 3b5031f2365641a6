package io.talentos.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.StandaloneEngine;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row-by-row test of decisions/contracts/contract-approvals-required.dmn (issue 5: internal approvals by value and by
 * the clause categories edited away from the template).
 */
class ContractApprovalsRequiredDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.with("decisions/contracts/contract-approvals-required.dmn");

  @ParameterizedTest(name = "{0} {1}, clauses [{2}], minor {3}: {4}")
  @CsvSource(nullValues = "null", delimiter = ';', value = {
      "15000000; INR; null; false; ''",
      "20000001; INR; null; false; FINANCE",
      "100000001; INR; null; false; FINANCE OWNER",
      "500000; USD; null; false; ''",
      "500001; USD; null; false; FINANCE",
      "2500001; EUR; null; false; FINANCE OWNER",
      "15000000; INR; finance; false; FINANCE",
      "15000000; INR; ip; false; LEGAL",
      "15000000; INR; confidentiality conduct; false; LEGAL",
      "15000000; INR; minor-protection; true; LEGAL LEGAL",
      "15000000; INR; null; true; LEGAL",
      "30000000; INR; finance ip; false; FINANCE LEGAL FINANCE",
      "15000000; INR; ''; false; ''"})
  void eachRuleAddsItsApprover(long value, String currency, String clauses, boolean minor, String expected)
      throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("contractValueMinor", value);
    variables.put("currency", currency);
    variables.put("changedClauses", clauses == null ? null : words(clauses));
    variables.put("minorInvolved", minor);
    var response = engine.client().newEvaluateDecisionCommand().decisionId("contract-approvals-required")
        .variables(variables).send().join();
    String[] approvers = new ObjectMapper().readValue(response.getDecisionOutput(), String[].class);
    // no matching rule: the engine answers null, which the signing process reads as "no internal approval"
    assertThat(approvers == null ? List.of() : Arrays.asList(approvers)).containsExactlyElementsOf(words(expected));
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.split(" "));
  }
}
