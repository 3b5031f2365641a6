package io.talentos.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the TalentOS benchmarks and prints their figures: bookings end to end on the embedded default, the same BPMN
 * on the bare engine with no-op workers, escrow releases and signed webhooks per second (issue 4), and ledger journal
 * entries per second with 16 writers, each next to PostgreSQL's single-row insert rate with 16 writers measured on the
 * same database in the same run. Figures are printed, never asserted.
 */
public final class Benchmarks {

  private Benchmarks() {}

  /** One measured run: how many flows, how long, and the latency of each (milliseconds). */
  record Run(String name, int flows, double seconds, long[] latenciesMs) {
    double perSecond() {
      return flows / seconds;
    }

    long percentile(double p) {
      long[] sorted = latenciesMs.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
  }

  /**
   * Runs {@code count} flows, at most {@code concurrency} at a time on virtual threads, printing progress every 10%.
   *
   * @param flow runs one flow to its end and returns its latency in milliseconds
   */
  static Run drive(int count, int concurrency, String name, Callable<Long> flow) throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    AtomicLong done = new AtomicLong();
    List<Future<Long>> results = new ArrayList<>();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        slots.acquire();
        results.add(pool.submit(() -> {
          try {
            long latency = flow.call();
            long finished = done.incrementAndGet();
            if (finished % Math.max(1, count / 10) == 0) {
              System.out.printf("  %s: %d/%d flows done%n", name, finished, count);
            }
            return latency;
          } finally {
            slots.release();
          }
        }));
      }
      long[] latencies = new long[count];
      for (int i = 0; i < count; i++) {
        latencies[i] = results.get(i).get();
      }
      return new Run(name, count, (System.nanoTime() - started) / 1e9, latencies);
    }
  }

  /** Runs every benchmark with the sizes given as system properties. */
  public static void main(String[] args) throws Exception {
    int bookings = Integer.getInteger("bench.bookings", 200);
    int concurrency = Integer.getInteger("bench.concurrency", 16);
    int ledgerSeconds = Integer.getInteger("bench.ledger.seconds", 10);
    System.out.printf("TalentOS benchmarks: %d bookings, %d concurrent clients, ledger %d s, %d cores, JDK %s%n",
        bookings, concurrency, ledgerSeconds, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      PlatformBenchmark.Result platform = PlatformBenchmark.run(postgres, bookings, concurrency, ledgerSeconds);
      Run bare = BareEngineBenchmark.run(bookings, concurrency);
      print(List.of(platform.bookings(), bare, platform.releases(), platform.webhooks(),
          platform.pageant().scorecards()));
      System.out.printf("Platform overhead: the bare engine completes %.1fx as many flows per second as TalentOS%n",
          bare.perSecond() / platform.bookings().perSecond());
      double ceiling = platform.insertCeilingPerSecond();
      System.out.printf("PostgreSQL ceiling (same database, same run): %,.0f single-row inserts/s with 16 writers%n",
          ceiling);
      System.out.printf("Ledger: %,.0f journal entries/s (3 postings each) with 16 writers = %.0f%% of the ceiling%n",
          platform.ledgerEntriesPerSecond(), 100 * platform.ledgerEntriesPerSecond() / ceiling);
      System.out.printf("Escrow releases: %,.1f/s end to end (%d concurrent) = %.2f%% of the ceiling%n",
          platform.releases().perSecond(), concurrency, 100 * platform.releases().perSecond() / ceiling);
      System.out.printf("Webhooks: %,.1f/s with 10%% repeats (%d concurrent) = %.1f%% of the ceiling%n",
          platform.webhooks().perSecond(), concurrency, 100 * platform.webhooks().perSecond() / ceiling);
      System.out.printf("Pageant: %,.1f scorecards/s into one season (%d concurrent judges' requests); verifying its "
          + "chain of %d rows took %d ms%n", platform.pageant().scorecards().perSecond(), concurrency,
          platform.pageant().rows(), platform.pageant().verifyMillis());
    }
    System.exit(0); // a library timer thread (non-daemon) would otherwise keep the JVM alive
  }

  private static void print(List<Run> runs) {
    System.out.printf("%n%-44s %8s %10s %10s %10s%n", "run", "flows", "flows/s", "p50 ms", "p99 ms");
    for (Run run : runs) {
      System.out.printf("%-44s %8d %10.1f %10d %10d%n", run.name(), run.flows(), run.perSecond(), run.percentile(50),
          run.percentile(99));
    }
    System.out.println();
  }
}
