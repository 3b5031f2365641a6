package io.talentos.finance;

import static io.talentos.finance.BookingAccounts.agencyRevenue;
import static io.talentos.finance.BookingAccounts.commissionReceivable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talentos.booking.BookingService;
import io.talentos.isolation.TenantScope;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tenancy.Tenants;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Revenue recognition modes (seed 000 §10.6) on real bookings: in ACCRUAL mode the commission is agency revenue from
 * the moment the booking is invoiced, the releases clear the receivable instead of recognising it again, and a
 * cancelled booking reverses it; in CASH mode the invoice recognises nothing and the release does. ACCRUAL is for the
 * PRO and ENTERPRISE plans. The tenant is its own (PRO), so the mode never leaks into other tests.
 */
@TalentOsTest
class RevenueRecognitionTest extends ProcessTestSupport {

  private static final String ACCRUAL_TENANT = "accrual-agency";

  @Autowired Tenants tenants;
  @Autowired FinanceSettings settings;
  @Autowired Invoices invoices;

  @Override
  protected String tenant() {
    return ACCRUAL_TENANT;
  }

  @BeforeEach
  void proTenantWithTaxProfile() {
    TenantScope.callAsPlatform(() -> {
      tenants.ensure(ACCRUAL_TENANT, "Accrual Talent Agency", "PRO");
      return null;
    });
    invoices.saveProfile(ACCRUAL_TENANT, new Invoices.TaxProfile("Accrual Talent Pvt Ltd",
        "12 Linking Road, Bandra West, Mumbai 400050", "27", "27AABCL1234M1Z5", "ACR"));
  }

  /** A PERCENTAGE booking of the tenant in this recognition mode, quoted, signed and invoiced for its gross. */
  private BookingService.StartedBooking signedAndInvoiced(String recognition, int daysAhead, long gross) {
    settings.save(ACCRUAL_TENANT, new FinanceSettings.Settings(null, null, "PER_BOOKING", recognition), "owner.devi");
    var booking = startBooking(newTalent(), daysAhead, gross, "PERCENTAGE");
    send(booking.bookingId(), "QuoteAccepted", Map.of());
    signContract(booking.bookingId());
    invoice(booking.bookingId(), gross);
    return booking;
  }

  private void invoice(UUID booking, long amountMinor) {
    invoices.issue(ACCRUAL_TENANT, "fin.ravi", new Invoices.InvoiceRequest(booking.toString(), null, "INR", null,
        new Invoices.Party("Aurora Cosmetics Ltd", "Andheri East, Mumbai", null, "27", "IN"),
        List.of(new Invoices.Line("Campaign shoot, one studio day", "999614", amountMinor))));
  }

  private void paidDeliveredAndReleased(UUID booking, long gross) {
    pay(booking, "pay-" + booking, gross, 0);
    recordDelivery(booking);
    send(booking, "DeliveryAccepted", Map.of());
    approveReleasesIfAsked(booking);
  }

  private long commissionOf(UUID booking) {
    return ledger.entries(ACCRUAL_TENANT, booking.toString()).stream()
        .filter(e -> e.kind().equals("COMMISSION_ACCRUED")).mapToLong(e -> e.amountOn(agencyRevenue(
            booking.toString()), Posting.Side.CREDIT)).sum();
  }

  @Test
  void accrual_recognisesTheCommissionOnTheInvoice_andTheReleaseClearsTheReceivable() {
    var booking = signedAndInvoiced("ACCRUAL", 30, 4_000_000);
    UUID id = booking.bookingId();
    String b = id.toString();
    invoice(id, 4_000_000); // a second invoice of the same booking recognises nothing more

    long commission = commissionOf(id);
    assertThat(commission).as("PERCENTAGE: 20% of ₹40,000").isEqualTo(800_000);
    assertThat(entryKinds(id)).containsOnlyOnce("COMMISSION_ACCRUED").doesNotContain("ESCROW_RELEASED");
    assertThat(balance(agencyRevenue(b))).as("revenue before any money moved").isEqualTo(commission);
    assertThat(balance(commissionReceivable(b))).isEqualTo(commission);

    paidDeliveredAndReleased(id, 4_000_000);
    preparePayout(id, "fin.ravi");
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    // one milestone: its instance, then the multi-instance body
    assertThatBooking(booking).isCompleted().hasPassedElementsInOrder("CallActivity_EscrowRelease",
        "CallActivity_EscrowRelease", "Task_RoutePayout", "CallActivity_PayoutApproval", "Task_PayOut",
        "Task_ReconcileBooking");
    assertThat(balance(agencyRevenue(b))).as("recognised once, on the invoice").isEqualTo(commission);
    assertThat(balance(commissionReceivable(b))).as("cleared by the release").isZero();
    assertThat(entryKinds(id)).doesNotContain("ACCRUAL_REVERSED");
    assertThat(ledger.trialBalance(ACCRUAL_TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void accrual_aCancelledBookingReversesTheCommission_andKeepsOnlyThePenalty() {
    var booking = signedAndInvoiced("ACCRUAL", 20, 2_000_000);
    UUID id = booking.bookingId();
    String b = id.toString();
    pay(id, "pay-" + id, 2_000_000, 0);
    awaitTask(id, "Task_RecordDelivery");
    send(id, "CancellationRequested", Map.of());
    awaitEnded(id);

    assertThatBooking(booking).isCompleted().hasPassedElement("Task_SettleCancellation")
        .hasPassedElement("EndEvent_BookingCancelled");
    long penalty = ledger.entries(ACCRUAL_TENANT, b).stream().filter(e -> e.kind().equals("CANCELLATION_SETTLED"))
        .mapToLong(e -> e.amountOn(agencyRevenue(b), Posting.Side.CREDIT)).sum();
    assertThat(entryKinds(id)).contains("COMMISSION_ACCRUED", "ACCRUAL_REVERSED");
    assertThat(balance(commissionReceivable(b))).isZero();
    assertThat(balance(agencyRevenue(b))).as("only the cancellation penalty is earned").isEqualTo(penalty);
  }

  @Test
  void cash_theInvoiceRecognisesNothing_theReleaseDoes_andAccrualNeedsAProPlan() {
    var booking = signedAndInvoiced("CASH", 30, 4_000_000);
    UUID id = booking.bookingId();
    String b = id.toString();
    assertThat(entryKinds(id)).doesNotContain("COMMISSION_ACCRUED");
    assertThat(balance(agencyRevenue(b))).isZero();
    paidDeliveredAndReleased(id, 4_000_000);
    assertThat(balance(agencyRevenue(b))).as("recognised on release").isEqualTo(800_000);
    assertThat(balance(commissionReceivable(b))).isZero();
    settings.save(ACCRUAL_TENANT, new FinanceSettings.Settings(null, null, null, "ACCRUAL"), "owner.devi");
    invoice(id, 4_000_000);
    assertThat(entryKinds(id)).as("a commission released before the tenant accrues is not recognised twice")
        .doesNotContain("COMMISSION_ACCRUED");
    assertThat(balance(agencyRevenue(b))).isEqualTo(800_000);

    assertThatThrownBy(() -> settings.save(TENANT, new FinanceSettings.Settings(null, null, null, "ACCRUAL"),
        "owner.devi")).isInstanceOf(FinanceSettings.InvalidSettingsException.class)
        .hasMessageContaining("PRO or ENTERPRISE");
  }
}
