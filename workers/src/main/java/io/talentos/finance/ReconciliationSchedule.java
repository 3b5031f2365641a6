package io.talentos.finance;

import io.talentos.isolation.TenantScope;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The daily reconciliation (issue 4): every night it compares each active tenant's provider captures of the day
 * before with the ledger ({@link SettlementService#reconcileProviderEvents}), as the service identity
 * {@code automation.finance}. The time is {@code talentos.finance.reconciliation-cron} (default 02:30 in India; "-"
 * turns it off). A day is reconciled once (a second node at the same moment gets the first one's import), so a
 * restart or a second node does no harm. A capture kept buffered because its booking did not wait for it yet is
 * reported missing on the day it arrived, even if the booking takes it later: finance resolves that task as timing.
 */
@Configuration
@EnableScheduling
public class ReconciliationSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationSchedule.class);

  private final SettlementService settlements;
  private final JdbcTemplate jdbc;

  ReconciliationSchedule(SettlementService settlements, JdbcTemplate jdbc) {
    this.settlements = settlements;
    this.jdbc = jdbc;
  }

  /** Reconciles yesterday (India time) for every active tenant; one tenant's failure does not stop the others. */
  @Scheduled(cron = "${talentos.finance.reconciliation-cron:0 30 2 * * *}", zone = Invoices.INDIA_ZONE_ID)
  public void reconcileYesterday() {
    LocalDate yesterday = LocalDate.now(Invoices.INDIA).minusDays(1);
    List<String> tenants = TenantScope.callAsPlatform(() ->
        jdbc.queryForList("select tenant_id from tenant where status = 'ACTIVE' order by tenant_id", String.class));
    for (String tenant : tenants) {
      try {
        TenantScope.callAs(tenant, () -> settlements.reconcileProviderEvents(tenant, yesterday, "automation.finance"))
            .ifPresent(i -> LOG.info("Tenant {}: provider captures of {} reconciled ({} lines)", tenant, yesterday,
                i.lines().size()));
      } catch (RuntimeException e) {
        LOG.error("Tenant {}: reconciliation of {} failed: {}", tenant, yesterday, e.getMessage(), e);
      }
    }
  }
}
