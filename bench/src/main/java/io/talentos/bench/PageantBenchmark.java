package io.talentos.bench;

import io.talentos.engine.EngineClock;
import io.talentos.isolation.TenantScope;
import io.talentos.pageant.PageantService;
import io.talentos.pageant.ScoreChain;
import io.talentos.pageant.StageRules;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6's scoring figures on the embedded default: blind scorecards per second into one season (each one a row of
 * the season's hash chain, signed with the judge's Ed25519 key, appended under the season's row lock, so one season's
 * scorecards are serialised by design), and how long verifying that chain takes.
 */
final class PageantBenchmark {

  /** The scorecard run and the chain's verification time (milliseconds) with its row count. */
  record Result(Benchmarks.Run scorecards, long verifyMillis, int rows) {}

  private final PageantService pageants;
  private final EngineClock clock;

  PageantBenchmark(ConfigurableApplicationContext app) {
    pageants = app.getBean(PageantService.class);
    clock = app.getBean(EngineClock.class);
  }

  /** {@code judges} judges score {@code contestants} contestants once each, {@code concurrency} at a time. */
  Result run(int judges, int contestants, int concurrency) throws Exception {
    UUID season;
    List<String> codes = new ArrayList<>();
    try (TenantScope.Binding demo = TenantScope.bind("demo")) {
      StageRules rules = new StageRules(List.of(new StageRules.Criterion("poise", "Poise", 60),
          new StageRules.Criterion("talk", "Talk", 40)), 1, 10, true, List.of("talk"));
      season = pageants.createSeason("demo", "bench.director", new PageantService.SeasonRequest("Bench season",
          clock.now().plus(Duration.ofDays(1)), LocalDate.ofInstant(clock.now(), ZoneOffset.UTC), 16, 40, List.of(), 0,
          List.of(), "INR", clock.now().plus(Duration.ofDays(2)), List.of(new PageantService.StageRequest("heat",
              "Heat", 100, rules)))).seasonId();
      pageants.open("demo", "bench.director", season);
      for (int i = 0; i < contestants; i++) {
        var registration = pageants.register("demo", "bench.director", season, new PageantService.RegistrationRequest(
            "Contestant " + i, LocalDate.of(2000, 1, 1), "Goa", 0));
        codes.add(pageants.verify("demo", "bench.director", registration.registrationId(), false).contestantCode());
      }
      for (int j = 0; j < judges; j++) {
        pageants.assignJudge("demo", "bench.director", season, "heat", "bench.judge" + j);
      }
      pageants.closeRegistration("demo", season);
      while (!"SCORING".equals(pageants.stage("demo", season, "heat").status())) {
        Thread.sleep(20);
      }
    }
    UUID id = season;
    AtomicInteger next = new AtomicInteger();
    Benchmarks.Run run = Benchmarks.drive(judges * contestants, concurrency, "Pageant scorecards (chained, signed)",
        () -> {
          int n = next.getAndIncrement();
          try (TenantScope.Binding demo = TenantScope.bind("demo")) {
            long t0 = System.nanoTime();
            pageants.score("demo", "bench.judge" + n % judges, id, "heat", codes.get(n / judges),
                Map.of("poise", 1 + n % 10, "talk", 1 + (n / 3) % 10), null);
            return (System.nanoTime() - t0) / 1_000_000;
          }
        });
    try (TenantScope.Binding demo = TenantScope.bind("demo")) {
      long t0 = System.nanoTime();
      ScoreChain.Verification verification = pageants.verifyChain("demo", id);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (!verification.intact()) {
        throw new IllegalStateException("the bench chain does not verify: " + verification.problem());
      }
      return new Result(run, millis, verification.rowsChecked());
    }
  }
}
