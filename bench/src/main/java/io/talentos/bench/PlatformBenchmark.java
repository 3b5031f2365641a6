package io.talentos.bench;

import io.talentos.TalentOsApplication;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.engine.EngineClock;
import io.talentos.engine.EngineJournal;
import io.talentos.engine.MessageCorrelation;
import io.talentos.finance.Ledger;
import io.talentos.finance.Money;
import io.talentos.tasklist.TaskList;
import io.talentos.isolation.TenantScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Bookings end to end on the embedded default (engine, PostgreSQL, journal, task list, ledger), driven by an automated
 * client through the same services the REST API calls: it sends each message once the booking waits for it and
 * completes each task once it is open, as people and systems would. Latency is inquiry to reconciled payout.
 */
final class PlatformBenchmark {

  /**
   * The booking run, the finance runs (escrow releases, webhooks) and the ledger figures with 16 writers, all measured
   * on the same database as the PostgreSQL ceiling (single-row inserts with 16 writers).
   */
  record Result(Benchmarks.Run bookings, Benchmarks.Run releases, Benchmarks.Run webhooks,
      PageantBenchmark.Result pageant, double ledgerEntriesPerSecond, double insertCeilingPerSecond) {}

  private final BookingService bookings;
  private final MessageCorrelation messages;
  private final TaskList tasks;
  private final EngineClock clock;
  private final EngineJournal journal;
  private final JdbcTemplate jdbc;

  private PlatformBenchmark(ConfigurableApplicationContext app) {
    bookings = app.getBean(BookingService.class);
    messages = app.getBean(MessageCorrelation.class);
    tasks = app.getBean(TaskList.class);
    clock = app.getBean(EngineClock.class);
    journal = app.getBean(EngineJournal.class);
    jdbc = app.getBean(JdbcTemplate.class);
  }

  static Result run(EmbeddedPostgres postgres, int count, int concurrency, int ledgerSeconds) throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TalentOsApplication.class).run(
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--server.port=0",
        "--logging.level.root=WARN", "--logging.level.io.talentos=WARN", "--spring.datasource.hikari.maximum-pool-size=24",
        "--talentos.security.dev-auth.port=0",
        "--talentos.pageant.scores-per-minute=1000000")) { // the per-judge limit would throttle the bench's judges
      PlatformBenchmark bench = new PlatformBenchmark(app);
      System.out.println("Platform: warming up with " + Math.max(10, count / 10) + " bookings");
      Benchmarks.drive(Math.max(10, count / 10), concurrency, "warm-up", bench::oneDemoBooking);
      Benchmarks.Run run = Benchmarks.drive(count, concurrency, "TalentOS booking, inquiry to payout",
          bench::oneDemoBooking);
      // the ceiling's table belongs to the owner, like every table; the app writes it through its scoped pool
      new JdbcTemplate(new DriverManagerDataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"))
          .execute("create table if not exists bench_insert (id bigserial primary key, writer int, payload text);"
              + "grant insert on bench_insert to talentos_app; grant usage on bench_insert_id_seq to talentos_app");
      FinanceBenchmark finance = new FinanceBenchmark(app);
      Benchmarks.Run releases = finance.releases(count, concurrency);
      Benchmarks.Run webhooks = finance.webhooks(count * 5, concurrency);
      PageantBenchmark.Result pageant = new PageantBenchmark(app).run(20, Math.max(10, count / 4), concurrency);
      LedgerBenchmark ledger = new LedgerBenchmark(app.getBean(Ledger.class), bench.jdbc);
      double entries = ledger.entriesPerSecond(16, ledgerSeconds);
      double ceiling = ledger.insertsPerSecond(16, ledgerSeconds);
      return new Result(run, releases, webhooks, pageant, entries, ceiling);
    }
  }

  /** One booking, driven as the demo tenant's requests would be: bound to that tenant (row-level security). */
  private long oneDemoBooking() throws InterruptedException {
    try (TenantScope.Binding demo = TenantScope.bind("demo")) {
      return oneBooking();
    }
  }

  private long oneBooking() throws InterruptedException {
    long t0 = System.nanoTime();
    Instant start = clock.now().plus(30, ChronoUnit.DAYS);
    UUID id = bookings.start("demo", "bench.booker", new Inquiry("talent-" + UUID.randomUUID(), "Bench Client",
        start, start.plus(8, ChronoUnit.HOURS), "Bench shoot", new Money(10_000_000, "INR"), "PERCENTAGE", null))
        .bookingId();
    message(id, "QuoteAccepted", Map.of());
    // the contract is drafted for real; its signing (emails, one-time codes, the PAdES seal) is not in this flow
    messages.publish("demo", "ContractSigned", id.toString(), "contract-signed:bench-" + id, Duration.ofHours(1),
        Map.of());
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
    while (!messages.isWaiting("demo", name, id.toString())) {
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
}
