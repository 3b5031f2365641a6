package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.Decisions;
import io.talentos.tenancy.Tenants;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Revenue recognition modes (seed 000 §10.6). In CASH mode (the default) the agency's commission is recognised when
 * the client's money is released from escrow by the commission split. In ACCRUAL mode it is recognised when the
 * booking is invoiced: the DMN {@code commission-split} on the booking's gross gives the commission, posted as
 * commission receivable against agency revenue ({@link Escrow#accrueCommission}); releases clear the receivable, and
 * what a booking never releases is reversed when it ends ({@link Escrow#reverseAccrual}).
 */
@Component
public class RevenueRecognition {

  private static final Logger LOG = LoggerFactory.getLogger(RevenueRecognition.class);

  private final FinanceSettings settings;
  private final Escrow escrow;
  private final Decisions decisions;
  private final Tenants tenants;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  RevenueRecognition(FinanceSettings settings, Escrow escrow, Decisions decisions, Tenants tenants, JdbcTemplate jdbc,
      ObjectMapper json) {
    this.settings = settings;
    this.escrow = escrow;
    this.decisions = decisions;
    this.tenants = tenants;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Called when an invoice for a booking is issued: in ACCRUAL mode recognises the booking's agency commission, once
   * per booking (a second invoice of the same booking recognises nothing more).
   *
   * @return the commission accrued by this call in minor units of the booking's currency; 0 in CASH mode, for an
   *     unknown booking, or when it was accrued before
   * @throws IllegalStateException if no commission rule covers the booking (it was checked when the booking started)
   */
  public long onInvoiceIssued(String tenantId, String bookingId, String invoiceNumber) {
    if (bookingId == null || !settings.accrues(tenantId)) {
      return 0;
    }
    UUID id;
    try {
      id = UUID.fromString(bookingId);
    } catch (IllegalArgumentException e) {
      id = null;
    }
    List<Map<String, Object>> terms = id == null ? List.of() : jdbc.queryForList("""
        select budget_minor, currency, commission_model from booking where tenant_id = ? and booking_id = ?""",
        tenantId, id);
    if (terms.isEmpty()) {
      LOG.warn("Invoice {} (tenant {}) names booking {}, which the tenant does not have: nothing accrued",
          invoiceNumber, tenantId, bookingId);
      return 0;
    }
    long gross = ((Number) terms.getFirst().get("budget_minor")).longValue();
    String currency = ((String) terms.getFirst().get("currency")).trim();
    Decisions.Result result = decisions.evaluate("commission-split", Map.of("grossMinor", gross, "currency", currency,
        "commissionModel", terms.getFirst().get("commission_model"), "processorFeeMinor", 0,
        "tenantPlan", tenants.requireActive(tenantId).plan()));
    if (result.failed()) {
      throw new IllegalStateException("No commission rule covers booking " + bookingId + ": " + result.failure());
    }
    CommissionSplit split;
    try {
      split = json.readValue(result.outputJson(), CommissionSplit.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("commission-split returned no split for booking " + bookingId, e);
    }
    Ledger.PostResult posted = escrow.accrueCommission(tenantId, bookingId, split.agencyCommissionMinor(), currency,
        "Commission of booking " + bookingId + " recognised on invoice " + invoiceNumber + " (ACCRUAL)");
    if (posted == null || posted.duplicate()) {
      return 0;
    }
    LOG.info("Booking {} (tenant {}): commission {} {} accrued on invoice {}", bookingId, tenantId,
        split.agencyCommissionMinor(), currency, invoiceNumber);
    return split.agencyCommissionMinor();
  }
}
