package io.talentos.finance;

/**
 * The result of the DMN decision {@code commission-split} (decisions/finance/commission-split.dmn, seed 000 §10.5):
 * how a booking's gross is divided. All amounts are minor units of {@code currency}; the parts sum to the gross.
 */
public record CommissionSplit(long grossMinor, String currency, String commissionModel, long processorFeeMinor,
    long platformFeeMinor, long agencyCommissionMinor, long agentShareMinor, long managerShareMinor,
    long talentNetMinor) {

  /** The sum of every part, which must equal {@link #grossMinor()}. */
  public long sumOfParts() {
    return Math.addExact(Math.addExact(Math.addExact(processorFeeMinor, platformFeeMinor),
        Math.addExact(agencyCommissionMinor, agentShareMinor)), Math.addExact(managerShareMinor, talentNetMinor));
  }

  /**
   * Checks that the split is one the ledger may post.
   *
   * @throws IllegalStateException if a part is negative or the parts do not sum to the gross
   */
  public CommissionSplit requireExact() {
    if (processorFeeMinor < 0 || platformFeeMinor < 0 || agencyCommissionMinor < 0 || agentShareMinor < 0
        || managerShareMinor < 0 || talentNetMinor < 0) {
      throw new IllegalStateException("commission split has a negative part: " + this);
    }
    if (sumOfParts() != grossMinor) {
      throw new IllegalStateException("commission split parts sum to " + sumOfParts() + ", not the gross "
          + grossMinor + ": " + this);
    }
    return this;
  }

  /**
   * The part of this split that a release of the gross from {@code releasedBeforeMinor} up to
   * {@code releasedAfterMinor} carries (escrow milestones, partial releases): for every part, what is allocated of
   * the amount released after minus what is allocated of the amount released before. The allocation of a released
   * amount {@code r} takes the parts in turn, each {@code floor(part × rest / (sum of this and the later parts))} of
   * what the earlier parts left, and the talent takes the final rest. Every part's allocation then only grows as
   * {@code r} grows (so no portion is ever negative, however small the step), the parts of a portion sum to its
   * amount, and at the gross each part is exactly its share of this split; so the portions of any sequence of
   * releases that ends at the gross sum exactly to this split. Amounts beyond the gross carry nothing (an
   * overpayment is refunded separately).
   *
   * @throws IllegalArgumentException if {@code releasedAfterMinor < releasedBeforeMinor} or either is negative
   */
  public CommissionSplit between(long releasedBeforeMinor, long releasedAfterMinor) {
    if (releasedBeforeMinor < 0 || releasedAfterMinor < releasedBeforeMinor) {
      throw new IllegalArgumentException("release range " + releasedBeforeMinor + ".." + releasedAfterMinor);
    }
    long from = Math.min(releasedBeforeMinor, grossMinor);
    long to = Math.min(releasedAfterMinor, grossMinor);
    long[] before = allocated(from);
    long[] after = allocated(to);
    return new CommissionSplit(to - from, currency, commissionModel, after[0] - before[0], after[1] - before[1],
        after[2] - before[2], after[3] - before[3], after[4] - before[4], after[5] - before[5]);
  }

  /** Processor fee, platform fee, agency, agent, manager and talent allocated of {@code released} (≤ gross). */
  private long[] allocated(long released) {
    long[] parts = {processorFeeMinor, platformFeeMinor, agencyCommissionMinor, agentShareMinor, managerShareMinor};
    long[] result = new long[parts.length + 1];
    long rest = released;
    long remainingShares = grossMinor;
    for (int i = 0; i < parts.length; i++) {
      result[i] = remainingShares <= 0 ? 0 : java.math.BigInteger.valueOf(parts[i])
          .multiply(java.math.BigInteger.valueOf(rest)).divide(java.math.BigInteger.valueOf(remainingShares))
          .longValueExact();
      rest -= result[i];
      remainingShares -= parts[i];
    }
    result[parts.length] = rest;
    return result;
  }
}
