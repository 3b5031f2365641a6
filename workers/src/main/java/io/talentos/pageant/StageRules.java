package io.talentos.pageant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scoring rules of one pageant stage: weighted criteria, the score scale, whether the highest and lowest judge
 * are dropped, and the tie-break criteria in priority order (seed 000 §9.3 Pageant Integrity Pack; seed 002 §3.4).
 *
 * @param criteria the criteria of the scorecard, at least one; keys unique, weights in percent summing to 100
 * @param scaleMin the lowest score a judge may give per criterion, 0 &le; scaleMin &lt; scaleMax
 * @param scaleMax the highest score a judge may give per criterion, at most 100
 * @param dropHighLow drop one highest and one lowest judge total when a contestant has at least 3 judge totals
 * @param tieBreakCriteria criterion keys, highest priority first, used when stage means are equal
 */
public record StageRules(List<Criterion> criteria, int scaleMin, int scaleMax, boolean dropHighLow,
    List<String> tieBreakCriteria) {

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /**
   * One criterion of the scorecard (seed 000 §9.3).
   *
   * @param key stable key matching {@code [a-z][a-z0-9_]{0,39}}, used in scorecards and tie-break rules
   * @param label the name shown to judges, not blank
   * @param weightPercent weight in percent, 1..100; the weights of a stage sum to exactly 100
   */
  public record Criterion(String key, String label, int weightPercent) {
  }

  /**
   * Validates the rules and throws one {@link InvalidRulesException} that lists every problem: no criterion, a key
   * not matching {@code [a-z][a-z0-9_]{0,39}}, a duplicate key, a blank label, a weight outside 1..100, weights not
   * summing to 100, a scale outside 0 &le; scaleMin &lt; scaleMax &le; 100, or an unknown/duplicate tie-break key.
   */
  public StageRules {
    List<String> problems = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    if (criteria == null || criteria.isEmpty()) {
      problems.add("at least one criterion is required");
    } else {
      long weightSum = 0;
      for (int i = 0; i < criteria.size(); i++) {
        Criterion c = criteria.get(i);
        if (c == null) {
          problems.add("criterion #" + (i + 1) + " is null");
          continue;
        }
        String where = "criterion #" + (i + 1) + (c.key() == null ? "" : " '" + c.key() + "'");
        if (c.key() == null || !KEY.matcher(c.key()).matches()) {
          problems.add(where + ": key must match [a-z][a-z0-9_]{0,39}");
        }
        if (c.key() != null && !keys.add(c.key())) {
          problems.add(where + ": duplicate key");
        }
        if (c.label() == null || c.label().isBlank()) {
          problems.add(where + ": label must not be blank");
        }
        if (c.weightPercent() < 1 || c.weightPercent() > 100) {
          problems.add(where + ": weightPercent " + c.weightPercent() + " is outside 1..100");
        }
        weightSum += c.weightPercent();
      }
      if (weightSum != 100) {
        problems.add("criterion weights sum to " + weightSum + ", not 100");
      }
    }
    if (scaleMin < 0 || scaleMin >= scaleMax || scaleMax > 100) {
      problems.add("scale " + scaleMin + ".." + scaleMax + " must satisfy 0 <= scaleMin < scaleMax <= 100");
    }
    if (tieBreakCriteria == null) {
      problems.add("tieBreakCriteria must not be null (use an empty list)");
    } else {
      Set<String> seen = new HashSet<>();
      for (String key : tieBreakCriteria) {
        if (key == null) {
          problems.add("tie-break criterion is null");
        } else if (!keys.contains(key)) {
          problems.add("tie-break criterion '" + key + "' is not a criterion key");
        } else if (!seen.add(key)) {
          problems.add("tie-break criterion '" + key + "' is listed twice");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRulesException(problems);
    }
    criteria = List.copyOf(criteria);
    tieBreakCriteria = List.copyOf(tieBreakCriteria);
  }

  /**
   * Checks one scorecard: {@code criterionScores} (criterion key to score, in scale units) must have exactly the
   * criterion keys, each score within [scaleMin, scaleMax] (seed 000 §9.3).
   *
   * @throws InvalidScoreException listing every missing, unknown, null or out-of-range score
   */
  public void check(Map<String, Integer> criterionScores) {
    if (criterionScores == null) {
      throw new InvalidScoreException(List.of("criterion scores are missing"));
    }
    List<String> problems = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Criterion c : criteria) {
      known.add(c.key());
      if (!criterionScores.containsKey(c.key())) {
        problems.add("missing score for criterion '" + c.key() + "'");
        continue;
      }
      Integer score = criterionScores.get(c.key());
      if (score == null) {
        problems.add("score for criterion '" + c.key() + "' is null");
      } else if (score < scaleMin || score > scaleMax) {
        problems.add("score " + score + " for criterion '" + c.key() + "' is outside " + scaleMin + ".." + scaleMax);
      }
    }
    criterionScores.keySet().stream()
        .filter(key -> !known.contains(key))
        .sorted(Comparator.nullsFirst(Comparator.naturalOrder()))
        .forEach(key -> problems.add("unknown criterion '" + key + "'"));
    if (!problems.isEmpty()) {
      throw new InvalidScoreException(problems);
    }
  }

  /** The weight in percent of criterion {@code key}; throws IllegalArgumentException for an unknown key. */
  public int weightPercent(String key) {
    for (Criterion c : criteria) {
      if (c.key().equals(key)) {
        return c.weightPercent();
      }
    }
    throw new IllegalArgumentException("unknown criterion '" + key + "'");
  }

  private static String describe(String what, List<String> problems) {
    StringBuilder message = new StringBuilder(what).append(" (").append(problems.size())
        .append(problems.size() == 1 ? " problem): " : " problems): ");
    for (int i = 0; i < problems.size(); i++) {
      message.append(i == 0 ? "" : "; ").append(i + 1).append(". ").append(problems.get(i));
    }
    return message.toString();
  }

  /** Invalid stage rules; the message and {@link #problems()} list every problem found (seed 000 §9.3). */
  public static final class InvalidRulesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial")
    private final List<String> problems;

    /** Creates the exception from a non-empty list of problems. */
    public InvalidRulesException(List<String> problems) {
      super(describe("invalid stage rules", problems));
      this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order checked. */
    public List<String> problems() {
      return problems;
    }
  }

  /** An invalid scorecard; the message and {@link #problems()} list every problem found (seed 000 §9.3). */
  public static final class InvalidScoreException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial")
    private final List<String> problems;

    /** Creates the exception from a non-empty list of problems. */
    public InvalidScoreException(List<String> problems) {
      this("invalid scorecard", problems);
    }

    /** Creates the exception with a context such as "scorecard &lt;scoreId&gt; (judge j1, contestant C07)". */
    public InvalidScoreException(String context, List<String> problems) {
      super(describe(context, problems));
      this.problems = List.copyOf(problems);
    }

    /** Every problem found: missing, unknown, null or out-of-range criterion scores. */
    public List<String> problems() {
      return problems;
    }
  }
}
