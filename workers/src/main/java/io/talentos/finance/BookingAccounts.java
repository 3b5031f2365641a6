package io.talentos.finance;

/**
 * The chart of accounts for one booking (seed 000 §10.3, §10.7). Account codes carry the booking id, so a booking's
 * balances are one query away; {@code cash} is the tenant's money at its payment processor or bank, per currency.
 */
public final class BookingAccounts {

  /** The tenant's cash at the processor or bank (asset). */
  public static final String CASH = "cash";

  private BookingAccounts() {}

  /** Money the client paid and the platform holds for this booking until release (liability). */
  public static String clientEscrow(String bookingId) {
    return "client-escrow:" + bookingId;
  }

  /** What the booking owes the talent after the split (liability). */
  public static String talentPayable(String bookingId) {
    return "talent-payable:" + bookingId;
  }

  /** What the booking owes the agent in a multi-party split (liability). */
  public static String agentPayable(String bookingId) {
    return "agent-payable:" + bookingId;
  }

  /** What the booking owes the talent manager in a multi-party split (liability). */
  public static String managerPayable(String bookingId) {
    return "manager-payable:" + bookingId;
  }

  /** The agency's commission and cancellation penalties (revenue). */
  public static String agencyRevenue(String bookingId) {
    return "agency-revenue:" + bookingId;
  }

  /** The platform's take (revenue). */
  public static String platformFee(String bookingId) {
    return "platform-fee:" + bookingId;
  }

  /** The processor's fee on captured payments, until the split recovers it from the payees (expense). */
  public static String processorFee(String bookingId) {
    return "processor-fee:" + bookingId;
  }

  /** The pending side of a two-phase release: reserved for a milestone until posted or voided (liability). */
  public static String escrowPending(String bookingId) {
    return "escrow-pending:" + bookingId;
  }

  /** Escrow frozen by an open dispute; nothing is released or paid out of it until the decision (liability). */
  public static String disputeHold(String bookingId) {
    return "dispute-hold:" + bookingId;
  }

  /**
   * Commission recognised on the invoice but not yet released from escrow (ACCRUAL mode, seed 000 §10.6; asset):
   * releases clear it, a booking that ends with some of it left reverses the rest.
   */
  public static String commissionReceivable(String bookingId) {
    return "commission-receivable:" + bookingId;
  }

  /**
   * A refund the provider refused or failed to make: owed to the client again and held until finance returns it by
   * hand (liability; issue 4, refund compensation).
   */
  public static String refundOnHold(String bookingId) {
    return "refund-on-hold:" + bookingId;
  }

  /**
   * A chargeback the provider took from the tenant's balance after the booking's money was released: claimed back
   * until the provider decides (asset; issue 4, chargeback after release).
   */
  public static String chargebackReceivable(String bookingId) {
    return "chargeback-receivable:" + bookingId;
  }

  /** A chargeback lost after release: the agency's loss (expense). */
  public static String chargebackLoss(String bookingId) {
    return "chargeback-loss:" + bookingId;
  }
}
