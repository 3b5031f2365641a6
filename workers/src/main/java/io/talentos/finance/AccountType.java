package io.talentos.finance;

/**
 * The kind of a ledger account, which decides its normal side: assets and expenses grow with debits, liabilities
 * and revenue with credits. A balance is reported on the normal side, so a positive balance is the usual state.
 */
public enum AccountType {
  ASSET(true),
  EXPENSE(true),
  LIABILITY(false),
  REVENUE(false);

  private final boolean debitNormal;

  AccountType(boolean debitNormal) {
    this.debitNormal = debitNormal;
  }

  /** Balance on the normal side, from the sums of debits and credits (minor units). */
  public long balance(long debitsMinor, long creditsMinor) {
    return debitNormal ? debitsMinor - creditsMinor : creditsMinor - debitsMinor;
  }
}
