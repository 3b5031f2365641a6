package io.talentos.finance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only double-entry ledger in PostgreSQL (plain JDBC). Entries are inserted once per
 * {@code (tenant, idempotency key)}; the database refuses UPDATE and DELETE on its tables and checks at commit that
 * every entry balances. Balances are always derived by summing postings; nothing stores a balance.
 */
@Component
public class Ledger {

  /** The result of {@link #post}: the entry's id, and whether it had been posted before under the same key. */
  public record PostResult(long entryId, boolean duplicate) {}

  /** The balance of one account on its normal side, with the sums behind it (minor units). */
  public record AccountBalance(String accountCode, AccountType type, String currency, long debitsMinor,
      long creditsMinor, long balanceMinor) {}

  /** Debits and credits of one tenant in one currency. {@code differenceMinor} is zero in a sound ledger. */
  public record TrialBalanceLine(String currency, long debitsMinor, long creditsMinor, long differenceMinor) {}

  /** One posted journal entry with its postings, for reading. */
  public record PostedEntry(long entryId, String idempotencyKey, String kind, String businessKey, String description,
      String postedAt, Long reversesEntryId, List<Posting> postings) {

    /** The sum of this entry's postings on one side of one account (minor units). */
    public long amountOn(String accountCode, Posting.Side side) {
      return postings.stream().filter(p -> p.accountCode().equals(accountCode) && p.side() == side)
          .mapToLong(Posting::amountMinor).sum();
    }
  }

  /** The idempotency key was used before for a different entry (HTTP 409). */
  public static class IdempotencyConflictException extends RuntimeException {
    IdempotencyConflictException(String key) {
      super("Idempotency key '" + key + "' was already used for a different journal entry");
    }
  }

  /** Published after a new journal entry committed (not for a repeated idempotency key); the audit log records it. */
  public record JournalEntryPosted(String tenantId, long entryId, String idempotencyKey, String kind,
      String businessKey, List<Posting> postings) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher events;
  private final Map<String, Long> accountIds = new ConcurrentHashMap<>();

  Ledger(JdbcTemplate jdbc, TransactionTemplate tx, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.events = events;
  }

  /**
   * Posts the entry once. Posting the same entry again under the same key returns the first entry's id.
   *
   * @throws IdempotencyConflictException if the key was used for an entry with other postings
   * @throws IllegalStateException if an account exists with another type than a posting names
   */
  public PostResult post(JournalEntry entry) {
    String hash = hash(entry);
    Map<String, Long> opened = new LinkedHashMap<>();
    PostResult result = tx.execute(status -> {
      List<Long> inserted = jdbc.queryForList("""
          insert into journal_entry (tenant_id, idempotency_key, request_hash, kind, business_key, description,
            reverses_entry_id) values (?, ?, ?, ?, ?, ?, ?)
          on conflict (tenant_id, idempotency_key) do nothing returning entry_id""", Long.class,
          entry.tenantId(), entry.idempotencyKey(), hash, entry.kind(), entry.businessKey(), entry.description(),
          entry.reversesEntryId());
      if (inserted.isEmpty()) {
        var earlier = jdbc.queryForMap("""
            select entry_id, request_hash from journal_entry where tenant_id = ? and idempotency_key = ?""",
            entry.tenantId(), entry.idempotencyKey());
        if (!hash.equals(earlier.get("request_hash"))) {
          throw new IdempotencyConflictException(entry.idempotencyKey());
        }
        return new PostResult(((Number) earlier.get("entry_id")).longValue(), true);
      }
      long entryId = inserted.getFirst();
      List<Object[]> rows = new ArrayList<>();
      for (Posting p : entry.postings()) {
        long accountId = accountId(entry.tenantId(), p, opened);
        rows.add(new Object[] {entryId, entry.tenantId(), accountId, p.side() == Posting.Side.DEBIT ? "D" : "C",
            p.amountMinor(), p.currency()});
      }
      jdbc.batchUpdate("""
          insert into posting (entry_id, tenant_id, account_id, side, amount_minor, currency)
          values (?, ?, ?, ?, ?, ?)""", rows);
      return new PostResult(entryId, false);
    });
    afterCommit(() -> {
      accountIds.putAll(opened); // cache only what a committed transaction created or read
      if (!result.duplicate()) {
        events.publishEvent(new JournalEntryPosted(entry.tenantId(), result.entryId(), entry.idempotencyKey(),
            entry.kind(), entry.businessKey(), entry.postings()));
      }
    });
    return result;
  }

  /** Runs now, or after the commit of the caller's transaction when {@link #post} joined one (e.g. {@link Escrow}). */
  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }

  /**
   * Posts the reversing entry of {@code entryId}: the correction for a mistake, never an update.
   *
   * @throws IllegalArgumentException if the entry does not exist for this tenant
   */
  public PostResult reverse(String tenantId, long entryId, String idempotencyKey, String reason) {
    PostedEntry original = entries(tenantId, "entry_id = ?", entryId).stream().findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No journal entry " + entryId + " for tenant " + tenantId));
    return post(new JournalEntry(tenantId, idempotencyKey, "REVERSAL", original.businessKey(),
        "Reversal of entry " + entryId + ": " + reason, entryId,
        original.postings().stream().map(Posting::reversed).toList()));
  }

  /** Whether an entry was already posted under this idempotency key. */
  public boolean isPosted(String tenantId, String idempotencyKey) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from journal_entry where tenant_id = ? and idempotency_key = ?)", Boolean.class,
        tenantId, idempotencyKey));
  }

  /** The balance of one account (zero if it was never posted to). */
  public long balance(String tenantId, String accountCode, String currency) {
    Long balance = jdbc.query("""
        select a.type, coalesce(sum(case p.side when 'D' then p.amount_minor end), 0),
               coalesce(sum(case p.side when 'C' then p.amount_minor end), 0)
        from ledger_account a left join posting p on p.account_id = a.account_id
        where a.tenant_id = ? and a.code = ? and a.currency = ? group by a.type""",
        rs -> rs.next() ? AccountType.valueOf(rs.getString(1)).balance(rs.getLong(2), rs.getLong(3)) : 0L,
        tenantId, accountCode, currency);
    return balance == null ? 0 : balance;
  }

  /** Balances of the tenant's accounts whose code ends with {@code :<businessKey>}, or all when it is null. */
  public List<AccountBalance> balances(String tenantId, String businessKey) {
    String filter = businessKey == null ? "%" : "%:" + businessKey;
    return jdbc.query("""
        select a.code, a.type, a.currency, coalesce(sum(case p.side when 'D' then p.amount_minor end), 0),
               coalesce(sum(case p.side when 'C' then p.amount_minor end), 0)
        from ledger_account a left join posting p on p.account_id = a.account_id
        where a.tenant_id = ? and a.code like ?
        group by a.code, a.type, a.currency order by a.code, a.currency""",
        (rs, i) -> {
          AccountType type = AccountType.valueOf(rs.getString(2));
          return new AccountBalance(rs.getString(1), type, rs.getString(3), rs.getLong(4), rs.getLong(5),
              type.balance(rs.getLong(4), rs.getLong(5)));
        }, tenantId, filter);
  }

  /** The trial balance: per currency, the sum of all debits and all credits of the tenant. */
  public List<TrialBalanceLine> trialBalance(String tenantId) {
    return jdbc.query("""
        select currency, coalesce(sum(case side when 'D' then amount_minor end), 0),
               coalesce(sum(case side when 'C' then amount_minor end), 0)
        from posting where tenant_id = ? group by currency order by currency""",
        (rs, i) -> new TrialBalanceLine(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(2) - rs.getLong(3)),
        tenantId);
  }

  /** The entry posted under this idempotency key, if any. */
  public java.util.Optional<PostedEntry> entry(String tenantId, String idempotencyKey) {
    return entries(tenantId, "idempotency_key = ?", idempotencyKey).stream().findFirst();
  }

  /** The entries posted for a business key (e.g. a booking id), oldest first. */
  public List<PostedEntry> entries(String tenantId, String businessKey) {
    return entries(tenantId, "business_key = ?", businessKey);
  }

  private List<PostedEntry> entries(String tenantId, String condition, Object argument) {
    List<PostedEntry> entries = new ArrayList<>();
    jdbc.query("select entry_id, idempotency_key, kind, business_key, description, posted_at, reverses_entry_id "
        + "from journal_entry where tenant_id = ? and " + condition + " order by entry_id", rs -> {
          entries.add(new PostedEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), (Long) rs.getObject(7), new ArrayList<>()));
        }, tenantId, argument);
    Map<Long, PostedEntry> byId = new java.util.HashMap<>();
    entries.forEach(e -> byId.put(e.entryId(), e));
    jdbc.query("""
        select p.entry_id, a.code, a.type, p.side, p.amount_minor, p.currency from posting p
          join ledger_account a on a.account_id = p.account_id join journal_entry e on e.entry_id = p.entry_id
        where e.tenant_id = ? and e.""" + condition + " order by p.entry_id, p.posting_id", rs -> {
          PostedEntry entry = byId.get(rs.getLong(1));
          if (entry == null) {
            return;
          }
          entry.postings().add(new Posting(rs.getString(2), AccountType.valueOf(rs.getString(3)),
              "D".equals(rs.getString(4)) ? Posting.Side.DEBIT : Posting.Side.CREDIT, rs.getLong(5),
              rs.getString(6)));
        }, tenantId, argument); // all postings in one query; an entry committed in between is skipped
    return entries;
  }

  private long accountId(String tenantId, Posting posting, Map<String, Long> opened) {
    String cacheKey = tenantId + "|" + posting.accountCode() + "|" + posting.currency();
    Long cached = accountIds.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    jdbc.update("""
        insert into ledger_account (tenant_id, code, type, currency) values (?, ?, ?, ?)
        on conflict (tenant_id, code, currency) do nothing""",
        tenantId, posting.accountCode(), posting.accountType().name(), posting.currency());
    var row = jdbc.queryForMap("select account_id, type from ledger_account where tenant_id = ? and code = ? "
        + "and currency = ?", tenantId, posting.accountCode(), posting.currency());
    if (!posting.accountType().name().equals(row.get("type"))) {
      throw new IllegalStateException("Account " + posting.accountCode() + " is " + row.get("type")
          + ", not " + posting.accountType());
    }
    long id = ((Number) row.get("account_id")).longValue();
    opened.put(cacheKey, id);
    return id;
  }

  private static String hash(JournalEntry entry) {
    StringBuilder canonical = new StringBuilder(entry.kind()).append('|').append(entry.businessKey()).append('|')
        .append(entry.reversesEntryId());
    entry.postings().stream().map(p -> p.accountCode() + ',' + p.accountType() + ',' + p.side() + ','
        + p.amountMinor() + ',' + p.currency()).sorted().forEach(line -> canonical.append('|').append(line));
    return DigestUtils.sha256Hex(canonical.toString());
  }
}
