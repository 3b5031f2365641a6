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
  /** Pays a reversed payout again, as a new attempt, after maker-checker approval (payout-failure). */
  public static final String PAY_OUT_AGAIN = "finance.pay-out-again";

  /** Sends a released booking's payout on its own way or queues it for a payout batch (booking). */
  public static final String ROUTE_PAYOUT = "finance.route-payout";
  /** Collects the queued payouts of a batch's currency (payout-batch). */
  public static final String COLLECT_PAYOUT_BATCH = "finance.collect-payout-batch";
  /** Pays one collected payout of an approved batch as automation.finance (payout-batch). */
  public static final String PAY_BATCH_ITEM = "finance.pay-batch-item";
  /** Closes a batch as PAID or PARTLY_PAID (payout-batch). */
  public static final String CLOSE_PAYOUT_BATCH = "finance.close-payout-batch";

  /** Compares a provider settlement report with the ledger (settlement-reconciliation). */
  public static final String COMPARE_SETTLEMENT = "finance.compare-settlement";

  /** Submits a refund to the provider the client paid through (refund). */
  public static final String SUBMIT_REFUND = "finance.submit-refund";
  /** Records the provider's confirmation of a refund (refund). */
  public static final String CONFIRM_REFUND = "finance.confirm-refund";
  /** Puts a refused or failed refund back on the books, held for the client (refund). */
  public static final String HOLD_REFUND = "finance.hold-refund";
  /** Records a refund finance returned by hand (refund). */
  public static final String RECORD_MANUAL_REFUND = "finance.record-manual-refund";

  /** Records a chargeback taken after the booking's money was released (chargeback). */
  public static final String RECORD_CHARGEBACK = "finance.record-chargeback";
  /** Records the provider's decision on that chargeback: won back or lost (chargeback). */
  public static final String CLOSE_CHARGEBACK = "finance.close-chargeback";

  private FinanceJobTypes() {}
}
