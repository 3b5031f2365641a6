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
}
