package io.talentos.finance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job workers of {@code processes/finance/payout-failure.bpmn} (issue 4, compensation): a payout the provider
 * could not make is compensated: the talent's share is owed again (key {@code payout-reversal:<bookingId>}, or
 * {@code …:<attempt>} for a later attempt, so a retried job or a repeated webhook never compensates twice) and held
 * until finance decides. Paying again goes through maker-checker approval
 * ({@code payout-approval.bpmn}) and is a new payout attempt with its own idempotency key ({@link Escrow#payoutKey}).
 * Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class PayoutFailureWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(PayoutFailureWorkers.class);

  private final Ledger ledger;
  private final PayoutProviders providers;
  private final BookingPayouts payouts;
  private final Escrow escrow;
  private final JdbcTemplate jdbc;
  private final TenantGuard guard;

  PayoutFailureWorkers(Ledger ledger, PayoutProviders providers, BookingPayouts payouts, Escrow escrow,
      JdbcTemplate jdbc, TenantGuard guard) {
    this.escrow = escrow;
    this.ledger = ledger;
    this.providers = providers;
    this.payouts = payouts;
    this.jdbc = jdbc;
    this.guard = guard;
  }

  /** The failed payout as the provider reported it. */
  public record FailedPayout(String tenantId, String bookingId, String providerPayoutId, String payoutFailureReason) {}

  /**
   * The amount is held: {@code payoutStatus} ON_HOLD, the reversing entry's id, and what a payment again needs: the
   * talent, the currency and the amount ({@code grossMinor}, minor units, the payout-approvals-required DMN input).
   */
  public record Reversed(String payoutStatus, long payoutReversalEntryId, String talentId, String currency,
      long grossMinor) {}

  /**
   * Compensates the failed payout: the talent's share of its PAYOUT entry (what the provider was asked to pay; agent
   * and manager shares are paid offline and did not fail) goes back to talent-payable, once per attempt (key
   * {@code payout-reversal:<bookingId>[:<n>]}). The payout is the one the provider's payout id was made under; a
   * booking with a single payout needs no id on record.
   *
   * @throws CamundaError as a job error without retries when no payout of the booking matches
   */
  @JobWorker(type = FinanceJobTypes.REVERSE_PAYOUT)
  public Reversed reverse(@VariablesAsType FailedPayout in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      var payouts = ledger.entries(in.tenantId(), in.bookingId()).stream().filter(e -> "PAYOUT".equals(e.kind()))
          .toList();
      String key = providers.keyOf(in.tenantId(), in.providerPayoutId()).orElse(null);
      var payout = payouts.stream().filter(e -> key != null ? e.idempotencyKey().equals(key) : payouts.size() == 1)
          .findFirst().orElseThrow(() -> CamundaError.jobError("Booking " + in.bookingId() + " has no payout that "
              + "provider payout " + in.providerPayoutId() + " belongs to", null, 0));
      Map<String, Object> booking = jdbc.queryForMap("""
          select talent_id, currency from booking where tenant_id = ? and booking_id = ?::uuid""", in.tenantId(),
          in.bookingId());
      String currency = (String) booking.get("currency");
      String talentPayable = BookingAccounts.talentPayable(in.bookingId());
      long share = payout.amountOn(talentPayable, Posting.Side.DEBIT);
      Ledger.PostResult reversal = ledger.post(JournalEntry.builder(in.tenantId(),
              Escrow.reversalKey(payout.idempotencyKey()), "PAYOUT_REVERSED", in.bookingId(), "Payout "
                  + in.providerPayoutId() + " failed at the provider (" + in.payoutFailureReason() + "): the talent's "
                  + "share is owed again, on hold")
          .debit(BookingAccounts.CASH, AccountType.ASSET, share, currency)
          .credit(talentPayable, AccountType.LIABILITY, share, currency)
          .build());
      LOG.warn("Booking {} (tenant {}): payout {} failed ({}); {} {} owed to the talent again, on hold",
          in.bookingId(), in.tenantId(), in.providerPayoutId(), in.payoutFailureReason(), share, currency);
      return new Reversed("ON_HOLD", reversal.entryId(), (String) booking.get("talent_id"), currency, share);
    }
  }

  /** What paying again needs: the booking, its talent and currency, the failed payout, the maker and checker. */
  public record PayAgainInput(String tenantId, String bookingId, String talentId, String currency,
      String providerPayoutId, String payoutPreparedBy, String payoutApprovedBy) {}

  /** The new payout as its provider recorded it. */
  public record PaidAgain(String payoutProvider, String payoutId, String payoutStatus) {}

  /**
   * Pays the held amount again, as a new payout attempt, after maker-checker approval.
   *
   * @throws CamundaError as a job error without retries when the provider refuses (no fund account, 4xx) or a dispute
   *     holds funds; a 5xx or an unreachable provider retries the job
   */
  @JobWorker(type = FinanceJobTypes.PAY_OUT_AGAIN)
  public PaidAgain payAgain(@VariablesAsType PayAgainInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      BookingPayouts.Paid paid;
      try {
        paid = payouts.pay(in.tenantId(), in.bookingId(), escrow.payoutKey(in.tenantId(), in.bookingId()),
            in.talentId(), in.currency(), "Payout again for booking "
            + in.bookingId() + " after payout " + in.providerPayoutId() + " failed, prepared by "
            + in.payoutPreparedBy() + ", approved by " + in.payoutApprovedBy());
      } catch (Escrow.EscrowStateException | PayoutProviders.PayoutRefusedException e) {
        throw CamundaError.jobError(e.getMessage(), null, 0);
      }
      LOG.info("Booking {} (tenant {}): paid again as {} through {} ({})", in.bookingId(), in.tenantId(),
          paid.payoutId(), paid.provider(), paid.status());
      return new PaidAgain(paid.provider(), paid.payoutId(), paid.status());
    }
  }
}
