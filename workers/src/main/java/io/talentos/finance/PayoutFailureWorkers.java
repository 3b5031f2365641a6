package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The job worker of {@code processes/finance/payout-failure.bpmn} (issue 4, compensation): a payout the provider
 * could not make is reversed with a reversing journal entry (key {@code payout-reversal:<bookingId>}, so a retried
 * job or a repeated webhook never reverses twice); the talent's share is owed again and held until finance pays it.
 * Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class PayoutFailureWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(PayoutFailureWorkers.class);

  private final Ledger ledger;
  private final TenantGuard guard;

  PayoutFailureWorkers(Ledger ledger, TenantGuard guard) {
    this.ledger = ledger;
    this.guard = guard;
  }

  /** The failed payout as the provider reported it. */
  public record FailedPayout(String tenantId, String bookingId, String providerPayoutId, String payoutFailureReason) {}

  /** The amount is held: {@code payoutStatus} ON_HOLD, the reversing entry's id. */
  public record Reversed(String payoutStatus, long payoutReversalEntryId) {}

  /**
   * Reverses the booking's payout entry.
   *
   * @throws CamundaError as a job error without retries when the booking has no payout to reverse
   */
  @JobWorker(type = FinanceJobTypes.REVERSE_PAYOUT)
  public Reversed reverse(@VariablesAsType FailedPayout in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      var payout = ledger.entries(in.tenantId(), in.bookingId()).stream()
          .filter(e -> "PAYOUT".equals(e.kind())).findFirst()
          .orElseThrow(() -> CamundaError.jobError("Booking " + in.bookingId() + " has no payout to reverse "
              + "(provider payout " + in.providerPayoutId() + ")", null, 0));
      Ledger.PostResult reversal = ledger.reverse(in.tenantId(), payout.entryId(),
          "payout-reversal:" + in.bookingId(), "payout " + in.providerPayoutId() + " failed at the provider: "
              + in.payoutFailureReason());
      LOG.warn("Booking {} (tenant {}): payout {} failed ({}); entry {} reversed, amount on hold", in.bookingId(),
          in.tenantId(), in.providerPayoutId(), in.payoutFailureReason(), payout.entryId());
      return new Reversed("ON_HOLD", reversal.entryId());
    }
  }
}
