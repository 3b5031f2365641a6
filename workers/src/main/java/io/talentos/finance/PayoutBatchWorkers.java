package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job workers of payout batches ({@code processes/finance/payout-batch.bpmn}) and of the booking's payout route. Each
 * is safe to run twice: queueing and collecting are idempotent, a paid item is not paid again (see
 * {@link PayoutBatchService}). Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class PayoutBatchWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(PayoutBatchWorkers.class);

  private final PayoutBatchService batches;
  private final FinanceSettings settings;
  private final TenantGuard guard;

  PayoutBatchWorkers(PayoutBatchService batches, FinanceSettings settings, TenantGuard guard) {
    this.batches = batches;
    this.settings = settings;
    this.guard = guard;
  }

  public record RouteInput(String tenantId, String bookingId, String talentId, String currency) {}

  /** {@code PER_BOOKING} (approve and pay this booking now) or {@code BATCH} (queued for the next payout batch). */
  public record RouteOutput(String payoutMode) {}

  /** Reads the tenant's payout mode; in BATCH mode queues the booking's payout. */
  @JobWorker(type = FinanceJobTypes.ROUTE_PAYOUT)
  public RouteOutput route(@VariablesAsType RouteInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      if (!settings.batchesPayouts(in.tenantId())) {
        return new RouteOutput("PER_BOOKING");
      }
      batches.queue(in.tenantId(), in.bookingId(), in.talentId(), in.currency());
      LOG.info("Booking {} (tenant {}): payout queued for the next {} batch", in.bookingId(), in.tenantId(),
          in.currency());
      return new RouteOutput("BATCH");
    }
  }

  public record BatchInput(String tenantId, String payoutBatchId) {}

  /** One collected payout: the booking and what it owes (minor units of the batch's currency). */
  public record CollectedItem(String bookingId, long amountMinor) {}

  /**
   * The collected payouts; {@code grossMinor} is the batch total, the input of the DMN
   * {@code payout-approvals-required} that decides how many approvers the batch needs.
   */
  public record CollectOutput(List<CollectedItem> payoutBatchItems, int payoutBatchItemCount, long grossMinor,
      String payoutBatchStatus) {}

  /** Collects the queued payouts of the batch's currency. */
  @JobWorker(type = FinanceJobTypes.COLLECT_PAYOUT_BATCH)
  public CollectOutput collect(@VariablesAsType BatchInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      PayoutBatchService.Batch batch = batches.collect(in.tenantId(), UUID.fromString(in.payoutBatchId()));
      LOG.info("Payout batch {} (tenant {}): {} payout(s), {} {}", batch.batchId(), in.tenantId(), batch.itemCount(),
          batch.totalMinor(), batch.currency());
      return new CollectOutput(batch.items().stream()
          .map(i -> new CollectedItem(i.bookingId(), i.amountMinor() == null ? 0 : i.amountMinor())).toList(),
          batch.itemCount(), batch.totalMinor(), batch.status());
    }
  }

  public record PayItemInput(String tenantId, String payoutBatchId, CollectedItem payoutItem, String payoutPreparedBy,
      String payoutApprovedBy, String payoutSecondApprovedBy) {}

  /** The result of one payout, collected into {@code payoutResults} by the multi-instance activity. */
  public record PayItemOutput(PayoutBatchService.ItemResult payoutResult) {}

  /** Pays one payout of the approved batch as {@value PayoutBatchService#SERVICE_IDENTITY}. */
  @JobWorker(type = FinanceJobTypes.PAY_BATCH_ITEM)
  public PayItemOutput pay(@VariablesAsType PayItemInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String approval = "prepared by " + in.payoutPreparedBy() + ", approved by " + in.payoutApprovedBy()
          + (in.payoutSecondApprovedBy() == null ? "" : " and " + in.payoutSecondApprovedBy());
      PayoutBatchService.ItemResult result = batches.pay(in.tenantId(), UUID.fromString(in.payoutBatchId()),
          in.payoutItem().bookingId(), approval);
      LOG.info("Payout batch {} (tenant {}): booking {} {} {}", in.payoutBatchId(), in.tenantId(), result.bookingId(),
          result.status(), result.failure() == null ? result.payoutId() : result.failure());
      return new PayItemOutput(result);
    }
  }

  /** The closed batch: PAID or PARTLY_PAID, and how many payouts the provider refused. */
  public record CloseOutput(String payoutBatchStatus, int payoutRefusedCount,
      List<PayoutBatchService.Failure> payoutRefusals) {}

  /** Closes the batch. */
  @JobWorker(type = FinanceJobTypes.CLOSE_PAYOUT_BATCH)
  public CloseOutput close(@VariablesAsType BatchInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      PayoutBatchService.Batch batch = batches.close(in.tenantId(), UUID.fromString(in.payoutBatchId()));
      LOG.info("Payout batch {} (tenant {}) closed {}", batch.batchId(), in.tenantId(), batch.status());
      return new CloseOutput(batch.status(), batch.failures().size(), batch.failures());
    }
  }
}
