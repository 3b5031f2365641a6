package io.talentos.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.isolation.TenantScope;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's append-only, hash-chained audit log. Each record holds who, tenant, capability, object, outcome,
 * before and after state, request id and time; its hash is SHA-256 over the previous record's hash and its own
 * canonical content, so {@link #verify} finds the first record that was altered, inserted or removed by hand.
 */
@Component
public class AuditLog {

  /** What happened, as the caller describes it. {@code before}/{@code after} are JSON-serialisable, or null. */
  public record Entry(String tenantId, String actor, String capability, String objectType, String objectId,
      String outcome, Object before, Object after, String requestId) {}

  /** One stored record. Times are ISO-8601 UTC; states are JSON. */
  public record AuditRecord(long id, String tenantId, String occurredAt, String actor, String capability,
      String objectType, String objectId, String outcome, JsonNode before, JsonNode after, String requestId,
      String prevHash, String hash) {}

  /** The result of a chain verification: how many records were checked and the first broken one, if any. */
  public record Verification(boolean valid, long checked, Long firstBrokenId, String reason) {}

  /** Request attribute an API handler sets to the state before its change; the audit interceptor records it. */
  public static final String REQUEST_BEFORE = "io.talentos.audit.before";
  /** Request attribute an API handler sets to the state after its change; the audit interceptor records it. */
  public static final String REQUEST_AFTER = "io.talentos.audit.after";

  private static final String GENESIS = "0".repeat(64);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final java.util.concurrent.BlockingQueue<Entry> queue = new java.util.concurrent.LinkedBlockingQueue<>();
  private final java.util.concurrent.ScheduledExecutorService appender =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("audit-appender").daemon().factory());

  AuditLog(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
    this.jdbc = jdbc;
    // its own transaction, never the caller's: a joined transaction keeps the caller's connection and with it the
    // caller's tenant scope, which row-level security would apply to these writes (ADR 0006)
    this.tx = new TransactionTemplate(tx.getTransactionManager());
    this.tx.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.json = json;
  }

  /** Appends a record to the tenant's chain now; appends of one tenant are serialised by an advisory lock. */
  public long append(Entry entry) {
    return appendAll(entry.tenantId(), List.of(entry)).getLast();
  }

  /**
   * Queues a record for the background appender, which writes each tenant's queued records in one transaction (one
   * lock, one chain read). For high-volume machine actions such as ledger postings; {@link #flush} writes the queue.
   */
  public void appendLater(Entry entry) {
    queue.add(entry);
  }

  /** Writes every queued record now (at shutdown, and in tests before reading the log). */
  public synchronized void flush() {
    List<Entry> batch = new java.util.ArrayList<>();
    queue.drainTo(batch);
    batch.stream().collect(java.util.stream.Collectors.groupingBy(Entry::tenantId, java.util.LinkedHashMap::new,
        java.util.stream.Collectors.toList())).forEach(this::appendAll);
  }

  private List<Long> appendAll(String tenantId, List<Entry> entries) {
    // written in the tenant's own scope, whichever thread appends (docs/adr/0006)
    return TenantScope.callAs(tenantId, () -> tx.execute(status -> {
      jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "audit|" + tenantId);
      List<String> last = jdbc.queryForList(
          "select hash from audit_record where tenant_id = ? order by id desc limit 1", String.class, tenantId);
      String prev = last.isEmpty() ? GENESIS : last.getFirst();
      List<Long> ids = new java.util.ArrayList<>();
      for (Entry entry : entries) {
        AuditRecord written = insert(entry, prev);
        ids.add(written.id());
        prev = written.hash();
      }
      return ids;
    }));
  }

  private AuditRecord insert(Entry entry, String prev) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String before = toJson(entry.before());
    String after = toJson(entry.after());
    AuditRecord draft = new AuditRecord(0, entry.tenantId(), at.toString(), entry.actor(), entry.capability(),
        entry.objectType(), entry.objectId(), entry.outcome(), node(before), node(after), entry.requestId(), prev,
        null);
    String hash = hash(draft);
    long id = jdbc.queryForObject("""
        insert into audit_record (tenant_id, occurred_at, actor, capability, object_type, object_id, outcome,
          before_state, after_state, request_id, prev_hash, hash)
        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?) returning id""", Long.class,
        entry.tenantId(), Timestamp.from(at), entry.actor(), entry.capability(), entry.objectType(),
        entry.objectId(), entry.outcome(), before, after, entry.requestId(), prev, hash);
    return new AuditRecord(id, draft.tenantId(), draft.occurredAt(), draft.actor(), draft.capability(),
        draft.objectType(), draft.objectId(), draft.outcome(), draft.before(), draft.after(), draft.requestId(),
        prev, hash);
  }

  @jakarta.annotation.PostConstruct
  void startAppender() {
    appender.scheduleWithFixedDelay(() -> {
      try {
        flush();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(AuditLog.class).error("Audit appender failed; retrying", e);
      }
    }, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @jakarta.annotation.PreDestroy
  void stopAppender() {
    appender.shutdown();
    flush();
  }

  /** The tenant's records in a time range [from, to), oldest first (queued records are written first). */
  public List<AuditRecord> records(String tenantId, Instant from, Instant to) {
    flush();
    return jdbc.query("""
        select id, tenant_id, occurred_at, actor, capability, object_type, object_id, outcome, before_state::text,
               after_state::text, request_id, prev_hash, hash from audit_record
        where tenant_id = ? and occurred_at >= ? and occurred_at < ? order by id""",
        (rs, i) -> new AuditRecord(rs.getLong(1), rs.getString(2),
            rs.getTimestamp(3).toInstant().truncatedTo(ChronoUnit.MICROS).toString(), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), node(rs.getString(9)),
            node(rs.getString(10)), rs.getString(11), rs.getString(12), rs.getString(13)),
        tenantId, Timestamp.from(from), Timestamp.from(to));
  }

  /** Recomputes the tenant's whole chain and names the first record whose link or content does not hold. */
  public Verification verify(String tenantId) {
    String expectedPrev = GENESIS;
    long checked = 0;
    for (AuditRecord record : records(tenantId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"))) {
      checked++;
      if (!record.prevHash().equals(expectedPrev)) {
        return new Verification(false, checked, record.id(), "does not link to the record before it");
      }
      if (!hash(record).equals(record.hash())) {
        return new Verification(false, checked, record.id(), "content does not match its hash");
      }
      expectedPrev = record.hash();
    }
    return new Verification(true, checked, null, null);
  }

  private String hash(AuditRecord r) {
    String canonical = String.join("\u001f", r.prevHash(), r.tenantId(), r.occurredAt(), r.actor(), r.capability(),
        r.objectType(), String.valueOf(r.objectId()), r.outcome(), canonicalJson(r.before()),
        canonicalJson(r.after()), String.valueOf(r.requestId()));
    return DigestUtils.sha256Hex(canonical);
  }

  /** JSON with object keys sorted, so PostgreSQL's jsonb key order does not change the hash. */
  private String canonicalJson(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    try {
      Object tree = json.treeToValue(node, Object.class);
      return json.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .writeValueAsString(tree);
    } catch (Exception e) {
      throw new IllegalStateException("Audit state is not JSON", e);
    }
  }

  private String toJson(Object value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalArgumentException("Audit state is not serialisable", e);
    }
  }

  private JsonNode node(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException("Stored audit state is not JSON", e);
    }
  }
}
