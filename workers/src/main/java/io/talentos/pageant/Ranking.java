package io.talentos.pageant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Standard competition ranking (1, 1, 3) with recorded tie-breaks, shared by stage and season results (seed 000
 * §9.3 Pageant Integrity Pack).
 */
final class Ranking {

  private Ranking() {
  }

  /** A named tie-break rule; {@code betterFirst} orders the better contestant first. */
  record Rule<T>(String name, Comparator<T> betterFirst) {
  }

  /**
   * Orders {@code items} by {@code primaryBetterFirst}; groups that tie on it go through {@code rules} in order.
   * Returns blocks of items that share a rank, best block first, members by code ascending; appends every
   * tie-break decision to {@code tieBreaks}.
   */
  static <T> List<List<T>> rank(List<T> items, Function<T, String> code, Comparator<T> primaryBetterFirst,
      List<Rule<T>> rules, List<TieBreak> tieBreaks) {
    Comparator<T> byCode = Comparator.comparing(code);
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(primaryBetterFirst.thenComparing(byCode));
    List<List<T>> blocks = new ArrayList<>();
    for (List<T> group : groups(sorted, primaryBetterFirst)) {
      if (group.size() == 1) {
        blocks.add(group);
      } else {
        resolve(group, code, rules, 0, blocks, tieBreaks);
      }
    }
    return blocks;
  }

  /** Applies rules[index..] to a tied group (sorted by code). */
  private static <T> void resolve(List<T> group, Function<T, String> code, List<Rule<T>> rules, int index,
      List<List<T>> blocks, List<TieBreak> tieBreaks) {
    List<String> codes = group.stream().map(code).toList();
    if (index == rules.size()) {
      tieBreaks.add(new TieBreak(codes, TieBreak.SHARED, codes));
      blocks.add(group);
      return;
    }
    Rule<T> rule = rules.get(index);
    List<T> sorted = new ArrayList<>(group);
    sorted.sort(rule.betterFirst().thenComparing(Comparator.comparing(code)));
    List<List<T>> subgroups = groups(sorted, rule.betterFirst());
    if (subgroups.size() == 1) {
      resolve(group, code, rules, index + 1, blocks, tieBreaks);
      return;
    }
    tieBreaks.add(new TieBreak(codes, rule.name(), sorted.stream().map(code).toList()));
    for (List<T> subgroup : subgroups) {
      if (subgroup.size() == 1) {
        blocks.add(subgroup);
      } else {
        resolve(subgroup, code, rules, index + 1, blocks, tieBreaks);
      }
    }
  }

  /** Splits a sorted list into runs of items equal under {@code comparator}. */
  private static <T> List<List<T>> groups(List<T> sorted, Comparator<T> comparator) {
    List<List<T>> groups = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= sorted.size(); i++) {
      if (i == sorted.size() || comparator.compare(sorted.get(start), sorted.get(i)) != 0) {
        groups.add(List.copyOf(sorted.subList(start, i)));
        start = i;
      }
    }
    return groups;
  }
}
