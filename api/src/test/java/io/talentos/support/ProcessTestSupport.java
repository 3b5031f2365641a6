package io.talentos.support;

import static io.talentos.support.Waits.AWAIT;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.engine.EngineClock;
import io.talentos.engine.EngineEpoch;
import io.talentos.engine.EngineJournal;
import io.talentos.engine.MessageCorrelation;
import io.talentos.finance.Ledger;
import io.talentos.finance.Money;
import io.talentos.tasklist.TaskList;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import io.talentos.isolation.TenantScope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drives bookings on the real engine the way users and other systems do (start, messages, task completions, time)
 * and reads what happened: the path from the engine's record stream, states and tasks from PostgreSQL.
 */
public abstract class ProcessTestSupport {

  protected static final String TENANT = "demo";
  protected static final String OTHER_TENANT = "other-agency";
  private static final AtomicInteger TALENTS = new AtomicInteger();

  @Autowired protected BookingService bookings;
  @Autowired protected MessageCorrelation messages;
  @Autowired protected TaskList tasks;
  @Autowired protected EngineClock clock;
  @Autowired protected EngineJournal journal;
  @Autowired protected EngineEpoch epoch;
  @Autowired protected Ledger ledger;
  /** The owner's connection: every tenant's rows, for assertions (the app's own connections are tenant-scoped). */
  protected JdbcTemplate jdbc;
  private TenantScope.Binding tenantScope;

  @Autowired
  void ownerDatabase(Environment env) {
    jdbc = OwnerDatabase.jdbc(env);
  }

  /** The tenant the helpers work in: {@link #TENANT} unless a test class needs a tenant of its own. */
  protected String tenant() {
    return TENANT;
  }

  /**
   * The test thread calls the services as a job or request of {@link #tenant()} would: bound to that tenant, so
   * row-level security applies. Awaitility polls in the test thread so its conditions see the same scope.
   */
  @BeforeEach
  void bindTenant() {
    Awaitility.pollInSameThread();
    tenantScope = TenantScope.bind(tenant());
  }

  @AfterEach
  void unbindTenant() {
    tenantScope.close();
  }

  /** Takes the beans from a context the test started itself (e.g. to stop and start the app). */
  protected void bind(org.springframework.context.ApplicationContext context) {
    bookings = context.getBean(BookingService.class);
    messages = context.getBean(MessageCorrelation.class);
    tasks = context.getBean(TaskList.class);
    clock = context.getBean(EngineClock.class);
    journal = context.getBean(EngineJournal.class);
    epoch = context.getBean(EngineEpoch.class);
    ledger = context.getBean(Ledger.class);
    jdbc = OwnerDatabase.jdbc(context.getEnvironment());
  }

  /** A talent id no other test uses, so option holds never collide across tests. */
  protected static String newTalent() {
    return "talent-" + TALENTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts a booking 30 days ahead for {@code grossMinor} INR. */
  protected BookingService.StartedBooking startBooking(String talentId, long grossMinor, String model) {
    return startBooking(talentId, 30, grossMinor, model);
  }

  /** Starts a booking {@code daysAhead} days ahead (a talent's bookings on other days hold no option on each other). */
  protected BookingService.StartedBooking startBooking(String talentId, int daysAhead, long grossMinor, String model) {
    Instant start = clock.now().plus(daysAhead, ChronoUnit.DAYS);
    return bookings.start(tenant(), "booker.asha", new Inquiry(talentId, "Lumen Cosmetics", start,
        start.plus(9, ChronoUnit.HOURS), "One studio day", new Money(grossMinor, "INR"), model, null));
  }

  protected MessageCorrelation.Correlated send(UUID bookingId, String message, Map<String, Object> variables) {
    awaitWaitingFor(bookingId, message);
    return messages.correlate(tenant(), message, bookingId.toString(), message + "-" + UUID.randomUUID(), variables);
  }

  protected void pay(UUID bookingId, String paymentId, long amountMinor, long feeMinor) {
    send(bookingId, "PaymentCaptured", Map.of("paymentId", paymentId, "paymentAmountMinor", amountMinor,
        "paymentCurrency", "INR", "paymentFeeMinor", feeMinor));
  }

  /** Waits until the booking has an open task at {@code elementId} and returns it. */
  protected TaskList.TaskView awaitTask(UUID bookingId, String elementId) {
    return await().atMost(AWAIT).until(
        () -> tasks.list(tenant(), "CREATED", null, bookingId.toString()).stream()
            .filter(t -> t.elementId().equals(elementId)).findFirst().orElse(null),
        t -> t != null);
  }

  protected TaskList.TaskView complete(UUID bookingId, String elementId, String user, Map<String, Object> input) {
    return tasks.complete(tenant(), awaitTask(bookingId, elementId).taskId(), user, input);
  }

  /** A booking of this talent taken to the payout approval: paid, delivered, accepted, payout prepared by fin.ravi. */
  protected BookingService.StartedBooking toPayoutApproval(String talentId, long gross, long fee, String model) {
    return toPayoutApproval(talentId, 30, gross, fee, model);
  }

  /** As {@link #toPayoutApproval(String, long, long, String)}, for a booking {@code daysAhead} days ahead. */
  protected BookingService.StartedBooking toPayoutApproval(String talentId, int daysAhead, long gross, long fee,
      String model) {
    var booking = startBooking(talentId, daysAhead, gross, model);
    UUID id = booking.bookingId();
    toAcceptance(id, gross, fee);
    approveReleasesIfAsked(id);
    preparePayout(id, "fin.ravi");
    awaitTask(id, "Task_ApprovePayout");
    return booking;
  }

  /** Takes a started booking through quote, contract, a payment of {@code gross} (fee {@code fee}) and acceptance. */
  protected void toAcceptance(UUID bookingId, long gross, long fee) {
    send(bookingId, "QuoteAccepted", Map.of());
    signContract(bookingId);
    pay(bookingId, "pay-" + bookingId, gross, fee);
    recordDelivery(bookingId);
    send(bookingId, "DeliveryAccepted", Map.of());
  }

  /**
   * Waits until the booking asks either for a release approval (above the release threshold) or for the payout, and
   * approves each release as two different finance users.
   */
  protected void approveReleasesIfAsked(UUID bookingId) {
    while (true) {
      TaskList.TaskView next = await().atMost(AWAIT).until(
          () -> tasks.list(tenant(), "CREATED", null, bookingId.toString()).stream()
              .filter(t -> Set.of("Task_ApproveRelease", "Task_SecondReleaseApproval", "Task_PreparePayout")
                  .contains(t.elementId())).findFirst().orElse(null), t -> t != null);
      switch (next.elementId()) {
        case "Task_ApproveRelease" -> tasks.complete(tenant(), next.taskId(), "fin.meera",
            Map.of("releaseApproved", true));
        case "Task_SecondReleaseApproval" -> tasks.complete(tenant(), next.taskId(), "fin.anil",
            Map.of("releaseApproved", true));
        default -> {
          return;
        }
      }
    }
  }

  /**
   * The booking's contract is signed: publishes {@code ContractSigned} as contract-signing.bpmn does once every
   * signer signed (ContractProcessTest signs real contracts through their links; the finance tests need only this).
   */
  protected void signContract(UUID bookingId) {
    awaitEntered(bookingId, "Event_ContractSigned");
    messages.publish(tenant(), "ContractSigned", bookingId.toString(), "contract-signed:test-" + bookingId,
        Duration.ofDays(30), Map.of("contractId", "signed-in-test"));
  }

  protected void recordDelivery(UUID bookingId) {
    complete(bookingId, "Task_RecordDelivery", "booker.asha", Map.of("deliveryProofUrl", "https://proof.example/1"));
  }

  protected void preparePayout(UUID bookingId, String maker) {
    complete(bookingId, "Task_PreparePayout", maker, Map.of("payoutReference", "PO-1", "payoutAmountsChecked", true));
  }

  /** Waits until an open subscription for the message exists for the booking. */
  protected void awaitWaitingFor(UUID bookingId, String message) {
    await().atMost(AWAIT).until(() -> messages.isWaiting(tenant(), message, bookingId.toString()));
  }

  /** Waits until the booking's process has entered the element (any process instance of the booking). */
  protected void awaitEntered(UUID bookingId, String elementId) {
    await().atMost(AWAIT).until(() -> hasEvent(bookingId, elementId, "ENTERED"));
  }

  /**
   * Waits until the root process instance of this business key ended (a booking, a break-glass override …), not one
   * of the processes that run beside a booking under its key (refund, payout-failure, chargeback, its contract).
   */
  protected void awaitEnded(UUID bookingId) {
    await().atMost(AWAIT).until(() -> {
      journal.catchUp();
      return jdbc.queryForObject("""
          select count(*) from process_instance where tenant_id = ? and business_key = ? and engine_epoch = ?
            and parent_process_instance_key is null and state in ('COMPLETED', 'TERMINATED')
            and bpmn_process_id not in ('refund', 'payout-failure', 'chargeback', 'contract-signing')""",
          Integer.class, tenant(), bookingId.toString(), epoch.value()) > 0;
    });
  }

  /** How often an element of any of the booking's process instances completed, from the engine journal. */
  protected int completions(UUID bookingId, String elementId) {
    return events(bookingId, elementId, "COMPLETED");
  }

  protected boolean hasEvent(UUID bookingId, String elementId, String intent) {
    return events(bookingId, elementId, intent) > 0;
  }

  private int events(UUID bookingId, String elementId, String intent) {
    journal.catchUp();
    return jdbc.queryForObject("""
        select count(*) from process_event e join process_instance p
          on p.engine_epoch = e.engine_epoch and p.process_instance_key = e.process_instance_key
        where p.tenant_id = ? and p.business_key = ? and e.element_id = ? and e.intent = ?""",
        Integer.class, tenant(), bookingId.toString(), elementId, intent);
  }

  /** Moves engine time forward so due timers fire. */
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  /** Asserts on the booking's root process instance of this engine run, from the engine's own records. */
  protected ProcessInstanceAssert assertThatBooking(BookingService.StartedBooking booking) {
    return new ProcessInstanceAssert(booking.processInstanceKey(), RecordStream.of(journal.recordStream()));
  }

  /**
   * Asserts on the first instance of {@code bpmnProcessId} of this engine run started under the key (a process that
   * runs beside a booking: refund, payout-failure, chargeback).
   */
  protected ProcessInstanceAssert assertThatProcess(UUID businessKey, String bpmnProcessId) {
    journal.catchUp();
    long key = jdbc.queryForObject("""
        select min(process_instance_key) from process_instance where tenant_id = ? and business_key = ?
          and bpmn_process_id = ? and engine_epoch = ?""", Long.class, tenant(), businessKey.toString(), bpmnProcessId,
        epoch.value());
    return new ProcessInstanceAssert(key, RecordStream.of(journal.recordStream()));
  }

  /** Asserts on the payout-approval instance the booking called. */
  protected ProcessInstanceAssert assertThatPayoutApproval(BookingService.StartedBooking booking) {
    return assertThatBooking(booking).extractingLatestCalledProcess("payout-approval");
  }

  /** The demo tenant's balance of an account in INR, e.g. {@code agency-revenue:<bookingId>}. */
  protected long balance(String accountCode) {
    return ledger.balance(tenant(), accountCode, "INR");
  }

  /**
   * The kinds of the booking's journal entries in posting order, without the hold and return of a refund
   * ({@code REFUND_HELD}, {@code REFUND_RETURNED}), which refund.bpmn posts on its own after the booking's refund.
   */
  protected List<String> entryKinds(UUID bookingId) {
    return allEntryKinds(bookingId).stream().filter(k -> !k.startsWith("REFUND_")).toList();
  }

  /** The kinds of all the booking's journal entries in posting order. */
  protected List<String> allEntryKinds(UUID bookingId) {
    return ledger.entries(tenant(), bookingId.toString()).stream().map(Ledger.PostedEntry::kind).toList();
  }
}
