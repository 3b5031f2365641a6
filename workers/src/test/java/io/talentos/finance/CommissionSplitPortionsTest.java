package io.talentos.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CommissionSplit#between}: the portions of any sequence of partial releases are never negative, each sums to
 * its step, and together they are exactly the split (milestones and partial releases, issue 4).
 */
class CommissionSplitPortionsTest {

  @Property(tries = 1000)
  void portionsOfAnyReleaseSequence_areNonNegative_andSumExactlyToTheSplit(@ForAll("splits") CommissionSplit split,
      @ForAll("cuts") List<Long> cutsPerMillion) {
    List<Long> steps = new ArrayList<>();
    for (long perMillion : cutsPerMillion) {
      steps.add(Math.floorDiv(split.grossMinor() * perMillion, 1_000_000));
    }
    steps.add(split.grossMinor());
    steps.sort(Long::compare);
    long[] sum = new long[6];
    long before = 0;
    for (long after : steps) {
      CommissionSplit portion = split.between(before, after).requireExact();
      assertThat(portion.grossMinor()).isEqualTo(after - before);
      sum[0] += portion.processorFeeMinor();
      sum[1] += portion.platformFeeMinor();
      sum[2] += portion.agencyCommissionMinor();
      sum[3] += portion.agentShareMinor();
      sum[4] += portion.managerShareMinor();
      sum[5] += portion.talentNetMinor();
      before = after;
    }
    assertThat(sum).containsExactly(split.processorFeeMinor(), split.platformFeeMinor(),
        split.agencyCommissionMinor(), split.agentShareMinor(), split.managerShareMinor(), split.talentNetMinor());
  }

  @Example
  void aTwoPaiseStepAtTheEnd_carriesNoNegativePart() {
    var split = new CommissionSplit(1_000_000, "INR", "MULTI_PARTY", 20_000, 25_000, 150_000, 50_000, 30_000,
        725_000);
    CommissionSplit last = split.between(999_998, 1_000_000).requireExact();
    assertThat(last.grossMinor()).isEqualTo(2);
    CommissionSplit half = split.between(0, 500_000).requireExact();
    assertThat(half.agencyCommissionMinor()).isEqualTo(75_000); // proportional where the numbers divide
    assertThat(half.talentNetMinor()).isEqualTo(362_500);
  }

  @Provide
  Arbitrary<CommissionSplit> splits() {
    Arbitrary<Long> gross = Arbitraries.longs().between(1, 5_000_000_000L);
    Arbitrary<Integer> perMille = Arbitraries.integers().between(0, 200);
    return Combinators.combine(gross, perMille, perMille, perMille, perMille, perMille).as((g, a, b, c, d, e) -> {
      long[] parts = {g * a / 1000, g * b / 1000, g * c / 1000, g * d / 1000, g * e / 1000};
      long talent = g - parts[0] - parts[1] - parts[2] - parts[3] - parts[4];
      return new CommissionSplit(g, "INR", "MULTI_PARTY", parts[0], parts[1], parts[2], parts[3], parts[4], talent);
    });
  }

  @Provide
  Arbitrary<List<Long>> cuts() {
    return Arbitraries.longs().between(0, 1_000_000).list().ofMaxSize(12);
  }
}
