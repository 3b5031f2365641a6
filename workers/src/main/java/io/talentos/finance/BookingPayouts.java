package io.talentos.finance;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Pays out what a booking's releases made payable, once per booking (ledger key {@code payout:<bookingId>}; a failed
 * payout paid again after approval is its own attempt, {@code payout:<bookingId>:2} …; provider idempotency key the
 * same): the talent's share through the tenant's payout provider (RazorpayX when the tenant has
 * an account, else offline), then the PAYOUT journal entry; agent and manager shares are paid offline in the same
 * entry. Used by the booking's own payout task and by payout batches.
 */
@Component
public class BookingPayouts {

  /**
   * The payout as its provider recorded it. {@code payoutId} is the provider's id (offline: {@code offline-<entry>});
   * {@code status} is the provider's status in upper case, or {@code NOTHING_OWED} when nothing was payable.
   * {@code amountMinor} is what the entry paid, in the booking's currency.
   */
  public record Paid(String provider, String payoutId, String status, long amountMinor) {}

  private final Ledger ledger;
  private final Escrow escrow;
  private final PayoutProviders providers;

  BookingPayouts(Ledger ledger, Escrow escrow, PayoutProviders providers) {
    this.ledger = ledger;
    this.escrow = escrow;
    this.providers = providers;
  }

  /**
   * Pays the booking's payables. A repeat (a retried job) calls no provider again and posts nothing again; it
   * reports the payout the provider kept.
   *
   * @param description the PAYOUT entry's sentence (who prepared and approved it); the provider's id is appended
   * @throws Escrow.EscrowStateException while a dispute holds funds of the booking
   * @throws PayoutProviders.PayoutRefusedException when the provider refuses (no fund account, a 4xx answer)
   * @throws IllegalStateException when the provider answers 5xx or cannot be reached (retry later)
   */
  public Paid pay(String tenantId, String bookingId, String talentId, String currency, String description) {
    return pay(tenantId, bookingId, "payout:" + bookingId, talentId, currency, description);
  }

  /**
   * Pays the booking's payables as the payout attempt {@code key} (see {@link Escrow#payoutKey}).
   *
   * @throws Escrow.EscrowStateException while a dispute holds funds of the booking
   * @throws PayoutProviders.PayoutRefusedException when the provider refuses (no fund account, a 4xx answer)
   * @throws IllegalStateException when the provider answers 5xx or cannot be reached (retry later)
   */
  public Paid pay(String tenantId, String bookingId, String key, String talentId, String currency,
      String description) {
    Escrow.Balances balances = escrow.balances(tenantId, bookingId, currency);
    if (balances.frozenMinor() > 0) {
      throw new Escrow.EscrowStateException("A dispute froze " + balances.frozenMinor() + " " + currency
          + " of booking " + bookingId + "; no payout until it is decided");
    }
    long talentShare = ledger.balance(tenantId, BookingAccounts.talentPayable(bookingId), currency);
    PayoutProviders.ProviderPayout provider = providers.recorded(tenantId, key)
        .orElse(new PayoutProviders.ProviderPayout("offline", null, "PAID"));
    if (talentShare > 0) {
      provider = providers.pay(new PayoutProviders.PayoutRequest(tenantId, bookingId, talentId, talentShare, currency,
          key));
    }
    String reference = provider.providerPayoutId() == null ? ""
        : " (" + provider.provider() + " " + provider.providerPayoutId() + ")";
    Ledger.PostResult posted = escrow.payOut(tenantId, bookingId, key, currency, description + reference);
    if (posted == null) {
      return new Paid(provider.provider(), null, "NOTHING_OWED", 0);
    }
    String payoutId = provider.providerPayoutId() != null ? provider.providerPayoutId() : "offline-" + posted.entryId();
    long paid = ledger.entries(tenantId, bookingId).stream().filter(e -> e.entryId() == posted.entryId())
        .mapToLong(e -> e.amountOn(BookingAccounts.CASH, Posting.Side.CREDIT)).sum();
    return new Paid(provider.provider(), payoutId, provider.status().toUpperCase(Locale.ROOT), paid);
  }
}
