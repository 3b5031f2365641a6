package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provider refunds (issue 4): each refund the ledger posted, with the provider's refund id and where it stands
 * (see {@link Refunds}). Amounts are minor units of an ISO 4217 currency.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/refunds")
class RefundController {

  private final Refunds refunds;
  private final Capabilities capabilities;

  RefundController(Refunds refunds, Capabilities capabilities) {
    this.refunds = refunds;
    this.capabilities = capabilities;
  }

  @Operation(summary = "The tenant's refunds, newest first, optionally of one booking")
  @GetMapping
  List<Refunds.RefundView> list(@PathVariable String tenantId, @RequestParam(required = false) UUID bookingId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return refunds.list(tenantId, bookingId == null ? null : bookingId.toString());
  }

  @Operation(summary = "One refund by its key (the idempotency key of the journal entry that posted it)")
  @GetMapping("/{refundKey}")
  Refunds.RefundView find(@PathVariable String tenantId, @PathVariable String refundKey,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return refunds.find(tenantId, refundKey);
  }
}
