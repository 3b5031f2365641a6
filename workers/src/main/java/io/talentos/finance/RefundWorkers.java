package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import org.springframework.stereotype.Component;

/**
 * The job workers of {@code processes/finance/refund.bpmn} (issue 4): submit a refund to the provider, record its
 * confirmation, hold what it refused or failed, record a return by hand. Each is idempotent by the refund's key (a
 * retried job submits with the same provider idempotency key and posts nothing twice). Public because the Camunda
 * client invokes worker methods reflectively.
 */
@Component
public class RefundWorkers {

  private final Refunds refunds;
  private final TenantGuard guard;

  RefundWorkers(Refunds refunds, TenantGuard guard) {
    this.refunds = refunds;
    this.guard = guard;
  }

  /** The refund a job is about. */
  public record RefundInput(String tenantId, String refundKey) {}

  /** Where the refund goes next ({@code refundRoute}), through whom, and why not through the provider. */
  public record Submitted(String refundRoute, String refundProvider, String providerRefundId,
      String refundFailureReason) {}

  /**
   * Submits the refund ({@link Refunds#submit}).
   *
   * @throws IllegalStateException if the provider cannot be reached (the job retries)
   */
  @JobWorker(type = FinanceJobTypes.SUBMIT_REFUND)
  public Submitted submit(@VariablesAsType RefundInput in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Refunds.Submission s = refunds.submit(in.tenantId(), in.refundKey(), job.getProcessInstanceKey());
      return new Submitted(s.route().name(), s.provider(), s.providerRefundId(), s.failureReason());
    }
  }

  /** The provider's webhook variables: Razorpay sends {@code refundId}; Stripe's refund events too. */
  public record Processed(String tenantId, String refundKey, String refundId) {}

  /** The refund's status afterwards. */
  public record Status(String refundStatus) {}

  /** Records the provider's confirmation ({@link Refunds#confirm}). */
  @JobWorker(type = FinanceJobTypes.CONFIRM_REFUND)
  public Status confirm(@VariablesAsType Processed in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      return new Status(refunds.confirm(in.tenantId(), in.refundKey(), in.refundId()).status());
    }
  }

  /** A refund the provider refused ({@code refundFailureReason} from submission) or failed (its webhook's). */
  public record Failed(String tenantId, String refundKey, String refundFailureReason) {}

  /** The hold entry's id and the refund's status. */
  public record Held(long refundHoldEntryId, String refundStatus) {}

  /** Holds the refund for the client ({@link Refunds#hold}). */
  @JobWorker(type = FinanceJobTypes.HOLD_REFUND)
  public Held hold(@VariablesAsType Failed in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Ledger.PostResult held = refunds.hold(in.tenantId(), in.refundKey(), in.refundFailureReason());
      return new Held(held.entryId(), refunds.find(in.tenantId(), in.refundKey()).status());
    }
  }

  /** What finance entered on the "Return the refund by hand" task. */
  public record Returned(String tenantId, String refundKey, String refundReturnReference, String refundReturnedBy) {}

  /**
   * Records the return by hand ({@link Refunds#returnedByHand}).
   *
   * @throws IllegalArgumentException if the task carried no reference (the form requires one)
   */
  @JobWorker(type = FinanceJobTypes.RECORD_MANUAL_REFUND)
  public Status returned(@VariablesAsType Returned in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      return new Status(refunds.returnedByHand(in.tenantId(), in.refundKey(), in.refundReturnReference(),
          in.refundReturnedBy()).status());
    }
  }
}
