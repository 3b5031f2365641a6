package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payout batches (issue 4): the payouts queued by bookings of a tenant in BATCH payout mode, and the batches that pay
 * them after maker-checker approval (see {@link PayoutBatchService}).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
class PayoutBatchController {

  /** The currency (ISO 4217) whose queued payouts the batch collects. */
  record BatchRequest(@NotBlank @Pattern(regexp = "[A-Z]{3}") String currency) {}

  private final PayoutBatchService batches;
  private final Capabilities capabilities;

  PayoutBatchController(PayoutBatchService batches, Capabilities capabilities) {
    this.batches = batches;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Start a payout batch of the queued payouts in one currency (prepared and approved in the task "
      + "list, then paid by automation.finance)")
  @PostMapping("/payout-batches")
  @ResponseStatus(HttpStatus.ACCEPTED)
  PayoutBatchService.Batch request(@PathVariable String tenantId, @Valid @RequestBody BatchRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.payout.initiate");
    return batches.request(tenantId, body.currency(), user.userId());
  }

  @Operation(summary = "The tenant's payout batches, newest first")
  @GetMapping("/payout-batches")
  List<PayoutBatchService.Batch> list(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return batches.list(tenantId);
  }

  @Operation(summary = "One payout batch with its payouts, provider payout ids and refusals")
  @GetMapping("/payout-batches/{batchId}")
  PayoutBatchService.Batch find(@PathVariable String tenantId, @PathVariable UUID batchId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return batches.find(tenantId, batchId);
  }

  @Operation(summary = "Cancel a batch that is collecting or awaiting approval; its payouts go back to the queue")
  @PostMapping("/payout-batches/{batchId}/cancel")
  PayoutBatchService.Batch cancel(@PathVariable String tenantId, @PathVariable UUID batchId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.payout.initiate");
    return batches.cancel(tenantId, batchId, user.userId());
  }

  @Operation(summary = "Payouts waiting for the next batch, with the provider's reason if one was refused")
  @GetMapping("/payout-queue")
  List<PayoutBatchService.Item> queued(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return batches.queued(tenantId);
  }
}
