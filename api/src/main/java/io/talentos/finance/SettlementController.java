package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provider settlement reports (issue 4, reconciliation): import one as CSV ({@code Content-Type: text/csv}); the
 * settlement-reconciliation process compares it with the ledger and opens a finance task for each mismatch.
 */
@RestController
class SettlementController {

  private final SettlementService settlements;
  private final Capabilities capabilities;

  SettlementController(SettlementService settlements, Capabilities capabilities) {
    this.settlements = settlements;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Import a settlement report (CSV: provider, payment_id, amount_minor, fee_minor, currency, "
      + "settled_on) and start its reconciliation")
  @PostMapping(path = "/api/v1/tenants/{tenantId}/settlements", consumes = "text/csv")
  ResponseEntity<SettlementService.SettlementImport> importReport(@PathVariable String tenantId, @RequestBody String csv,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.settlement.import");
    SettlementService.SettlementImport imported = settlements.importCsv(tenantId, user.userId(), csv);
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/settlements/" + imported.importId()))
        .body(imported);
  }

  @Operation(summary = "Reconcile one day's provider captures (webhooks, offline) with the ledger; runs nightly too")
  @PostMapping("/api/v1/tenants/{tenantId}/settlements/provider-events")
  ResponseEntity<SettlementService.SettlementImport> reconcileProviderEvents(@PathVariable String tenantId,
      @RequestParam java.time.LocalDate date, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.settlement.import");
    return settlements.reconcileProviderEvents(tenantId, date, user.userId())
        .map(i -> ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/settlements/" + i.importId()))
            .body(i))
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @Operation(summary = "An import: its lines and, once compared, its mismatches")
  @GetMapping("/api/v1/tenants/{tenantId}/settlements/{importId}")
  SettlementService.SettlementImport get(@PathVariable String tenantId, @PathVariable UUID importId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.ledger.view");
    return settlements.find(tenantId, importId);
  }
}
