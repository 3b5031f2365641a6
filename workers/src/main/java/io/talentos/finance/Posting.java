package io.talentos.finance;

/**
 * One line of a journal entry: an amount debited or credited to one account.
 *
 * @param accountCode the account, e.g. {@code client-escrow:<bookingId>} or {@code cash}
 * @param accountType its kind; an account keeps the type it was opened with
 * @param side {@link Side#DEBIT} or {@link Side#CREDIT}
 * @param amountMinor strictly positive, in minor units of {@code currency}
 * @param currency ISO 4217 code
 */
public record Posting(String accountCode, AccountType accountType, Side side, long amountMinor, String currency) {

  /** Debit or credit. */
  public enum Side { DEBIT, CREDIT }

  /** @throws IllegalArgumentException for a blank account, a non-positive amount or an unknown currency */
  public Posting {
    if (accountCode == null || accountCode.isBlank()) {
      throw new IllegalArgumentException("posting needs an account code");
    }
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("posting amount must be positive, got " + amountMinor + " on " + accountCode);
    }
    currency = Money.requireCurrency(currency);
  }

  /** A debit of {@code amount} to the account. */
  public static Posting debit(String accountCode, AccountType type, Money amount) {
    return new Posting(accountCode, type, Side.DEBIT, amount.amountMinor(), amount.currency());
  }

  /** A credit of {@code amount} to the account. */
  public static Posting credit(String accountCode, AccountType type, Money amount) {
    return new Posting(accountCode, type, Side.CREDIT, amount.amountMinor(), amount.currency());
  }

  /** This posting on the other side, for a reversing entry. */
  public Posting reversed() {
    return new Posting(accountCode, accountType, side == Side.DEBIT ? Side.CREDIT : Side.DEBIT, amountMinor, currency);
  }
}
