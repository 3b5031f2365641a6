package io.talentos.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talentos.finance.AccountType;
import io.talentos.finance.JournalEntry;
import io.talentos.finance.Ledger;
import io.talentos.support.OwnerDatabase;
import io.talentos.support.TalentOsTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 3: isolation is enforced in PostgreSQL, so a query that forgets the tenant still sees only its own rows. The
 * application's own connections are used (role talentos_app, tenant per transaction from {@link TenantScope}); the
 * owner's connection only counts what is really stored.
 */
@TalentOsTest
class RowLevelSecurityTest {

  private static final String A = "demo";
  private static final String B = "other-agency";

  @Autowired JdbcTemplate app;
  @Autowired Ledger ledger;
  @Autowired Environment env;

  private long post(String tenant) {
    String booking = "rls-" + UUID.randomUUID();
    return TenantScope.callAs(tenant, () -> ledger.post(JournalEntry.builder(tenant, booking, "TEST", booking,
            "Row-level security probe")
        .debit("CASH", AccountType.ASSET, 100, "INR")
        .credit("CLIENT_ESCROW:" + booking, AccountType.LIABILITY, 100, "INR")
        .build()).entryId());
  }

  private int countAll(String table) {
    return app.queryForObject("select count(*) from " + table, Integer.class); // no tenant filter on purpose
  }

  @Test
  void aQueryWithoutATenantFilterSeesOnlyTheScopedTenantsRows_andWritesForAnotherTenantAreRefused() {
    long entryOfA = post(A);
    long entryOfB = post(B);
    JdbcTemplate owner = OwnerDatabase.jdbc(env);
    int storedForA = owner.queryForObject("select count(*) from journal_entry where tenant_id = ?", Integer.class, A);
    int storedForB = owner.queryForObject("select count(*) from journal_entry where tenant_id = ?", Integer.class, B);
    assertThat(storedForB).isPositive();

    // the application's role is neither superuser nor exempt from row-level security
    Map<String, Object> role = TenantScope.callAs(A, () -> app.queryForMap(
        "select current_user as role, rolsuper, rolbypassrls from pg_roles where rolname = current_user"));
    assertThat(role).containsEntry("role", "talentos_app").containsEntry("rolsuper", false)
        .containsEntry("rolbypassrls", false);

    TenantScope.runAs(A, () -> {
      assertThat(countAll("journal_entry")).isEqualTo(storedForA);
      assertThat(app.queryForList("select tenant_id from posting", String.class)).isNotEmpty().containsOnly(A);
      assertThat(app.queryForList("select entry_id from journal_entry where entry_id = ?", Long.class, entryOfB))
          .as("tenant B's entry, looked up by id from tenant A").isEmpty();
      assertThat(app.queryForList("select entry_id from journal_entry where entry_id = ?", Long.class, entryOfA))
          .containsExactly(entryOfA);
      assertThatThrownBy(() -> app.update(
              "insert into tenant_role (tenant_id, role, source) values (?, 'spy', 'test')", B))
          .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
    });
    TenantScope.runAs(B, () -> {
      assertThat(countAll("journal_entry")).isEqualTo(storedForB);
      assertThat(app.update("update journal_entry set description = 'changed' where entry_id = ?", entryOfA))
          .as("tenant A's entry is invisible to tenant B, so not even the append-only trigger sees it").isZero();
    });

    // a connection taken without any scope sees no tenant's rows and can write none
    assertThat(countAll("journal_entry")).isZero();
    assertThat(countAll("audit_record")).isZero();
    assertThatThrownBy(() -> app.update("insert into tenant_role (tenant_id, role, source) values (?, 'x', 't')", A))
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");

    // system components work across tenants only when they say so
    assertThat(TenantScope.callAsPlatform(() -> countAll("journal_entry")))
        .isEqualTo(owner.queryForObject("select count(*) from journal_entry", Integer.class));
  }

  @Test
  void everyTableWithATenantColumnHasRowLevelSecurity() {
    var unprotected = OwnerDatabase.jdbc(env).queryForList("""
        select c.table_name from information_schema.columns c
          join pg_class t on t.relname = c.table_name and t.relkind = 'r'
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and not t.relrowsecurity
        order by 1""", String.class);
    assertThat(unprotected).as("tables with tenant_id but no row-level security (only the tenant registry may be)")
        .containsExactly("tenant");
  }
}
