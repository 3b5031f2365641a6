package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.talentos.engine.EngineClock;
import io.talentos.engine.EngineJournal;
import io.talentos.engine.MessageCorrelation;
import io.talentos.engine.ProcessStarter;
import io.talentos.tenancy.Tenants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payout batches (issue 4, seed 000 §10.4 and §6.8): a tenant in BATCH payout mode ({@link FinanceSettings}) queues
 * each booking's payout when its escrow is released; a batch collects the queued payouts of one currency
 * ({@code processes/finance/payout-batch.bpmn}), goes through maker-checker ({@code payout-approval.bpmn}) and is paid
 * item by item by the service identity {@value #SERVICE_IDENTITY} through {@link BookingPayouts}, which records each
 * provider payout id. A paid item tells its booking with the message {@code PayoutBatchPaid}; a payout the provider
 * refuses goes back to the queue with the reason, for the next batch. Amounts are minor units of the batch's ISO
 * 4217 currency.
 */
@Component
public class PayoutBatchService {

  /** The BPMN process id of {@code processes/finance/payout-batch.bpmn}. */
  public static final String PROCESS_ID = "payout-batch";

  /** The service identity that pays approved batches (seed 000 §6.6). */
  public static final String SERVICE_IDENTITY = "automation.finance";

  /** The message a paid item sends its booking (correlation key: the booking id). */
  public static final String PAID_MESSAGE = "PayoutBatchPaid";

  /**
   * One booking's payout: QUEUED, IN_BATCH or PAID; {@code amountMinor} is what the batch pays (null until collected);
   * {@code lastFailure} is why the provider refused it the last time.
   */
  public record Item(String bookingId, String talentId, String currency, String status, Long amountMinor,
      String provider, String providerPayoutId, String lastFailure, String queuedAt, String paidAt) {}

  /** A refused payout of a batch: the booking and the provider's reason. */
  public record Failure(String bookingId, String reason) {}

  /**
   * A batch: COLLECTING → EMPTY, or AWAITING_APPROVAL → PAYING → PAID or PARTLY_PAID, or CANCELLED before paying;
   * {@code items} are the payouts it collected (empty in listings), {@code failures} those it could not pay.
   */
  public record Batch(UUID batchId, String currency, String status, String requestedBy, int itemCount,
      long totalMinor, String requestedAt, String closedAt, List<Item> items, List<Failure> failures) {}

  /** What paying one item did: PAID (or NOTHING_OWED) with the provider's payout id, or FAILED with the reason. */
  public record ItemResult(String bookingId, String status, String provider, String payoutId, long amountMinor,
      String failure) {}

  /** No batch with this id in the tenant (HTTP 404). */
  public static class UnknownBatchException extends RuntimeException {
    UnknownBatchException(UUID id) {
      super("No payout batch " + id);
    }
  }

  /** A batch of this currency is still open (HTTP 409): it must be paid before the next one collects. */
  public static class BatchInProgressException extends RuntimeException {
    BatchInProgressException(String currency) {
      super("A payout batch in " + currency + " is still open; it is paid before the next one collects");
    }
  }

  /** The batch is not in a state that allows this (HTTP 409). */
  public static class BatchStateException extends RuntimeException {
    BatchStateException(String message) {
      super(message);
    }
  }

  /** The request cannot be a batch (HTTP 422): the message says why. */
  public static class InvalidBatchException extends IllegalArgumentException {
    InvalidBatchException(String message) {
      super(message);
    }
  }

  private static final Duration PAID_MESSAGE_TTL = Duration.ofDays(1);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PayoutBatchService.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final BookingPayouts payouts;
  private final Escrow escrow;
  private final Tenants tenants;
  private final FinanceSettings settings;
  private final ProcessStarter processes;
  private final CamundaClient client;
  private final MessageCorrelation messages;
  private final EngineClock clock;
  private final EngineJournal journal;
  private final ObjectMapper json;

  PayoutBatchService(JdbcTemplate jdbc, TransactionTemplate tx, BookingPayouts payouts, Escrow escrow, Tenants tenants,
      FinanceSettings settings, ProcessStarter processes, CamundaClient client, MessageCorrelation messages,
      EngineClock clock, EngineJournal journal, ObjectMapper json) {
    this.journal = journal;
    this.jdbc = jdbc;
    this.tx = tx;
    this.payouts = payouts;
    this.escrow = escrow;
    this.tenants = tenants;
    this.settings = settings;
    this.processes = processes;
    this.client = client;
    this.messages = messages;
    this.clock = clock;
    this.json = json;
  }

  /** Queues a booking's payout for the next batch of its currency; a repeat (retried job) changes nothing. */
  public void queue(String tenantId, String bookingId, String talentId, String currency) {
    jdbc.update("""
        insert into payout_batch_item (tenant_id, booking_id, talent_id, currency, status, queued_at)
        values (?, ?, ?, ?, 'QUEUED', ?) on conflict do nothing""", tenantId, bookingId, talentId, currency,
        Timestamp.from(clock.now()));
  }

  /**
   * Starts a batch of the tenant's queued payouts in {@code currency}: a payout-batch process instance whose business
   * key is the batch id.
   *
   * @throws InvalidBatchException if the currency is not ISO 4217, or the tenant neither pays out in batches nor has
   *     payouts queued in the currency
   * @throws BatchInProgressException if a batch of this currency is still open
   * @throws Tenants.UnknownTenantException if the tenant does not exist
   */
  public Batch request(String tenantId, String currency, String actor) {
    tenants.requireActive(tenantId);
    try {
      java.util.Currency.getInstance(currency);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidBatchException("currency '" + currency + "' is not an ISO 4217 code");
    }
    if (!settings.batchesPayouts(tenantId) && !queuedCurrencies(tenantId).contains(currency)) {
      // a tenant back on PER_BOOKING may still batch what it queued before, so no booking waits forever
      throw new InvalidBatchException("Tenant " + tenantId + " pays each booking out on its own and has no payout "
          + "queued in " + currency + "; PUT …/finance-settings with payoutMode BATCH first");
    }
    UUID id = UUID.randomUUID();
    try {
      jdbc.update("""
          insert into payout_batch (batch_id, tenant_id, currency, status, requested_by, requested_at)
          values (?, ?, ?, 'COLLECTING', ?, ?)""", id, tenantId, currency, actor, Timestamp.from(clock.now()));
    } catch (DuplicateKeyException e) {
      throw new BatchInProgressException(currency);
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("tenantId", tenantId);
    variables.put("businessKey", id.toString());
    variables.put("payoutBatchId", id.toString());
    variables.put("currency", currency);
    variables.put("requestedBy", actor);
    try {
      processes.start(tenantId, PROCESS_ID, variables);
    } catch (RuntimeException e) {
      boolean mayExist = e instanceof io.camunda.client.api.command.ClientStatusException status
          && status.getStatusCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED;
      if (!mayExist) { // a timed-out create may still have started the batch; cancel it by hand if it did not
        jdbc.update("delete from payout_batch where tenant_id = ? and batch_id = ?", tenantId, id);
      }
      throw e;
    }
    return find(tenantId, id);
  }

  /**
   * Collects the queued payouts of the batch's currency into the batch, each with what it owes now (derived from the
   * ledger). A retried job collects nothing new once the batch left COLLECTING, and returns the same items.
   *
   * @throws UnknownBatchException if the batch does not exist
   */
  public Batch collect(String tenantId, UUID batchId) {
    return tx.execute(status -> {
      // the row lock keeps a cancellation from interleaving with the collection
      jdbc.queryForList("select status from payout_batch where tenant_id = ? and batch_id = ? for update",
          String.class, tenantId, batchId);
      Batch batch = find(tenantId, batchId);
      if ("COLLECTING".equals(batch.status())) {
        jdbc.update("""
            update payout_batch_item set status = 'IN_BATCH', batch_id = ?
            where tenant_id = ? and currency = ? and status = 'QUEUED'""", batchId, tenantId, batch.currency());
        long total = 0;
        List<Item> items = items(tenantId, batchId);
        for (Item item : items) {
          long owed = escrow.balances(tenantId, item.bookingId(), item.currency()).payableMinor();
          jdbc.update("update payout_batch_item set amount_minor = ? where tenant_id = ? and booking_id = ?", owed,
              tenantId, item.bookingId());
          total += owed;
        }
        jdbc.update("""
            update payout_batch set status = ?, item_count = ?, total_minor = ? where tenant_id = ? and batch_id = ?""",
            items.isEmpty() ? "EMPTY" : "AWAITING_APPROVAL", items.size(), total, tenantId, batchId);
        if (items.isEmpty()) {
          jdbc.update("update payout_batch set closed_at = ? where tenant_id = ? and batch_id = ?",
              Timestamp.from(clock.now()), tenantId, batchId);
        }
      }
      return find(tenantId, batchId);
    });
  }

  /**
   * Pays one collected item as {@value #SERVICE_IDENTITY} and tells its booking ({@code PayoutBatchPaid}). A retry of
   * a paid item calls no provider and posts nothing again. A refusal (no fund account, a 4xx, a dispute) puts the item
   * back in the queue with the reason and reports FAILED.
   *
   * @param approval who prepared and approved the batch, for the PAYOUT entry's description
   * @throws UnknownBatchException if the item is not in this batch
   * @throws IllegalStateException when the provider answers 5xx or cannot be reached (the job retries)
   */
  public ItemResult pay(String tenantId, UUID batchId, String bookingId, String approval) {
    // once PAYING, the batch can no longer be cancelled; a batch cancelled first pays nothing
    jdbc.update("update payout_batch set status = 'PAYING' where tenant_id = ? and batch_id = ? and status = "
        + "'AWAITING_APPROVAL'", tenantId, batchId);
    if ("CANCELLED".equals(status(tenantId, batchId))) { // the status alone: each of the batch's items asks
      return new ItemResult(bookingId, "FAILED", null, null, 0, "batch cancelled");
    }
    Item item = jdbc.query("""
        select * from payout_batch_item where tenant_id = ? and booking_id = ? and batch_id = ?""", ITEM, tenantId,
        bookingId, batchId).stream().findFirst().orElse(null);
    if (item == null) { // refused on an earlier try, and back in the queue since
      return find(tenantId, batchId).failures().stream().filter(f -> f.bookingId().equals(bookingId)).findFirst()
          .map(f -> new ItemResult(bookingId, "FAILED", null, null, 0, f.reason()))
          .orElseThrow(() -> new UnknownBatchException(batchId));
    }
    ItemResult result;
    if ("PAID".equals(item.status())) {
      result = new ItemResult(bookingId, "PAID", item.provider(), item.providerPayoutId(), item.amountMinor(), null);
    } else {
      long owed = escrow.balances(tenantId, bookingId, item.currency()).payableMinor();
      if (owed > 0 && item.amountMinor() != null && owed != item.amountMinor()) { // 0: paid before a lost completion
        return refuse(tenantId, batchId, bookingId, "Booking " + bookingId + " owes " + owed + " " + item.currency()
            + " now, but the batch was approved for " + item.amountMinor() + "; it goes to the next batch");
      }
      try {
        BookingPayouts.Paid paid = payouts.pay(tenantId, bookingId, item.talentId(), item.currency(), "Payout for "
            + "booking " + bookingId + " in batch " + batchId + " by " + SERVICE_IDENTITY + ", " + approval);
        jdbc.update("""
            update payout_batch_item set status = 'PAID', amount_minor = ?, provider = ?, provider_payout_id = ?,
              paid_at = ?, last_failure = null where tenant_id = ? and booking_id = ?""", paid.amountMinor(),
            paid.provider(), paid.payoutId(), Timestamp.from(clock.now()), tenantId, bookingId);
        result = new ItemResult(bookingId, "NOTHING_OWED".equals(paid.status()) ? "NOTHING_OWED" : "PAID",
            paid.provider(), paid.payoutId(), paid.amountMinor(), null);
      } catch (PayoutProviders.PayoutRefusedException | Escrow.EscrowStateException e) {
        return refuse(tenantId, batchId, bookingId, e.getMessage());
      }
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("payoutProvider", result.provider());
    variables.put("payoutId", result.payoutId());
    variables.put("payoutStatus", result.status());
    variables.put("payoutBatchId", batchId.toString());
    messages.publish(tenantId, PAID_MESSAGE, bookingId, "payout-batch-paid:" + bookingId, PAID_MESSAGE_TTL,
        variables);
    return result;
  }

  /** Puts a refused item back in the queue with the reason, and records the refusal on the batch. */
  private ItemResult refuse(String tenantId, UUID batchId, String bookingId, String reason) {
    tx.executeWithoutResult(status -> {
      jdbc.update("""
          update payout_batch_item set status = 'QUEUED', batch_id = null, last_failure = ?
          where tenant_id = ? and booking_id = ?""", reason, tenantId, bookingId);
      jdbc.update("""
          update payout_batch set failures = failures || ?::jsonb where tenant_id = ? and batch_id = ?""",
          toJson(List.of(new Failure(bookingId, reason))), tenantId, batchId);
    });
    return new ItemResult(bookingId, "FAILED", null, null, 0, reason);
  }

  /**
   * Cancels a batch that is not being paid yet (collecting or awaiting approval): its payouts go back to the queue,
   * its process instance is cancelled. A batch whose process never started (the engine was unreachable) is cancelled
   * the same way, so it no longer blocks its currency.
   *
   * @throws UnknownBatchException if the tenant has no batch with this id
   * @throws BatchStateException if the batch is being paid or is closed
   */
  public Batch cancel(String tenantId, UUID batchId, String actor) {
    Batch batch = find(tenantId, batchId);
    Boolean cancelled = tx.execute(status -> {
      int rows = jdbc.update("""
          update payout_batch set status = 'CANCELLED', closed_at = ?
          where tenant_id = ? and batch_id = ? and status in ('COLLECTING', 'AWAITING_APPROVAL')""",
          Timestamp.from(clock.now()), tenantId, batchId);
      if (rows == 0) {
        return false;
      }
      jdbc.update("""
          update payout_batch_item set status = 'QUEUED', batch_id = null
          where tenant_id = ? and batch_id = ? and status = 'IN_BATCH'""", tenantId, batchId);
      return true;
    });
    if (!Boolean.TRUE.equals(cancelled)) {
      throw new BatchStateException("Payout batch " + batchId + " is " + batch.status() + "; only a batch that is "
          + "collecting or awaiting approval can be cancelled");
    }
    journal.catchUp();
    jdbc.queryForList("""
        select process_instance_key from process_instance where tenant_id = ? and business_key = ?
          and bpmn_process_id = ? and parent_process_instance_key is null and state = 'ACTIVE'""", Long.class,
        tenantId, batchId.toString(), PROCESS_ID).forEach(key -> {
          try {
            client.newCancelInstanceCommand(key).send().join();
          } catch (io.camunda.client.api.command.ClientStatusException e) {
            if (e.getStatusCode() != io.grpc.Status.Code.NOT_FOUND) {
              throw e;
            }
          }
        });
    LOG.info("Payout batch {} (tenant {}) cancelled by {}; its payouts are queued again", batchId, tenantId, actor);
    return find(tenantId, batchId);
  }

  /** Closes the batch: PAID, or PARTLY_PAID when the provider refused some of its payouts. A repeat is a no-op. */
  public Batch close(String tenantId, UUID batchId) {
    jdbc.update("""
        update payout_batch set status = case when jsonb_array_length(failures) = 0 then 'PAID' else 'PARTLY_PAID' end,
          closed_at = ? where tenant_id = ? and batch_id = ? and status in ('AWAITING_APPROVAL', 'PAYING')""",
        Timestamp.from(clock.now()), tenantId, batchId);
    return find(tenantId, batchId);
  }

  /**
   * One batch with its items and failures.
   *
   * @throws UnknownBatchException if the tenant has no batch with this id
   */
  public Batch find(String tenantId, UUID batchId) {
    return jdbc.query("select * from payout_batch where tenant_id = ? and batch_id = ?", (rs, i) -> batch(rs,
        items(tenantId, batchId)), tenantId, batchId).stream().findFirst()
        .orElseThrow(() -> new UnknownBatchException(batchId));
  }

  /** The tenant's batches, newest first, without their items (at most 100). */
  public List<Batch> list(String tenantId) {
    return jdbc.query("""
        select * from payout_batch where tenant_id = ? order by requested_at desc limit 100""",
        (rs, i) -> batch(rs, List.of()), tenantId);
  }

  /** The payouts waiting for a batch, oldest first, with the last refusal if there was one. */
  public List<Item> queued(String tenantId) {
    return jdbc.query("""
        select * from payout_batch_item where tenant_id = ? and status = 'QUEUED' order by queued_at, booking_id""",
        ITEM, tenantId);
  }

  /** The currencies in which the tenant has queued payouts. */
  List<String> queuedCurrencies(String tenantId) {
    return jdbc.queryForList("""
        select distinct currency from payout_batch_item where tenant_id = ? and status = 'QUEUED' order by 1""",
        String.class, tenantId);
  }

  /**
   * The batch's status, without its items.
   *
   * @throws UnknownBatchException if the tenant has no batch with this id
   */
  private String status(String tenantId, UUID batchId) {
    return jdbc.queryForList("select status from payout_batch where tenant_id = ? and batch_id = ?", String.class,
        tenantId, batchId).stream().findFirst().orElseThrow(() -> new UnknownBatchException(batchId));
  }

  private List<Item> items(String tenantId, UUID batchId) {
    return jdbc.query("""
        select * from payout_batch_item where tenant_id = ? and batch_id = ? order by queued_at, booking_id""", ITEM,
        tenantId, batchId);
  }

  private Batch batch(ResultSet rs, List<Item> items) throws SQLException {
    List<Failure> failures;
    try {
      failures = List.of(json.readValue(rs.getString("failures"), Failure[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable failures of payout batch " + rs.getString("batch_id"), e);
    }
    return new Batch(rs.getObject("batch_id", UUID.class), rs.getString("currency"), rs.getString("status"),
        rs.getString("requested_by"), rs.getInt("item_count"), rs.getLong("total_minor"),
        instant(rs, "requested_at"), instant(rs, "closed_at"), items, failures);
  }

  private static final RowMapper<Item> ITEM = (rs, i) -> new Item(rs.getString("booking_id"),
      rs.getString("talent_id"), rs.getString("currency"), rs.getString("status"), (Long) rs.getObject("amount_minor"),
      rs.getString("provider"), rs.getString("provider_payout_id"), rs.getString("last_failure"),
      instant(rs, "queued_at"), instant(rs, "paid_at"));

  private static String instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant().toString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
