package io.talentos.finance;

import java.util.Currency;

/**
 * An amount of money: integer minor units (paise for INR, cents for USD) and an ISO 4217 currency code. Never a
 * floating-point number.
 *
 * @param amountMinor the amount in minor units; may be negative only where a balance is meant
 * @param currency ISO 4217 code, e.g. {@code INR}
 */
public record Money(long amountMinor, String currency) {

  /** @throws IllegalArgumentException if the currency is not an ISO 4217 code */
  public Money {
    currency = requireCurrency(currency);
  }

  /** Checks and normalises an ISO 4217 code. @throws IllegalArgumentException for an unknown code */
  public static String requireCurrency(String code) {
    if (code == null || code.length() != 3) {
      throw new IllegalArgumentException("currency must be a 3-letter ISO 4217 code, got '" + code + "'");
    }
    try {
      return Currency.getInstance(code.toUpperCase()).getCurrencyCode();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown ISO 4217 currency '" + code + "'");
    }
  }
}
