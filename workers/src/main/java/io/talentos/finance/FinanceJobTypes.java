package io.talentos.finance;

/** Job types of the finance capability, declared once (house style: {@code <capability>.<verb-object>}). */
public final class FinanceJobTypes {
  public static final String OPEN_ESCROW = "finance.open-escrow";
  public static final String RECORD_PAYMENT = "finance.record-payment";
  public static final String ASSESS_CANCELLATION = "finance.assess-cancellation";
  public static final String SETTLE_CANCELLATION = "finance.settle-cancellation";
  public static final String RELEASE_ESCROW = "finance.release-escrow";
  public static final String PAY_OUT = "finance.pay-out";
  public static final String RECONCILE_BOOKING = "finance.reconcile-booking";

  /** Reverses a payout the provider could not make and holds the amount for the talent (payout-failure). */
  public static final String REVERSE_PAYOUT = "finance.reverse-payout";

  /** Compares a provider settlement report with the ledger (settlement-reconciliation). */
  public static final String COMPARE_SETTLEMENT = "finance.compare-settlement";

  private FinanceJobTypes() {}
}
