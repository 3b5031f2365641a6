package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.LIABILITY;
import static io.talentos.finance.AccountType.REVENUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger on a real PostgreSQL with the real migrations: idempotency, append-only tables, derived balances. */
class LedgerTest {

  private static EmbeddedPostgres postgres;
  private static JdbcTemplate jdbc;
  private static Ledger ledger;
  private static final java.util.List<Object> POSTED = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void startDatabase() throws IOException {
    postgres = EmbeddedPostgres.start();
    DataSource dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    jdbc.update("insert into tenant (tenant_id, name) values ('agency-a', 'A'), ('agency-b', 'B')");
    ledger = new Ledger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), POSTED::add);
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    postgres.close();
  }

  private static JournalEntry capture(String tenant, String key, long amount) {
    return JournalEntry.builder(tenant, key, "PAYMENT_CAPTURED", "b1", "capture")
        .debit(BookingAccounts.CASH, ASSET, amount, "INR")
        .credit(BookingAccounts.clientEscrow("b1"), LIABILITY, amount, "INR").build();
  }

  @Test
  void aDuplicateIdempotencyKeyIsANoOp() {
    Ledger.PostResult first = ledger.post(capture("agency-a", "dup-1", 700));
    Ledger.PostResult again = ledger.post(capture("agency-a", "dup-1", 700));
    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.entryId()).isEqualTo(first.entryId());
    assertThat(POSTED).filteredOn(e -> ((Ledger.JournalEntryPosted) e).idempotencyKey().equals("dup-1")).hasSize(1);
    assertThat(jdbc.queryForObject("select count(*) from posting where entry_id = ?", Integer.class, first.entryId()))
        .isEqualTo(2);
  }

  @Test
  void reusingAKeyForADifferentEntryIsRefused() {
    ledger.post(capture("agency-a", "conflict-1", 100));
    assertThatThrownBy(() -> ledger.post(capture("agency-a", "conflict-1", 101)))
        .isInstanceOf(Ledger.IdempotencyConflictException.class);
  }

  @Test
  void theSameKeyInAnotherTenantIsAnotherEntry() {
    Ledger.PostResult a = ledger.post(capture("agency-a", "shared-key", 100));
    Ledger.PostResult b = ledger.post(capture("agency-b", "shared-key", 100));
    assertThat(b.duplicate()).isFalse();
    assertThat(b.entryId()).isNotEqualTo(a.entryId());
  }

  @Test
  void theDatabaseRefusesUpdateDeleteAndTruncate() {
    ledger.post(capture("agency-a", "immutable-1", 100));
    for (String sql : new String[] {
        "update posting set amount_minor = 1", "delete from posting",
        "update journal_entry set description = 'x'", "delete from journal_entry",
        "update ledger_account set code = 'x'", "delete from ledger_account",
        "truncate posting cascade", "truncate journal_entry cascade"}) {
      assertThatThrownBy(() -> jdbc.execute(sql)).as(sql).isInstanceOf(DataAccessException.class)
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void theDatabaseRefusesAnUnbalancedEntryWrittenAroundTheDomain() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      long entry = jdbc.queryForObject("""
          insert into journal_entry (tenant_id, idempotency_key, request_hash, kind, description)
          values ('agency-a', 'raw-1', 'h', 'X', 'raw') returning entry_id""", Long.class);
      long account = jdbc.queryForObject("""
          insert into ledger_account (tenant_id, code, type, currency) values ('agency-a', 'raw-account', 'ASSET', 'INR')
          returning account_id""", Long.class);
      jdbc.update("insert into posting (entry_id, tenant_id, account_id, side, amount_minor, currency) "
          + "values (?, 'agency-a', ?, 'D', 5, 'INR')", entry, account);
    })).isInstanceOf(TransactionSystemException.class).rootCause().hasMessageContaining("unbalanced");
    assertThat(ledger.isPosted("agency-a", "raw-1")).isFalse();
  }

  @Test
  void aCorrectionIsAReversingEntryAndBalancesAreDerived() {
    String tenant = "agency-b";
    Ledger.PostResult posted = ledger.post(JournalEntry.builder(tenant, "fee-1", "X", "b9", "fee")
        .debit("cash", ASSET, 250, "INR").credit("agency-revenue:b9", REVENUE, 250, "INR").build());
    assertThat(ledger.balance(tenant, "agency-revenue:b9", "INR")).isEqualTo(250);
    Ledger.PostResult reversal = ledger.reverse(tenant, posted.entryId(), "reverse-fee-1", "wrong booking");
    assertThat(ledger.balance(tenant, "agency-revenue:b9", "INR")).isZero();
    assertThat(ledger.entries(tenant, "b9")).extracting(Ledger.PostedEntry::kind).containsExactly("X", "REVERSAL");
    assertThat(ledger.entries(tenant, "b9").get(1).reversesEntryId()).isEqualTo(posted.entryId());
    assertThat(ledger.reverse(tenant, posted.entryId(), "reverse-fee-1", "wrong booking").entryId())
        .isEqualTo(reversal.entryId());
  }

  @Test
  void theTrialBalanceOfEveryTenantIsZeroAndShowsOnlyItsOwnAccounts() {
    ledger.post(JournalEntry.builder("agency-a", "only-a", "X", "a7", "only tenant A")
        .debit("cash", ASSET, 12345, "INR").credit("agency-revenue:a7", REVENUE, 12345, "INR").build());
    for (String tenant : new String[] {"agency-a", "agency-b"}) {
      assertThat(ledger.trialBalance(tenant)).isNotEmpty()
          .allSatisfy(line -> assertThat(line.differenceMinor()).isZero());
    }
    assertThat(ledger.balances("agency-a", "a7")).extracting(Ledger.AccountBalance::balanceMinor).containsExactly(12345L);
    assertThat(ledger.balances("agency-b", "a7")).isEmpty();
    assertThat(ledger.entries("agency-b", "a7")).isEmpty();
  }
}
