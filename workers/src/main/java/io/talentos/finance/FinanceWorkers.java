package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.EXPENSE;
import static io.talentos.finance.AccountType.LIABILITY;
import static io.talentos.finance.AccountType.REVENUE;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.engine.EngineClock;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Job workers of the finance capability: escrow, payments, cancellation settlement, payout and reconciliation (the
 * milestone releases are {@link EscrowWorkers}). Every posting goes through the {@link Ledger} with an idempotency
 * key derived from the booking or payment, so a retried job never posts twice. Amounts are minor units; see
 * {@link BookingAccounts}. Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class FinanceWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(FinanceWorkers.class);

  private final Ledger ledger;
  private final Escrow escrow;
  private final BookingPayouts payouts;
  private final Refunds refunds;
  private final EngineClock clock;
  private final Duration depositDue;
  private final TenantGuard guard;

  FinanceWorkers(Ledger ledger, Escrow escrow, BookingPayouts payouts, Refunds refunds, EngineClock clock,
      TenantGuard guard, @Value("${talentos.finance.deposit-due:PT48H}") Duration depositDue) {
    this.ledger = ledger;
    this.refunds = refunds;
    this.escrow = escrow;
    this.payouts = payouts;
    this.guard = guard;
    this.clock = clock;
    this.depositDue = depositDue;
  }

  public record OpenEscrowInput(String tenantId, String bookingId, long grossMinor, String currency,
      List<EscrowMilestones.Share> milestonePlan) {}

  /**
   * Escrow CREATED; the deposit is due by an absolute time (T1 target: signed → escrow 48 h, seed §12.2); the
   * milestones the escrow is released by, with their amounts.
   */
  public record OpenEscrowOutput(String escrowStatus, long escrowRequiredMinor, String depositDueAt,
      List<EscrowWorkers.Milestone> escrowMilestones) {}

  /** Opens the escrow case for the gross, divides it into milestones and sets the absolute deposit deadline. */
  @JobWorker(type = FinanceJobTypes.OPEN_ESCROW)
  public OpenEscrowOutput openEscrow(@VariablesAsType OpenEscrowInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Instant due = clock.now().plus(depositDue);
      var milestones = EscrowMilestones.of(in.milestonePlan(), in.grossMinor());
      LOG.info("Booking {} (tenant {}): escrow of {} {} requested in {} milestone(s), due {}", in.bookingId(),
          in.tenantId(), in.grossMinor(), in.currency(), milestones.size(), due);
      return new OpenEscrowOutput("CREATED", in.grossMinor(), due.toString(), milestones);
    }
  }

  /** The PaymentCaptured message's variables plus the booking's terms. */
  public record PaymentInput(String tenantId, String bookingId, String currency, long grossMinor, String paymentId,
      Long paymentAmountMinor, String paymentCurrency, Long paymentFeeMinor) {}

  /** Escrow balance after the payment; FUNDED once it covers the gross (deposit gating, seed §7.4). */
  public record PaymentOutput(long escrowBalanceMinor, String escrowStatus, long processorFeeMinor) {}

  /**
   * Posts a captured payment into escrow (idempotent per paymentId) and reports whether the escrow is FUNDED. Fails
   * the job without retries for a payment in another currency or without an amount.
   */
  @JobWorker(type = FinanceJobTypes.RECORD_PAYMENT)
  public PaymentOutput recordPayment(@VariablesAsType PaymentInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      if (in.paymentId() == null || in.paymentAmountMinor() == null || in.paymentAmountMinor() <= 0) {
        throw CamundaError.jobError("PaymentCaptured needs paymentId and a positive paymentAmountMinor", null, 0);
      }
      if (in.paymentCurrency() != null && !in.currency().equals(in.paymentCurrency())) {
        throw CamundaError.jobError("Payment " + in.paymentId() + " is in " + in.paymentCurrency()
            + " but booking " + in.bookingId() + " is in " + in.currency() + "; refund it and capture again", null, 0);
      }
      long fee = in.paymentFeeMinor() == null ? 0 : in.paymentFeeMinor();
      String b = in.bookingId();
      try {
        escrow.capture(in.tenantId(), b, in.paymentId(), in.paymentAmountMinor(), fee, in.currency());
      } catch (IllegalArgumentException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      long balance = ledger.balance(in.tenantId(), BookingAccounts.clientEscrow(b), in.currency());
      long fees = ledger.balance(in.tenantId(), BookingAccounts.processorFee(b), in.currency());
      String status = balance >= in.grossMinor() ? "FUNDED" : "PARTLY_FUNDED";
      LOG.info("Booking {} (tenant {}): payment {} of {} {} recorded, escrow {} {} ({})", b, in.tenantId(),
          in.paymentId(), in.paymentAmountMinor(), in.currency(), balance, in.currency(), status);
      return new PaymentOutput(balance, status, fees);
    }
  }

  public record AssessInput(String tenantId, String bookingId, String currency, String startsAt) {}

  /** Inputs of the DMN {@code cancellation-penalty}. */
  public record AssessOutput(long escrowBalanceMinor, long hoursBeforeStart) {}

  /** Reads the funded escrow and the hours left before the booking starts, the inputs of the penalty DMN. */
  @JobWorker(type = FinanceJobTypes.ASSESS_CANCELLATION)
  public AssessOutput assessCancellation(@VariablesAsType AssessInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      long seconds = Duration.between(clock.now(), Instant.parse(in.startsAt())).toSeconds();
      return new AssessOutput(ledger.balance(in.tenantId(), BookingAccounts.clientEscrow(in.bookingId()), in.currency()),
          Math.floorDiv(seconds, 3600));
    }
  }

  /** The decision result of {@code cancellation-penalty}. */
  public record Penalty(long penaltyMinor, String penaltyRule) {}

  public record SettleInput(String tenantId, String bookingId, String currency, Penalty cancellationPenalty) {}

  public record SettleOutput(long penaltyPostedMinor, long refundMinor, String escrowStatus, long escrowBalanceMinor) {}

  /**
   * Empties the escrow of a cancelled booking: the penalty to agency revenue, the processor's fee recovered, the rest
   * refunded to the client (a provider refund, {@link Refunds}). The penalty never exceeds what the escrow holds after
   * the fee. Commission accrued on the invoice (ACCRUAL mode) is reversed.
   */
  @JobWorker(type = FinanceJobTypes.SETTLE_CANCELLATION)
  public SettleOutput settleCancellation(@VariablesAsType SettleInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String b = in.bookingId();
      String key = "cancellation:" + b;
      escrow.reverseAccrual(in.tenantId(), b, in.currency(), "booking cancelled");
      long escrow = ledger.balance(in.tenantId(), BookingAccounts.clientEscrow(b), in.currency());
      long fee = ledger.balance(in.tenantId(), BookingAccounts.processorFee(b), in.currency());
      if (escrow == 0) { // nothing funded, or a retry after the entry emptied the escrow (then ask for its refund)
        refunds.request(in.tenantId(), b, key, "booking cancelled");
        return new SettleOutput(0, 0, "CLOSED", 0);
      }
      long penalty = Math.min(Math.max(0, in.cancellationPenalty().penaltyMinor()), escrow - fee);
      long refund = escrow - fee - penalty;
      ledger.post(JournalEntry.builder(in.tenantId(), key, "CANCELLATION_SETTLED", b,
              "Booking " + b + " cancelled (" + in.cancellationPenalty().penaltyRule() + "): penalty and refund")
          .debit(BookingAccounts.clientEscrow(b), LIABILITY, escrow, in.currency())
          .credit(BookingAccounts.agencyRevenue(b), REVENUE, penalty, in.currency())
          .credit(BookingAccounts.processorFee(b), EXPENSE, fee, in.currency())
          .credit(BookingAccounts.CASH, ASSET, refund, in.currency())
          .build());
      LOG.info("Booking {} (tenant {}) cancelled: penalty {} and refund {} {}", b, in.tenantId(), penalty, refund,
          in.currency());
      refunds.request(in.tenantId(), b, key, "booking cancelled");
      return new SettleOutput(penalty, refund, "CLOSED", 0);
    }
  }

  public record PayoutInput(String tenantId, String bookingId, String talentId, String currency,
      String payoutPreparedBy) {}

  /** The payout as its provider recorded it: the provider, its payout id and status. */
  public record PayoutOutput(String payoutProvider, String payoutId, String payoutStatus) {}

  /**
   * Pays the talent, agent and manager what the releases made payable, once per booking (see
   * {@link BookingPayouts#pay}).
   *
   * @throws CamundaError as a job error without retries while a dispute holds funds of the booking, or when the
   *     provider refuses the payout (no fund account, 4xx); a 5xx or an unreachable provider retries the job
   */
  @JobWorker(type = FinanceJobTypes.PAY_OUT)
  public PayoutOutput payOut(@VariablesAsType PayoutInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String b = in.bookingId();
      BookingPayouts.Paid paid;
      try {
        paid = payouts.pay(in.tenantId(), b, in.talentId(), in.currency(), "Payout for booking " + b
            + " prepared by " + in.payoutPreparedBy());
      } catch (Escrow.EscrowStateException | PayoutProviders.PayoutRefusedException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      LOG.info("Booking {} (tenant {}): payout {} through {} ({}, {} {})", b, in.tenantId(), paid.payoutId(),
          paid.provider(), paid.status(), paid.amountMinor(), in.currency());
      return new PayoutOutput(paid.provider(), paid.payoutId(), paid.status());
    }
  }

  public record ReconcileInput(String tenantId, String bookingId, String currency) {}

  /** The booking reconciled; its escrow case is SETTLED (seed lifecycle CREATED → … → SETTLED). */
  public record ReconcileOutput(boolean reconciled, String reconciledAt, String escrowStatus) {}

  /**
   * Reverses any accrued commission the releases did not clear (ACCRUAL mode), then checks that the booking's
   * escrow, payables and processor fee are all settled to zero (a refund held for a return by hand and a chargeback
   * loss belong to their own processes, refund.bpmn and chargeback.bpmn).
   *
   * @throws IllegalStateException naming the accounts that are not (the job retries, then raises an incident)
   */
  @JobWorker(type = FinanceJobTypes.RECONCILE_BOOKING)
  public ReconcileOutput reconcile(@VariablesAsType ReconcileInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      escrow.reverseAccrual(in.tenantId(), in.bookingId(), in.currency(), "released less than invoiced");
      var open = ledger.balances(in.tenantId(), in.bookingId()).stream()
          .filter(a -> a.type() == LIABILITY || a.type() == EXPENSE)
          .filter(a -> !a.accountCode().equals(BookingAccounts.refundOnHold(in.bookingId()))) // refund.bpmn's
          .filter(a -> !a.accountCode().equals(BookingAccounts.chargebackLoss(in.bookingId()))) // chargeback.bpmn's
          .filter(a -> a.balanceMinor() != 0).toList();
      if (!open.isEmpty()) {
        throw new IllegalStateException("Booking " + in.bookingId() + " does not reconcile: " + open);
      }
      return new ReconcileOutput(true, clock.now().toString(), "SETTLED");
    }
  }
}
