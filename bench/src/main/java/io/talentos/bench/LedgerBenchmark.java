package io.talentos.bench;

import io.talentos.finance.AccountType;
import io.talentos.finance.JournalEntry;
import io.talentos.finance.Ledger;
import io.talentos.isolation.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ledger throughput: journal entries per second with N concurrent writers (each entry: a payment capture with a
 * processor fee, 3 postings, its own idempotency key), and the ceiling of the same database measured the same way:
 * single-row inserts per second with N writers through the same tenant-scoped pool (table {@code bench_insert}).
 */
final class LedgerBenchmark {

  private final Ledger ledger;
  private final JdbcTemplate jdbc;

  LedgerBenchmark(Ledger ledger, JdbcTemplate jdbc) {
    this.ledger = ledger;
    this.jdbc = jdbc;
  }

  double entriesPerSecond(int writers, int seconds) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    double rate = measure(writers, seconds, (writer, i) ->
        ledger.post(capture("bench-" + run + "-" + writer + "-" + i, 10_000)));
    System.out.printf("Ledger: %,.0f journal entries/s with %d writers%n", rate, writers);
    return rate;
  }

  double insertsPerSecond(int writers, int seconds) throws Exception {
    double rate = measure(writers, seconds, (writer, i) ->
        jdbc.update("insert into bench_insert (writer, payload) values (?, ?)", writer, "row " + i));
    System.out.printf("PostgreSQL ceiling: %,.0f single-row inserts/s with %d writers%n", rate, writers);
    return rate;
  }

  /** A payment capture with a processor fee: the journal entry the ledger benchmark posts (3 postings). */
  private static JournalEntry capture(String key, long amount) {
    return JournalEntry.builder("demo", key, "BENCH", "bench", "bench capture")
        .debit("cash", AccountType.ASSET, amount - 100, "INR").debit("processor-fee:bench", AccountType.EXPENSE, 100, "INR")
        .credit("client-escrow:bench", AccountType.LIABILITY, amount, "INR").build();
  }

  private interface Work {
    void run(int writer, long iteration);
  }

  private static double measure(int writers, int seconds, Work work) throws Exception {
    AtomicLong count = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          try (TenantScope.Binding demo = TenantScope.bind("demo")) { // as the demo tenant's jobs would
            for (long i = 0; System.nanoTime() < deadline; i++) {
              work.run(writer, i);
              count.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return count.get() / ((System.nanoTime() - started) / 1e9);
  }
}
