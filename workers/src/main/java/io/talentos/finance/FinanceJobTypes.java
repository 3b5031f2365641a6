package io.talentos.finance;

/** Job types of the finance capability, declared once (house style: {@code <capability>.<verb-object>}). */
public final class FinanceJobTypes {
  public static final String OPEN_ESCROW = "finance.open-escrow";
  public static final String RECORD_PAYMENT = "finance.record-payment";
  public static final String ASSESS_CANCELLATION = "finance.assess-cancellation";
  public static final String SETTLE_CANCELLATION = "finance.settle-cancellation";
  /** Phase one of a milestone release: reserve a pending transfer (escrow-release). */
  public static final String RESERVE_RELEASE = "finance.reserve-release";
  /** Phase two: post the pending transfer by the commission split. */
  public static final String POST_RELEASE = "finance.post-release";
  /** Phase two, the other way: void the pending transfer back into escrow. */
  public static final String VOID_RELEASE = "finance.void-release";
  /** A chargeback locks the escrow: void every pending milestone reservation of the booking. */
  public static final String VOID_PENDING_RELEASES = "finance.void-pending-releases";
  public static final String PAY_OUT = "finance.pay-out";
  public static final String RECONCILE_BOOKING = "finance.reconcile-booking";

  /** Reverses a payout the provider could not make and holds the amount for the talent (payout-failure). */
  public static final String REVERSE_PAYOUT = "finance.reverse-payout";

  /** Compares a provider settlement report with the ledger (settlement-reconciliation). */
  public static final String COMPARE_SETTLEMENT = "finance.compare-settlement";

  private FinanceJobTypes() {}
}
