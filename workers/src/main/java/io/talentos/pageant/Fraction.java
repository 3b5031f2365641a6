package io.talentos.pageant;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact fraction {@code numerator / denominator}, always reduced to lowest terms with a positive denominator, so
 * that equal values are equal records. Scores that decide rankings are compared with it by cross-multiplication,
 * never with doubles (seed 000 §9.3 Pageant Integrity Pack: deterministic, reproducible results).
 */
record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {

  static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

  Fraction {
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if (denominator.signum() == 0) {
      throw new ArithmeticException("denominator is zero");
    }
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    BigInteger gcd = numerator.gcd(denominator);
    if (gcd.signum() != 0 && !gcd.equals(BigInteger.ONE)) {
      numerator = numerator.divide(gcd);
      denominator = denominator.divide(gcd);
    }
  }

  static Fraction of(long numerator, long denominator) {
    return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  Fraction plus(Fraction other) {
    return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
        denominator.multiply(other.denominator));
  }

  Fraction minus(Fraction other) {
    return plus(new Fraction(other.numerator.negate(), other.denominator));
  }

  Fraction times(long factor) {
    return new Fraction(numerator.multiply(BigInteger.valueOf(factor)), denominator);
  }

  Fraction dividedBy(long divisor) {
    return new Fraction(numerator, denominator.multiply(BigInteger.valueOf(divisor)));
  }

  /** Cross-multiplication: {@code a/b <=> c/d} iff {@code a*d <=> c*b} (denominators are positive). */
  @Override
  public int compareTo(Fraction other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  /** The value rounded HALF_EVEN to {@code scale} decimals, as plain text (e.g. "8.6667"). */
  String toDecimal(int scale) {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), scale, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /** The value as a double (display and anomaly statistics only, never rankings). */
  double toDouble() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), 20, RoundingMode.HALF_EVEN).doubleValue();
  }
}
