package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.EXPENSE;
import static io.talentos.finance.BookingAccounts.CASH;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The job workers of chargebacks after release (issue 4; seed 000 §10.4): once a booking's money has left its escrow, a chargeback
 * cannot lock it. The provider takes the disputed amount from the tenant's balance, so
 * {@code processes/finance/chargeback.bpmn} records that as a claim ({@code chargeback-receivable} against cash, key
 * {@code chargeback:<reference>}), finance answers the provider, and its decision either brings the cash back
 * (WON, key {@code chargeback-won:<reference>}) or makes it the agency's loss (LOST, {@code chargeback-loss},
 * key {@code chargeback-lost:<reference>}). Every entry counts once, so retried jobs post nothing twice. Amounts are
 * minor units of an ISO 4217 currency. Public because the Camunda client invokes worker methods reflectively.
 */
@Component
public class ChargebackWorkers {

  /** The message a provider chargeback after release becomes; it starts the chargeback process. */
  public static final String AFTER_RELEASE = "ChargebackAfterRelease";

  private static final Logger LOG = LoggerFactory.getLogger(ChargebackWorkers.class);

  private final Ledger ledger;
  private final TenantGuard guard;

  ChargebackWorkers(Ledger ledger, TenantGuard guard) {
    this.ledger = ledger;
    this.guard = guard;
  }

  /** The chargeback as the provider's webhook reported it; the currency is the booking's. */
  public record Chargeback(String tenantId, String bookingId, String disputeReference, long disputedAmountMinor,
      String currency) {}

  /** The claim entry's id. */
  public record Recorded(long chargebackEntryId) {}

  /**
   * Records the amount the provider took as a claim on it.
   *
   * @throws CamundaError as a job error without retries for an amount that is not positive
   */
  @JobWorker(type = FinanceJobTypes.RECORD_CHARGEBACK)
  public Recorded record(@VariablesAsType Chargeback in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      if (in.disputedAmountMinor() <= 0) {
        throw CamundaError.jobError("Chargeback " + in.disputeReference() + " has no positive amount", null, 0);
      }
      Ledger.PostResult posted = ledger.post(JournalEntry.builder(in.tenantId(), "chargeback:" + in.disputeReference(),
              "CHARGEBACK_TAKEN", in.bookingId(), "Chargeback " + in.disputeReference() + " taken by the provider "
                  + "after booking " + in.bookingId() + " was released")
          .debit(BookingAccounts.chargebackReceivable(in.bookingId()), ASSET, in.disputedAmountMinor(), in.currency())
          .credit(CASH, ASSET, in.disputedAmountMinor(), in.currency())
          .build());
      LOG.warn("Booking {} (tenant {}): chargeback {} of {} {} after release; finance answers the provider",
          in.bookingId(), in.tenantId(), in.disputeReference(), in.disputedAmountMinor(), in.currency());
      return new Recorded(posted.entryId());
    }
  }

  /** Finance's record of the provider's decision: WON or LOST. */
  public record Decided(String tenantId, String bookingId, String disputeReference, long disputedAmountMinor,
      String currency, String chargebackOutcome) {}

  /** The closing entry's id. */
  public record Closed(long chargebackClosedEntryId) {}

  /**
   * Closes the claim: WON brings the cash back, LOST books it as the agency's loss.
   *
   * @throws CamundaError as a job error without retries for an outcome other than WON or LOST
   */
  @JobWorker(type = FinanceJobTypes.CLOSE_CHARGEBACK)
  public Closed close(@VariablesAsType Decided in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      boolean won = "WON".equals(in.chargebackOutcome());
      if (!won && !"LOST".equals(in.chargebackOutcome())) {
        throw CamundaError.jobError("chargebackOutcome must be WON or LOST, got " + in.chargebackOutcome(), null, 0);
      }
      String claim = BookingAccounts.chargebackReceivable(in.bookingId());
      JournalEntry.Builder entry = JournalEntry.builder(in.tenantId(),
          (won ? "chargeback-won:" : "chargeback-lost:") + in.disputeReference(), won ? "CHARGEBACK_WON"
              : "CHARGEBACK_LOST", in.bookingId(), "Chargeback " + in.disputeReference() + (won
              ? " won: the provider returned the amount" : " lost: the agency bears the amount"));
      entry = won ? entry.debit(CASH, ASSET, in.disputedAmountMinor(), in.currency())
          : entry.debit(BookingAccounts.chargebackLoss(in.bookingId()), EXPENSE, in.disputedAmountMinor(),
              in.currency());
      Ledger.PostResult posted = ledger.post(entry.credit(claim, ASSET, in.disputedAmountMinor(), in.currency())
          .build());
      return new Closed(posted.entryId());
    }
  }
}
