package io.talentos.booking;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The talent's earnings (seed 000 §10.7): a talent sees their own ({@code talent.earnings.view}, their login is their
 * talent id); finance, the owner and auditors see any talent's ({@code finance.earnings.view}).
 */
@RestController
class EarningsController {

  private final TalentEarnings earnings;
  private final Capabilities capabilities;

  EarningsController(TalentEarnings earnings, Capabilities capabilities) {
    this.earnings = earnings;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Gross, platform fee, processor fee, agency commission, net payout and timeline per booking")
  @GetMapping("/api/v1/tenants/{tenantId}/talents/{talentId}/earnings")
  TalentEarnings.Earnings earnings(@PathVariable String tenantId, @PathVariable String talentId,
      @AuthenticationPrincipal CurrentUser user) {
    boolean own = user.userId().equals(talentId)
        && capabilities.of(tenantId, user.userId(), user.roles()).contains("talent.earnings.view");
    if (!own) {
      capabilities.require(tenantId, user.userId(), user.roles(), "finance.earnings.view");
    }
    return earnings.of(tenantId, talentId);
  }
}
