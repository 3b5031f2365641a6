package io.talentos.finance;

import java.util.ArrayList;
import java.util.List;

/**
 * Divides a booking's gross into escrow milestones (seed 000 §10.7: escrow milestones visible to the talent). A plan
 * gives each milestone a share in basis points (1/100 of a percent); the shares sum to 10,000 and the last milestone
 * takes the rounding rest, so the amounts always sum to the gross. No plan means one milestone, "Delivery accepted".
 */
public final class EscrowMilestones {

  /** The most milestones one booking may have. */
  public static final int MAX = 12;

  /** One planned milestone: a name and its share of the gross in basis points (1..10,000). */
  public record Share(String name, int shareBasisPoints) {}

  /** The plan cannot divide the gross; the message says why (HTTP 422 for an inquiry). */
  public static class InvalidPlanException extends IllegalArgumentException {
    InvalidPlanException(String message) {
      super(message);
    }
  }

  private EscrowMilestones() {}

  /**
   * Checks a plan.
   *
   * @throws InvalidPlanException if it has more than {@link #MAX} milestones, a blank name, a share outside 1..10,000
   *     or shares that do not sum to 10,000
   */
  public static void check(List<Share> plan) {
    if (plan == null || plan.isEmpty()) {
      return;
    }
    if (plan.size() > MAX) {
      throw new InvalidPlanException("at most " + MAX + " escrow milestones, not " + plan.size());
    }
    int sum = 0;
    for (Share s : plan) {
      if (s == null || s.name() == null || s.name().isBlank() || s.name().length() > 120) {
        throw new InvalidPlanException("every escrow milestone needs a name of at most 120 characters");
      }
      if (s.shareBasisPoints() < 1 || s.shareBasisPoints() > 10_000) {
        throw new InvalidPlanException("milestone '" + s.name() + "' has a share of " + s.shareBasisPoints()
            + " basis points; it must be 1..10000");
      }
      sum += s.shareBasisPoints();
    }
    if (sum != 10_000) {
      throw new InvalidPlanException("milestone shares sum to " + sum + " basis points, not 10000");
    }
  }

  /**
   * The milestones with their amounts in minor units, ids {@code m1, m2, …}, the last flagged.
   *
   * @throws InvalidPlanException as {@link #check}, or if a milestone's share of this gross is zero
   */
  public static List<EscrowWorkers.Milestone> of(List<Share> plan, long grossMinor) {
    check(plan);
    List<Share> shares = plan == null || plan.isEmpty() ? List.of(new Share("Delivery accepted", 10_000)) : plan;
    List<EscrowWorkers.Milestone> milestones = new ArrayList<>();
    long allocated = 0;
    for (int i = 0; i < shares.size(); i++) {
      boolean last = i == shares.size() - 1;
      long amount;
      try {
        amount = last ? grossMinor - allocated
            : Math.multiplyExact(grossMinor, (long) shares.get(i).shareBasisPoints()) / 10_000;
      } catch (ArithmeticException e) {
        throw new InvalidPlanException("a gross of " + grossMinor + " minor units is too large to divide");
      }
      if (amount <= 0) {
        throw new InvalidPlanException("milestone '" + shares.get(i).name() + "' would release nothing of "
            + grossMinor + " minor units; give it a larger share");
      }
      allocated += amount;
      milestones.add(new EscrowWorkers.Milestone("m" + (i + 1), shares.get(i).name(), amount, last));
    }
    return milestones;
  }
}
