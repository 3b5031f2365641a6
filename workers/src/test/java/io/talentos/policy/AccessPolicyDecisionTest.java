package io.talentos.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.StandaloneEngine;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-by-row test of decisions/policy/access-policy.dmn (seed 000 §7.4 example rules, seed 002 §3.3 step-up). */
class AccessPolicyDecisionTest {

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.with("decisions/policy/access-policy.dmn");

  @ParameterizedTest(name = "{0} by {1} (mfa {2}, contract {3}, dispute {4}, escrow {5}, frozen {6}, nda {7}, amount {8}, "
      + "evidence {9}, verified {10}): {11} {12}")
  @CsvSource(nullValues = "null", value = {
      // capability,             roles,                  mfa,  contract, dispute, escrow,  frozen, nda, amount, evidence, verified, decision, obligation, reason contains
      "finance.escrow.release,   booker,                 true, SIGNED,   false,   FUNDED,  null,   null, null, null, null, DENY,  NONE,                              Only finance or the owner",
      "finance.escrow.release,   finance-manager,        true, DRAFT,    false,   FUNDED,  null,   null, null, null, null, DENY,  NONE,                              SIGNED",
      "finance.escrow.release,   tenant-owner,           true, SIGNED,   true,    FUNDED,  null,   null, null, null, null, DENY,  NONE,                              dispute is open",
      "finance.escrow.release,   finance-manager,        true, SIGNED,   false,   FUNDED,  null,   null, null, true, null, ALLOW, REQUIRE_APPROVAL_ABOVE_THRESHOLD,  contract signed",
      "finance.escrow.release,   finance-manager,        true, SIGNED,   false,   FUNDED,  null,   null, null, null, null, DENY,  REQUIRE_EVIDENCE,                  Proof of delivery",
      "finance.escrow.release,   tenant-owner,           true, SIGNED,   false,   FUNDED,  null,   null, 60000000, true, null, ALLOW, ENFORCE_THRESHOLD,         two approvers",
      "finance.escrow.release,   finance-manager,        true, SIGNED,   false,   FUNDED,  null,   null, 1000000, true, null, ALLOW, NONE,                       below the threshold",
      "finance.payout.approve,   automation.finance|finance-manager, true, null, null, null, null, null, null, null, null, DENY, NONE,               service identity",
      "contracts.contract.sign,  booker,                 false, null,    null,    null,    null,   null, null, null, false, DENY, REQUIRE_VERIFICATION,       verified",
      "contracts.contract.sign,  booker,                 false, null,    null,    null,    null,   null, null, null, true, ALLOW, NONE,                       No policy rule",
      "booking.work.start,       booker,                 false, null,    null,    PARTLY_FUNDED, null, null, null, null, null, DENY, NONE,                        FUNDED",
      "booking.work.start,       booker,                 false, null,    null,    null,    null,   null, null, null, null, DENY,  NONE,                              FUNDED",
      "booking.work.start,       booker,                 false, null,    null,    FUNDED,  null,   null, null, null, null, ALLOW, NONE,                              FUNDED",
      "pageant.score.modify,     judge,                  false, null,    null,    null,    true,   null, null, null, null, DENY,  NONE,                              locked",
      "pageant.score.modify,     judge,                  false, null,    null,    null,    false,  null, null, null, null, ALLOW, NONE,                              No policy rule",
      "casting.talent.view,      brand-manager,          false, null,    null,    null,    null,   false, null, null, null, ALLOW, REDACT_FIELDS,                    redacted",
      "casting.talent.view,      brand-manager,          false, null,    null,    null,    null,   null, null, null, null, ALLOW, REDACT_FIELDS,                     redacted",
      "casting.talent.view,      brand-manager,          false, null,    null,    null,    null,   true, null, null, null, ALLOW, NONE,                              No policy rule",
      "finance.payout.approve,   booker,                 true, null,     null,    null,    null,   null, null, null, null, DENY,  NONE,                              Only finance",
      "finance.payout.approve,   finance-manager,        false, null,    null,    null,    null,   null, null, null, null, DENY,  REQUIRE_STEP_UP,                   Step-up",
      "finance.payout.approve,   finance-manager,        true, null,     null,    null,    null,   null, null, null, null, ALLOW, REQUIRE_APPROVAL,                  maker-checker",
      "booking.booking.create,   booker,                 false, null,    null,    null,    null,   null, null, null, null, ALLOW, NONE,                              No policy rule",
      "admin.tenant.suspend,     super-admin,            false, null,    null,    null,    null,   null, null, null, null, DENY,  REQUIRE_STEP_UP,                   suspend or terminate",
      "admin.tenant.terminate,   super-admin,            null,  null,    null,    null,    null,   null, null, null, null, DENY,  REQUIRE_STEP_UP,                   suspend or terminate",
      "admin.tenant.suspend,     super-admin,            true,  null,    null,    null,    null,   null, null, null, null, ALLOW, NONE,                              No policy rule",
      "admin.policy.emergency_override, tenant-owner,   false, null,    null,    null,    null,   null, null, null, null, DENY,  REQUIRE_STEP_UP,                   break-glass",
      "admin.policy.emergency_override, tenant-owner,   null,  null,    null,    null,    null,   null, null, null, null, DENY,  REQUIRE_STEP_UP,                   break-glass",
      "admin.policy.emergency_override, tenant-owner,   true,  null,    null,    null,    null,   null, null, null, null, ALLOW, BREAK_GLASS,                       enhanced level",
  })
  void eachRule(String capability, String roles, Boolean mfa, String contract, Boolean dispute, String escrow,
      Boolean frozen, Boolean nda, Long amount, Boolean evidence, Boolean verified, String decision, String obligation,
      String reason) throws Exception {
    Map<String, Object> input = new HashMap<>();
    input.put("capability", capability);
    input.put("actorRoles", Arrays.asList(roles.split("\\|")));
    input.put("mfa", mfa);
    input.put("contractStatus", contract);
    input.put("disputeOpen", dispute);
    input.put("escrowStatus", escrow);
    input.put("scoresFrozen", frozen);
    input.put("ndaSigned", nda);
    input.put("isServiceIdentity", AccessPolicy.isServiceIdentity(Arrays.asList(roles.split("\\|"))));
    input.put("amountMinor", amount);
    input.put("evidenceProvided", evidence);
    input.put("verified", verified);
    var response = engine.client().newEvaluateDecisionCommand().decisionId("access-policy").variables(input)
        .send().join();
    assertThat(response.getFailureMessage()).isNullOrEmpty();
    JsonNode result = new ObjectMapper().readTree(response.getDecisionOutput());
    assertThat(result.path("decision").asText()).isEqualTo(decision);
    assertThat(result.path("obligation").asText()).isEqualTo(obligation);
    assertThat(result.path("reason").asText()).contains(reason);
  }
}
