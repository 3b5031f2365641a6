package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Escrow cases and the tenant's finance settings: which escrows still hold money (the recovery list after a restart)
 * and the release threshold above which a milestone needs dual approval.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
class EscrowController {

  /** The release threshold in minor units of an ISO 4217 currency; both null for the platform defaults. */
  record SettingsRequest(@PositiveOrZero Long releaseThresholdMinor,
      @Pattern(regexp = "[A-Z]{3}") String releaseThresholdCurrency,
      @Pattern(regexp = "PER_BOOKING|BATCH") String payoutMode,
      @Pattern(regexp = "CASH|ACCRUAL") String revenueRecognition) {}

  private final Escrow escrow;
  private final FinanceSettings settings;
  private final Capabilities capabilities;

  EscrowController(Escrow escrow, FinanceSettings settings, Capabilities capabilities) {
    this.escrow = escrow;
    this.settings = settings;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Open escrow cases: bookings whose escrow, pending releases, frozen funds or payables are "
      + "not zero")
  @GetMapping("/escrows")
  List<Escrow.OpenCase> openEscrows(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return escrow.openCases(tenantId);
  }

  @Operation(summary = "The tenant's finance settings (release threshold, payout mode, revenue recognition)")
  @GetMapping("/finance-settings")
  FinanceSettings.Settings financeSettings(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return settings.get(tenantId);
  }

  @Operation(summary = "Replace the finance settings: release threshold for dual approval, payout mode "
      + "(PER_BOOKING or BATCH) and revenue recognition (CASH or ACCRUAL)")
  @PutMapping("/finance-settings")
  FinanceSettings.Settings saveFinanceSettings(@PathVariable String tenantId, @Valid @RequestBody SettingsRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.settings.update");
    return settings.save(tenantId, new FinanceSettings.Settings(body.releaseThresholdMinor(),
        body.releaseThresholdCurrency(), body.payoutMode(), body.revenueRecognition()), user.userId());
  }
}
