package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ledger, read-only: balances by account, journal entries, and the trial balance. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/ledger")
class LedgerController {

  /** Trial balance of a tenant: one line per currency, and whether every line balances. */
  record TrialBalance(List<Ledger.TrialBalanceLine> lines, boolean balanced) {}

  private final Ledger ledger;

  private final Capabilities capabilities;

  /** Finance objects are read with {@code finance.ledger.view}: FIN, the owner and auditors (seed 003 §11). */
  private void requireReader(String tenantId, CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
  }

  LedgerController(Ledger ledger, Capabilities capabilities) {
    this.ledger = ledger;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Account balances (minor units, on each account's normal side), optionally for one booking")
  @GetMapping("/balances")
  List<Ledger.AccountBalance> balances(@PathVariable String tenantId,
      @RequestParam(required = false) UUID bookingId, @AuthenticationPrincipal CurrentUser user) {
    requireReader(tenantId, user);
    return ledger.balances(tenantId, bookingId == null ? null : bookingId.toString());
  }

  @Operation(summary = "Journal entries of one booking, with their postings")
  @GetMapping("/entries")
  List<Ledger.PostedEntry> entries(@PathVariable String tenantId, @RequestParam UUID bookingId,
      @AuthenticationPrincipal CurrentUser user) {
    requireReader(tenantId, user);
    return ledger.entries(tenantId, bookingId.toString());
  }

  @Operation(summary = "Trial balance: debits and credits per currency; balanced when every difference is zero")
  @GetMapping("/trial-balance")
  TrialBalance trialBalance(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    requireReader(tenantId, user);
    var lines = ledger.trialBalance(tenantId);
    return new TrialBalance(lines, lines.stream().allMatch(l -> l.differenceMinor() == 0));
  }
}
