package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The job worker of {@code processes/finance/settlement-reconciliation.bpmn}: compares the imported settlement report
 * with the ledger. Read-only on the ledger, so a retried job gives the same answer. Public because the Camunda client
 * invokes worker methods reflectively.
 */
@Component
public class SettlementWorkers {

  private final SettlementService settlements;
  private final TenantGuard guard;

  SettlementWorkers(SettlementService settlements, TenantGuard guard) {
    this.settlements = settlements;
    this.guard = guard;
  }

  /** The import to compare. */
  public record CompareInput(String tenantId, String importId) {}

  /** The mismatches, one task each; an empty list means reconciled. */
  public record CompareOutput(List<SettlementService.Mismatch> mismatches, int mismatchCount) {}

  /** Compares the report with the ledger. */
  @JobWorker(type = FinanceJobTypes.COMPARE_SETTLEMENT)
  public CompareOutput compare(@VariablesAsType CompareInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      List<SettlementService.Mismatch> mismatches = settlements.compare(in.tenantId(), UUID.fromString(in.importId()));
      return new CompareOutput(mismatches, mismatches.size());
    }
  }
}
