package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.engine.EngineClock;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Job workers of {@code processes/finance/escrow-release.bpmn}: the two phases of a milestone release (reserve, then
 * post or void) on {@link Escrow}. Each is idempotent per booking and milestone, so a retried job or a repeated
 * release changes nothing. Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class EscrowWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(EscrowWorkers.class);

  private final Escrow escrow;
  private final Refunds refunds;
  private final FinanceSettings settings;
  private final EngineClock clock;
  private final TenantGuard guard;
  private final Duration releaseTimeout;

  EscrowWorkers(Escrow escrow, Refunds refunds, FinanceSettings settings, EngineClock clock, TenantGuard guard,
      @Value("${talentos.finance.release-timeout:P7D}") Duration releaseTimeout) {
    this.escrow = escrow;
    this.refunds = refunds;
    this.settings = settings;
    this.clock = clock;
    this.guard = guard;
    this.releaseTimeout = releaseTimeout;
  }

  /**
   * One escrow milestone (seed 000 §10.7 "escrow milestones"): its share of the gross in minor units; the last one
   * takes whatever the escrow holds.
   */
  public record Milestone(String milestoneId, String name, long amountMinor, boolean last) {}

  public record ReserveInput(String tenantId, String bookingId, String currency, Milestone milestone) {}

  /**
   * The pending transfer: amount and attempt, when it times out (voided unless approved by then), the tenant's
   * release threshold for the DMN (null = platform default), and whether the milestone was released before.
   */
  public record ReserveOutput(long releaseAmountMinor, int releaseAttempt, String releaseExpiresAt,
      Long releaseThresholdMinor, boolean milestoneReleased, long releasedMinor, String escrowStatus) {}

  /**
   * Reserves the milestone as a pending transfer (escrow LOCKED); when the escrow holds nothing (a dispute refunded
   * it) the milestone has nothing to release and counts as released.
   *
   * @throws CamundaError as a job error without retries when a dispute froze the escrow
   */
  @JobWorker(type = FinanceJobTypes.RESERVE_RELEASE)
  public ReserveOutput reserve(@VariablesAsType ReserveInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Milestone m = in.milestone();
      Escrow.Reservation r;
      try {
        r = escrow.reserve(in.tenantId(), in.bookingId(), m.milestoneId(), m.amountMinor(), m.last(), in.currency());
      } catch (Escrow.EscrowStateException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      LOG.info("Booking {} (tenant {}): milestone {} ({}) reserved {} {} (attempt {}{})", in.bookingId(),
          in.tenantId(), m.milestoneId(), m.name(), r.amountMinor(), in.currency(), r.attempt(),
          r.released() ? ", released before" : "");
      return new ReserveOutput(r.amountMinor(), r.attempt(), clock.now().plus(releaseTimeout).toString(),
          settings.releaseThreshold(in.tenantId(), in.currency()), r.released(), r.released() ? r.amountMinor() : 0,
          r.released() ? "RELEASED" : "LOCKED");
    }
  }

  public record PostInput(String tenantId, String bookingId, Milestone milestone, CommissionSplit commissionSplit) {}

  /** What the milestone released, the overpayment refunded with it, and RELEASED (all) or PARTLY_RELEASED. */
  public record PostOutput(long releasedMinor, long overpaymentRefundMinor, String escrowStatus) {}

  /**
   * Posts the pending transfer by the commission split (phase two).
   *
   * @throws CamundaError as a job error without retries when nothing is pending for the milestone
   */
  @JobWorker(type = FinanceJobTypes.POST_RELEASE)
  public PostOutput post(@VariablesAsType PostInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Escrow.Release release;
      try {
        release = escrow.post(in.tenantId(), in.bookingId(), in.milestone().milestoneId(), in.commissionSplit());
      } catch (Escrow.EscrowStateException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      LOG.info("Booking {} (tenant {}): milestone {} released {} {}{}", in.bookingId(), in.tenantId(),
          in.milestone().milestoneId(), release.amountMinor(), in.commissionSplit().currency(),
          release.duplicate() ? " (posted before)" : "");
      if (release.overpaymentRefundMinor() > 0) { // with the last milestone; a retry reports it again and asks again
        refunds.request(in.tenantId(), in.bookingId(), "release:" + in.bookingId() + ":"
            + in.milestone().milestoneId(), "overpayment returned with the last release");
      }
      return new PostOutput(release.amountMinor(), release.overpaymentRefundMinor(),
          in.milestone().last() ? "RELEASED" : "PARTLY_RELEASED");
    }
  }

  public record VoidInput(String tenantId, String bookingId, String currency, Milestone milestone, String voidReason) {}

  /** The amount that went back into the client escrow (zero if nothing was pending). */
  public record VoidOutput(long voidedMinor, long releasedMinor, String escrowStatus) {}

  /** Voids the milestone's pending transfer: rejected, or not approved before it timed out. */
  @JobWorker(type = FinanceJobTypes.VOID_RELEASE)
  public VoidOutput voidRelease(@VariablesAsType VoidInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String reason = in.voidReason() == null ? "rejected or timed out" : in.voidReason();
      long voided;
      try {
        voided = escrow.voidReservation(in.tenantId(), in.bookingId(), in.milestone().milestoneId(), reason,
            in.currency());
      } catch (Escrow.EscrowStateException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      LOG.warn("Booking {} (tenant {}): pending release of milestone {} voided ({}), {} {} back in escrow",
          in.bookingId(), in.tenantId(), in.milestone().milestoneId(), reason, voided, in.currency());
      return new VoidOutput(voided, 0, "FUNDED");
    }
  }

  public record VoidAllInput(String tenantId, String bookingId, String currency) {}

  /** What went back into the client escrow; the escrow is LOCKED until the dispute decides. */
  public record VoidAllOutput(long voidedMinor, String escrowStatus) {}

  /**
   * A chargeback interrupted the release: voids every milestone reservation not yet posted (posted ones stay
   * released), so the dispute that follows can freeze the money.
   */
  @JobWorker(type = FinanceJobTypes.VOID_PENDING_RELEASES)
  public VoidAllOutput voidAllPending(@VariablesAsType VoidAllInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      long voided = escrow.voidAllPending(in.tenantId(), in.bookingId(), "chargeback", in.currency());
      LOG.warn("Booking {} (tenant {}): chargeback; {} {} of pending releases voided back into escrow",
          in.bookingId(), in.tenantId(), voided, in.currency());
      return new VoidAllOutput(voided, "LOCKED");
    }
  }
}
