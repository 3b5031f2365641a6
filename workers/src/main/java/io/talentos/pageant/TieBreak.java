package io.talentos.pageant;

import java.util.List;
import java.util.Objects;

/**
 * One tie-break decision, recorded so that results can be explained and audited (seed 000 §9.3 Pageant Integrity
 * Pack: "tie-break rules recorded").
 *
 * @param contestantCodes the contestant codes that were tied, ascending
 * @param rule "criterion:&lt;key&gt;" (stage: the tie-break criterion that separated them), "stage:&lt;key&gt;"
 *     (season: the last stage's rank separated them), or {@link #SHARED} when no rule separated them and they
 *     share a rank
 * @param orderAfter the same codes in the order decided by the rule (better first); codes the rule could not
 *     separate are listed by contestant code ascending
 */
public record TieBreak(List<String> contestantCodes, String rule, List<String> orderAfter) {

  /** Rule name used when no tie-break separated the contestants: they share the rank (1, 1, 3). */
  public static final String SHARED = "SHARED";

  /** Copies the lists; throws NullPointerException for null components. */
  public TieBreak {
    contestantCodes = List.copyOf(contestantCodes);
    Objects.requireNonNull(rule, "rule");
    orderAfter = List.copyOf(orderAfter);
  }

  String canonical() {
    return "T|" + Canon.list(contestantCodes) + "|" + Canon.esc(rule) + "|" + Canon.list(orderAfter);
  }
}
