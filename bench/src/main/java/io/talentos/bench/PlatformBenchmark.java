package io.talentos.bench;

import io.talentos.TalentOsApplication;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.engine.EngineClock;
import io.talentos.engine.EngineEpoch;
import io.talentos.engine.EngineJournal;
import io.talentos.engine.MessageCorrelation;
import io.talentos.finance.AccountType;
import io.talentos.finance.JournalEntry;
import io.talentos.finance.Ledger;
import io.talentos.finance.Money;
import io.talentos.tasklist.TaskList;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bookings end to end on the embedded default (engine, PostgreSQL, journal, task list, ledger), driven by an automated
 * client through the same services the REST API calls: it sends each message once the booking waits for it and
 * completes each task once it is open, as people and systems would. Latency is inquiry to reconciled payout.
 */
final class PlatformBenchmark {

  /** The booking run and the ledger figures measured on the same database. */
  record Result(Benchmarks.Run bookings, double ledgerEntriesPerSecond, double insertCeilingPerSecond) {}

  private final BookingService bookings;
  private final MessageCorrelation messages;
  private final TaskList tasks;
  private final EngineClock clock;
  private final EngineJournal journal;
  private final JdbcTemplate jdbc;
  private final String epoch;

  private PlatformBenchmark(ConfigurableApplicationContext app) {
    bookings = app.getBean(BookingService.class);
    messages = app.getBean(MessageCorrelation.class);
    tasks = app.getBean(TaskList.class);
    clock = app.getBean(EngineClock.class);
    journal = app.getBean(EngineJournal.class);
    jdbc = app.getBean(JdbcTemplate.class);
    epoch = app.getBean(EngineEpoch.class).value();
  }

  static Result run(EmbeddedPostgres postgres, int count, int concurrency, int ledgerSeconds) throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TalentOsApplication.class).properties(
        "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"), "spring.datasource.username=postgres",
        "spring.datasource.password=postgres", "server.port=0", "logging.level.root=WARN",
        "logging.level.io.talentos=WARN", "spring.datasource.hikari.maximum-pool-size=24").run()) {
      PlatformBenchmark bench = new PlatformBenchmark(app);
      System.out.println("Platform: warming up with " + Math.max(10, count / 10) + " bookings");
      bench.drive(Math.max(10, count / 10), concurrency, "warm-up");
      Benchmarks.Run run = bench.drive(count, concurrency, "TalentOS booking, inquiry to payout");
      LedgerBenchmark ledger = new LedgerBenchmark(app.getBean(Ledger.class), bench.jdbc);
      double entries = ledger.entriesPerSecond(8, ledgerSeconds);
      double ceiling = ledger.insertsPerSecond(8, ledgerSeconds);
      return new Result(run, entries, ceiling);
    }
  }

  private Benchmarks.Run drive(int count, int concurrency, String name) throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    AtomicLong done = new AtomicLong();
    List<Future<Long>> results = new ArrayList<>();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        slots.acquire();
        results.add(pool.submit(() -> {
          try {
            long latency = oneBooking();
            long finished = done.incrementAndGet();
            if (finished % Math.max(1, count / 10) == 0) {
              System.out.printf("  %s: %d/%d bookings reconciled%n", name, finished, count);
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
      return new Benchmarks.Run(name, count, (System.nanoTime() - started) / 1e9, latencies);
    }
  }

  private long oneBooking() throws InterruptedException {
    long t0 = System.nanoTime();
    Instant start = clock.now().plus(30, ChronoUnit.DAYS);
    UUID id = bookings.start("demo", "bench.booker", new Inquiry("talent-" + UUID.randomUUID(), "Bench Client",
        start, start.plus(8, ChronoUnit.HOURS), "Bench shoot", new Money(10_000_000, "INR"), "PERCENTAGE", null))
        .bookingId();
    message(id, "QuoteAccepted", Map.of());
    complete(id, "Task_ConfirmContractSigned", "bench.booker",
        Map.of("contractReference", "C-1", "contractSignedOn", "2026-11-22", "contractSigned", true));
    message(id, "PaymentCaptured", Map.of("paymentId", "pay-" + id, "paymentAmountMinor", 10_000_000,
        "paymentCurrency", "INR", "paymentFeeMinor", 200_000));
    complete(id, "Task_RecordDelivery", "bench.booker", Map.of("deliveryProofUrl", "https://proof.example/1"));
    message(id, "DeliveryAccepted", Map.of());
    complete(id, "Task_PreparePayout", "bench.maker", Map.of("payoutReference", "PO-1", "payoutAmountsChecked", true));
    complete(id, "Task_ApprovePayout", "bench.checker", Map.of("payoutApproved", true));
    while (!ended(id)) {
      Thread.sleep(10);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void message(UUID id, String name, Map<String, Object> variables) throws InterruptedException {
    String key = MessageCorrelation.engineKey("demo", id.toString());
    while (true) {
      journal.catchUp();
      Integer open = jdbc.queryForObject("select count(*) from message_subscription where engine_epoch = ? "
          + "and message_name = ? and correlation_key = ?", Integer.class, epoch, name, key);
      if (open != null && open > 0) {
        break;
      }
      Thread.sleep(10);
    }
    messages.correlate("demo", name, id.toString(), name + "-" + id, variables);
  }

  private void complete(UUID id, String elementId, String user, Map<String, Object> input) throws InterruptedException {
    while (true) {
      var open = tasks.list("demo", "CREATED", null, id.toString()).stream()
          .filter(t -> t.elementId().equals(elementId)).findFirst();
      if (open.isPresent()) {
        tasks.complete("demo", open.get().taskId(), user, input);
        return;
      }
      Thread.sleep(10);
    }
  }

  private boolean ended(UUID id) {
    journal.catchUp();
    return jdbc.queryForObject("select count(*) from process_instance where tenant_id = 'demo' and business_key = ? "
        + "and parent_process_instance_key is null and state = 'COMPLETED'", Integer.class, id.toString()) > 0;
  }

  /** A payment capture with a processor fee: the journal entry the ledger benchmark posts (3 postings). */
  static JournalEntry capture(String key, long amount) {
    return JournalEntry.builder("demo", key, "BENCH", "bench", "bench capture")
        .debit("cash", AccountType.ASSET, amount - 100, "INR").debit("processor-fee:bench", AccountType.EXPENSE, 100, "INR")
        .credit("client-escrow:bench", AccountType.LIABILITY, amount, "INR").build();
  }
}
