package io.talentos.finance;

import io.talentos.isolation.TenantScope;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Starts payout batches on a schedule (issue 4): for every active tenant with queued payouts (BATCH payout mode, or
 * queued before it left that mode), one batch per currency with queued payouts, requested by the service identity
 * {@value PayoutBatchService#SERVICE_IDENTITY}. The batch still needs a maker and a checker in the task list before
 * anything is paid. The time is
 * {@code talentos.finance.payout-batch-cron} (default 10:00 India time on weekdays; "-" turns it off). A currency
 * whose previous batch is still open is skipped until it closes.
 */
@Configuration
@EnableScheduling
public class PayoutBatchSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(PayoutBatchSchedule.class);

  private final PayoutBatchService batches;
  private final JdbcTemplate jdbc;

  PayoutBatchSchedule(PayoutBatchService batches, JdbcTemplate jdbc) {
    this.batches = batches;
    this.jdbc = jdbc;
  }

  /** Requests the due batches; one tenant's failure does not stop the others. */
  @Scheduled(cron = "${talentos.finance.payout-batch-cron:0 0 10 * * MON-FRI}", zone = Invoices.INDIA_ZONE_ID)
  public void requestDueBatches() {
    List<String> tenants = TenantScope.callAsPlatform(() -> jdbc.queryForList("""
        select distinct t.tenant_id from tenant t join payout_batch_item i on i.tenant_id = t.tenant_id
        where t.status = 'ACTIVE' and i.status = 'QUEUED' order by t.tenant_id""", String.class));
    for (String tenant : tenants) {
      for (String currency : TenantScope.callAs(tenant, () -> batches.queuedCurrencies(tenant))) {
        try {
          PayoutBatchService.Batch batch = TenantScope.callAs(tenant, () -> batches.request(tenant, currency,
              PayoutBatchService.SERVICE_IDENTITY));
          LOG.info("Tenant {}: payout batch {} in {} requested", tenant, batch.batchId(), currency);
        } catch (PayoutBatchService.BatchInProgressException e) {
          LOG.info("Tenant {}: {}", tenant, e.getMessage());
        } catch (RuntimeException e) {
          LOG.error("Tenant {}: payout batch in {} could not be requested: {}", tenant, currency, e.getMessage(), e);
        }
      }
    }
  }
}
