package io.talentos.finance;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts in words for invoices (CGST Rules, rule 46 asks for the value; Indian practice writes it in words with
 * lakh and crore). Uses ICU's spell-out rules for en_IN, so 1,77,000.50 INR reads "Rupees one lakh seventy-seven
 * thousand and fifty paise only"; other currencies write their minor units as a fraction ("US Dollar five and
 * 50/100 only").
 */
public final class AmountInWords {

  private AmountInWords() {}

  /**
   * The amount in words.
   *
   * @param minor the amount in minor units of {@code currency}
   * @param currency an ISO 4217 code
   * @throws IllegalArgumentException for an unknown currency or a negative amount
   */
  public static String of(long minor, String currency) {
    if (minor < 0) {
      throw new IllegalArgumentException("Amounts in words are for non-negative amounts, got " + minor);
    }
    Currency unit = Currency.getInstance(currency);
    long scale = (long) Math.pow(10, Math.max(0, unit.getDefaultFractionDigits()));
    RuleBasedNumberFormat words = new RuleBasedNumberFormat(new ULocale("en_IN"), RuleBasedNumberFormat.SPELLOUT);
    long major = minor / scale;
    long fraction = minor % scale;
    boolean rupees = "INR".equals(currency);
    StringBuilder text = new StringBuilder(rupees ? "Rupees " : unit.getDisplayName(Locale.ENGLISH) + " ")
        .append(words.format(major));
    if (fraction > 0) { // paise in words; other currencies' minor units as a fraction (50/100, 500/1000)
      text.append(" and ").append(rupees ? words.format(fraction) + " paise" : fraction + "/" + scale);
    }
    return text.append(" only").toString();
  }
}
