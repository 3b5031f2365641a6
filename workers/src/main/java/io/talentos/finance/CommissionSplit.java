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
   * The part of this split that a release of the gross from {@code releasedBeforeMinor} up to {@code releasedAfterMinor}
   * carries (escrow milestones, partial releases). Each part is allocated cumulatively, {@code floor(part × released /
   * gross)}, and the talent takes the rest of each step, so the portions of any sequence of releases that ends at the
   * gross sum exactly to this split. Amounts beyond the gross carry nothing (an overpayment is refunded separately).
   *
   * @throws IllegalArgumentException if {@code releasedAfterMinor < releasedBeforeMinor} or either is negative
   */
  public CommissionSplit between(long releasedBeforeMinor, long releasedAfterMinor) {
    if (releasedBeforeMinor < 0 || releasedAfterMinor < releasedBeforeMinor) {
      throw new IllegalArgumentException("release range " + releasedBeforeMinor + ".." + releasedAfterMinor);
    }
    long from = Math.min(releasedBeforeMinor, grossMinor);
    long to = Math.min(releasedAfterMinor, grossMinor);
    long processor = step(processorFeeMinor, from, to);
    long platform = step(platformFeeMinor, from, to);
    long agency = step(agencyCommissionMinor, from, to);
    long agent = step(agentShareMinor, from, to);
    long manager = step(managerShareMinor, from, to);
    long talent = (to - from) - processor - platform - agency - agent - manager;
    return new CommissionSplit(to - from, currency, commissionModel, processor, platform, agency, agent, manager,
        talent);
  }

  private long step(long part, long from, long to) {
    return allocated(part, to) - allocated(part, from);
  }

  private long allocated(long part, long released) {
    if (grossMinor == 0) {
      return 0;
    }
    return java.math.BigInteger.valueOf(part).multiply(java.math.BigInteger.valueOf(released))
        .divide(java.math.BigInteger.valueOf(grossMinor)).longValueExact();
  }
}
