package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.Decisions;
import io.talentos.tenancy.Tenants;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final Ledger ledger;
  private final Decisions decisions;
  private final Tenants tenants;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  RevenueRecognition(FinanceSettings settings, Escrow escrow, Ledger ledger, Decisions decisions, Tenants tenants,
      JdbcTemplate jdbc, ObjectMapper json) {
    this.settings = settings;
    this.ledger = ledger;
    this.escrow = escrow;
    this.decisions = decisions;
    this.tenants = tenants;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The commission to accrue for a booking: minor units of its ISO 4217 currency. */
  public record Accrual(String bookingId, long commissionMinor, String currency) {}

  /**
   * Before an invoice for a booking is issued: in ACCRUAL mode, the booking's agency commission by the DMN
   * {@code commission-split} on its gross, with the processor fees captured so far (outside the invoice's
   * transaction, so no decision is evaluated while the invoice series is locked).
   *
   * @return empty in CASH mode, without a booking, or for a booking the tenant does not have
   * @throws Invoices.InvalidInvoiceException if no commission rule covers the booking
   */
  public Optional<Accrual> prepare(String tenantId, String bookingId) {
    if (bookingId == null || !settings.accrues(tenantId)) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(bookingId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<Map<String, Object>> terms = jdbc.queryForList("""
        select budget_minor, currency, commission_model from booking where tenant_id = ? and booking_id = ?""",
        tenantId, id);
    if (terms.isEmpty()) {
      LOG.warn("An invoice (tenant {}) names booking {}, which the tenant does not have: nothing accrued", tenantId,
          bookingId);
      return Optional.empty();
    }
    long gross = ((Number) terms.getFirst().get("budget_minor")).longValue();
    String currency = ((String) terms.getFirst().get("currency")).trim();
    long fees = ledger.balances(tenantId, bookingId).stream()
        .filter(a -> a.accountCode().equals(BookingAccounts.processorFee(bookingId)) && a.currency().equals(currency))
        .mapToLong(Ledger.AccountBalance::debitsMinor).sum();
    Decisions.Result result = decisions.evaluate("commission-split", Map.of("grossMinor", gross, "currency", currency,
        "commissionModel", terms.getFirst().get("commission_model"), "processorFeeMinor", fees,
        "tenantPlan", tenants.requireActive(tenantId).plan()));
    CommissionSplit split = null;
    if (!result.failed()) {
      try {
        split = json.readValue(result.outputJson(), CommissionSplit.class);
      } catch (JsonProcessingException e) {
        split = null;
      }
    }
    if (split == null) {
      throw new Invoices.InvalidInvoiceException("No commission rule covers booking " + bookingId
          + "; its commission cannot be accrued" + (result.failed() ? ": " + result.failure() : ""));
    }
    return Optional.of(new Accrual(bookingId, split.agencyCommissionMinor(), currency));
  }

  /**
   * When the invoice is issued (inside its transaction): recognises the prepared commission, less what releases
   * recognised already, once per booking (see {@link Escrow#accrueCommission}).
   *
   * @return the amount accrued by this call, 0 when nothing was (a second invoice, a settled booking)
   */
  public long post(String tenantId, Accrual accrual, String invoiceNumber) {
    long accrued = escrow.accrueCommission(tenantId, accrual.bookingId(), accrual.commissionMinor(),
        accrual.currency(), "Commission of booking " + accrual.bookingId() + " recognised on invoice " + invoiceNumber
            + " (ACCRUAL)");
    if (accrued == 0) {
      LOG.info("Booking {} (tenant {}): invoice {} accrues nothing (accrued before, recognised or settled)",
          accrual.bookingId(), tenantId, invoiceNumber);
      return 0;
    }
    LOG.info("Booking {} (tenant {}): commission {} {} accrued on invoice {}", accrual.bookingId(), tenantId, accrued,
        accrual.currency(), invoiceNumber);
    return accrued;
  }
}
