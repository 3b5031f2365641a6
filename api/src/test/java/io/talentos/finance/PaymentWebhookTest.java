package io.talentos.finance;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.razorpay.Utils;
import com.stripe.net.Webhook;
import io.talentos.booking.BookingService;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 4, payments: provider webhooks signed with a test secret exactly as Razorpay and Stripe sign them, verified
 * by the providers' own SDKs, deduplicated by event id, accepted out of order (a capture before the booking waits for
 * it), and correlated into the booking, whose escrow is then FUNDED once.
 */
@TalentOsTest
class PaymentWebhookTest extends ProcessTestSupport {

  private static final String RAZORPAY_SECRET = "whsec_razorpay_test_secret";
  private static final String STRIPE_SECRET = "whsec_stripe_test_secret";

  @Autowired TestRestTemplate http;
  @Autowired Escrow escrow;
  @Autowired DevIdentityProvider identity;

  @BeforeEach
  void connectProviders() {
    for (var account : Map.of("razorpay", RAZORPAY_SECRET, "stripe", STRIPE_SECRET).entrySet()) {
      HttpHeaders headers = new HttpHeaders();
      headers.setBearerAuth(identity.token("owner.devi", false));
      headers.setContentType(MediaType.APPLICATION_JSON);
      assertThat(http.exchange("/api/v1/tenants/" + TENANT + "/payment-providers/" + account.getKey(),
          HttpMethod.PUT, new HttpEntity<>(Map.of("webhookSecret", account.getValue()), headers), String.class)
          .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }
  }

  private ResponseEntity<JsonNode> deliver(String provider, String tenant, String payload, Map<String, String> extra) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    extra.forEach(headers::set);
    return http.exchange("/api/v1/webhooks/" + provider + "/" + tenant, HttpMethod.POST,
        new HttpEntity<>(payload, headers), JsonNode.class);
  }

  private static String razorpayCapture(UUID bookingId, String paymentId, long amount, long fee) {
    return """
        {"entity":"event","account_id":"acc_test","event":"payment.captured","contains":["payment"],
         "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR","status":"captured",
         "fee":%d,"notes":{"bookingId":"%s"}}}},"created_at":1700000000}""".formatted(paymentId, amount, fee, bookingId);
  }

  private static Map<String, String> razorpaySigned(String payload, String eventId) throws Exception {
    return Map.of("X-Razorpay-Signature", Utils.getHash(payload, RAZORPAY_SECRET), "X-Razorpay-Event-Id", eventId);
  }

  @Test
  void aRazorpayCaptureThatArrivesEarlyFundsTheBookingOnce_andForgedOrRepeatedDeliveriesChangeNothing()
      throws Exception {
    BookingService.StartedBooking booking = startBooking(newTalent(), 1_000_000, "PERCENTAGE");
    String payload = razorpayCapture(booking.bookingId(), "pay_" + UUID.randomUUID().toString().substring(0, 8),
        1_000_000, 20_000);
    // the capture arrives while the booking still waits for the client's answer to the quote
    var early = deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-header-1"));
    String eventId = early.getBody().path("eventId").asText();
    assertThat(eventId).as("the id comes from the signed body, not the unsigned header").startsWith("payment.captured:");
    assertThat(early.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(early.getBody().path("messageName").asText()).isEqualTo("PaymentCaptured");
    assertThat(early.getBody().path("duplicate").asBoolean()).isFalse();

    send(booking.bookingId(), "QuoteAccepted", Map.of());
    signContract(booking.bookingId());
    awaitEntered(booking.bookingId(), "Task_RecordDelivery");
    assertThat(balance(BookingAccounts.clientEscrow(booking.bookingId().toString()))).isEqualTo(1_000_000);

    var again = deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-header-2-replayed"));
    assertThat(again.getBody().path("duplicate").asBoolean()).isTrue();
    assertThat(entryKinds(booking.bookingId())).containsOnlyOnce("PAYMENT_CAPTURED");
    assertThat(jdbc.queryForList("select actor || ' ' || outcome from audit_record where tenant_id = ? and object_id = ? "
        + "order by id", String.class, TENANT, eventId))
        .containsExactly("payments.webhook:razorpay RECEIVED", "payments.webhook:razorpay DUPLICATE");

    var forged = deliver("razorpay", TENANT, payload.replace("1000000", "9000000"), razorpaySigned(payload, "evt-x"));
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    var noAccount = deliver("razorpay", OTHER_TENANT, payload, razorpaySigned(payload, "evt-y"));
    var noTenant = deliver("razorpay", "no-such-tenant", payload, razorpaySigned(payload, "evt-z"));
    assertThat(noAccount.getStatusCode()).as("the other tenant has no Razorpay account").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noTenant.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noTenant.getBody().path("detail").asText()).as("an unauthenticated caller learns nothing")
        .isEqualTo(noAccount.getBody().path("detail").asText());
    assertThat(deliver("paypal", TENANT, payload, Map.of()).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String notJson = "not json";
    assertThat(deliver("razorpay", TENANT, notJson, razorpaySigned(notJson, "evt-j")).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jdbc.queryForObject("select count(*) from provider_event where tenant_id = ? and event_id = ?",
        Integer.class, TENANT, eventId)).isEqualTo(1);
  }

  @Test
  void aStripePaymentIntentSucceededFundsTheBookingItNames() throws Exception {
    BookingService.StartedBooking booking = startBooking(newTalent(), 500_000, "PERCENTAGE");
    send(booking.bookingId(), "QuoteAccepted", Map.of());
    signContract(booking.bookingId());
    awaitWaitingFor(booking.bookingId(), "PaymentCaptured");
    String payload = """
        {"id":"evt_%s","object":"event","api_version":"2024-06-20","type":"payment_intent.succeeded",
         "data":{"object":{"id":"pi_%s","object":"payment_intent","amount":500000,"amount_received":500000,
         "currency":"inr","metadata":{"bookingId":"%s","feeMinor":"10000"}}}}""".formatted(UUID.randomUUID(),
        UUID.randomUUID().toString().substring(0, 8), booking.bookingId());
    long now = System.currentTimeMillis() / 1000;
    String signature = "t=" + now + ",v1=" + Webhook.Util.computeHmacSha256(STRIPE_SECRET, now + "." + payload);
    var delivered = deliver("stripe", TENANT, payload, Map.of("Stripe-Signature", signature));
    assertThat(delivered.getStatusCode()).as(String.valueOf(delivered.getBody())).isEqualTo(HttpStatus.OK);
    awaitEntered(booking.bookingId(), "Task_RecordDelivery");
    await().atMost(AWAIT).until(() -> balance(BookingAccounts.clientEscrow(booking.bookingId().toString()))
        == 500_000);
    assertThat(deliver("stripe", TENANT, payload, Map.of("Stripe-Signature", "t=" + now + ",v1=deadbeef"))
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aFailedPayoutIsReversedOnceAndHeldForTheTalent_andFinanceResolvesIt() throws Exception {
    var booking = toPayoutApproval(newTalent(), 1_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);
    String talentPayable = BookingAccounts.talentPayable(id.toString());
    assertThat(balance(talentPayable)).isZero();

    String payload = """
        {"entity":"event","account_id":"acc_test","event":"payout.failed","contains":["payout"],
         "payload":{"payout":{"entity":{"id":"pout_%s","entity":"payout","amount":800000,"currency":"INR",
         "status":"reversed","failure_reason":"Beneficiary bank account is closed","notes":{"bookingId":"%s"}}}},
         "created_at":1700000500}""".formatted(id.toString().substring(0, 8), id);
    var failed = deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-payout-failed"));
    assertThat(failed.getStatusCode()).as(String.valueOf(failed.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(failed.getBody().path("messageName").asText()).isEqualTo("PayoutFailed");

    var task = awaitTask(id, "Task_ResolveFailedPayout");
    assertThat(task.candidateGroups()).containsExactly("finance-manager");
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT",
        "PAYOUT_REVERSED");
    assertThat(balance(talentPayable)).as("owed to the talent again, on hold").isPositive();
    assertThat(deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-payout-failed-again")).getBody()
        .path("duplicate").asBoolean()).isTrue();

    tasks.complete(TENANT, task.taskId(), "fin.meera", Map.of("failedPayoutOutcome", "PAY_AGAIN",
        "failedPayoutNote", "Talent sent new bank details"));
    preparePayout(id, "fin.ravi"); // paying again is a new payout: maker-checker again
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    await().atMost(AWAIT).until(() -> hasEvent(id, "EndEvent_PaidAgain", "COMPLETED"));

    assertThatProcess(id, "payout-failure").isCompleted()
        .hasPassedElementsInOrder("Task_ReversePayout", "Task_ResolveFailedPayout", "Gateway_PayAgain",
            "CallActivity_ApproveRepayment", "Task_PayAgain", "EndEvent_PaidAgain")
        .hasNotPassedElement("EndEvent_KeptOnHold").hasVariableWithValue("payoutFailureResolvedBy", "fin.meera")
        .hasVariableWithValue("payoutApprovedBy", "fin.meera");
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT",
        "PAYOUT_REVERSED", "PAYOUT");
    assertThat(ledger.entries(TENANT, id.toString())).filteredOn(e -> e.kind().equals("PAYOUT"))
        .extracting(Ledger.PostedEntry::idempotencyKey).containsExactly("payout:" + id, "payout:" + id + ":2");
    assertThat(balance(talentPayable)).as("paid again").isZero();
    assertThat(deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-payout-failed-late")).getBody()
        .path("duplicate").asBoolean()).as("a late redelivery of the first failure is recognised").isTrue();
    assertThat(entryKinds(id)).containsOnlyOnce("PAYOUT_REVERSED");
    // a late retry of the booking's own payout job pays nothing again: paying again was its own approved attempt
    assertThat(escrow.payOut(TENANT, id.toString(), "INR", "late retry of the first payout").duplicate()).isTrue();
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"LOST", "WON"})
  void aChargebackAfterThePayout_isClaimedFromTheProvider_andTheDecisionClosesTheClaim(String outcome)
      throws Exception {
    var booking = toPayoutApproval(newTalent(), 1_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    String dispute = "disp_" + outcome + "_" + id.toString().substring(0, 8);
    String payload = """
        {"entity":"event","account_id":"acc_test","event":"payment.dispute.created","contains":["payment","dispute"],
         "payload":{"payment":{"entity":{"id":"pay_cb_%s","entity":"payment","amount":1000000,"currency":"INR",
         "notes":{"bookingId":"%s"}}},"dispute":{"entity":{"id":"%s","entity":"dispute","amount":400000,
         "currency":"INR","reason_code":"goods_not_received","phase":"chargeback"}}},"created_at":1700000900}"""
        .formatted(id.toString().substring(0, 8), id, dispute);
    var delivered = deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-chargeback"));
    assertThat(delivered.getStatusCode()).as(String.valueOf(delivered.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(delivered.getBody().path("messageName").asText()).as("the booking no longer waits for it")
        .isEqualTo("ChargebackAfterRelease");

    var task = awaitTask(id, "Task_AnswerChargeback");
    assertThat(task.candidateGroups()).containsExactly("finance-manager");
    assertThat(balance(BookingAccounts.chargebackReceivable(id.toString()))).isEqualTo(400_000);
    assertThat(ledger.entries(TENANT, id.toString())).filteredOn(e -> e.kind().equals("CHARGEBACK_TAKEN"))
        .singleElement().as("the provider took it from the balance")
        .satisfies(e -> assertThat(e.amountOn(BookingAccounts.CASH, Posting.Side.CREDIT)).isEqualTo(400_000));
    assertThat(deliver("razorpay", TENANT, payload, razorpaySigned(payload, "evt-chargeback-again")).getBody()
        .path("duplicate").asBoolean()).isTrue();

    boolean won = outcome.equals("WON");
    tasks.complete(TENANT, task.taskId(), "fin.meera", Map.of("chargebackOutcome", outcome,
        "chargebackNote", "Delivery proof sent to the issuer"));
    String end = won ? "EndEvent_ChargebackWon" : "EndEvent_ChargebackLost";
    await().atMost(AWAIT).until(() -> hasEvent(id, end, "COMPLETED"));

    assertThatProcess(id, "chargeback").isCompleted()
        .hasPassedElementsInOrder("StartEvent_ChargebackAfterRelease", "Task_RecordChargeback",
            "Task_AnswerChargeback", "Task_CloseChargeback", end)
        .hasNotPassedElement(won ? "EndEvent_ChargebackLost" : "EndEvent_ChargebackWon")
        .hasVariableWithValue("chargebackAnsweredBy", "fin.meera");
    assertThat(entryKinds(id)).containsSubsequence("PAYOUT", "CHARGEBACK_TAKEN", "CHARGEBACK_" + outcome)
        .containsOnlyOnce("CHARGEBACK_TAKEN");
    assertThat(balance(BookingAccounts.chargebackReceivable(id.toString()))).isZero();
    assertThat(balance(BookingAccounts.chargebackLoss(id.toString()))).as("the agency's loss only if lost")
        .isEqualTo(won ? 0 : 400_000);
    assertThat(hasEvent(id, "CallActivity_Dispute", "ACTIVATED")).as("the ended booking opened no dispute").isFalse();
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  private ResponseEntity<JsonNode> recordOffline(String user, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(identity.token(user, false));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange("/api/v1/tenants/" + TENANT + "/payments", HttpMethod.POST, new HttpEntity<>(body, headers),
        JsonNode.class);
  }

  @Test
  void anOfflinePaymentRecordedByFinance_fundsTheBookingOnce_andBadOnesAreRefused() {
    BookingService.StartedBooking booking = startBooking(newTalent(), 800_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    Map<String, Object> transfer = Map.of("bookingId", id, "reference", "NEFT-" + id.toString().substring(0, 8),
        "amountMinor", 800_000, "currency", "INR");

    assertThat(recordOffline("booker.asha", transfer).getStatusCode()).as("needs finance.payment.record")
        .isEqualTo(HttpStatus.FORBIDDEN);
    var first = recordOffline("fin.ravi", transfer);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody().path("provider").asText()).isEqualTo("offline");
    assertThat(first.getBody().path("duplicate").asBoolean()).isFalse();
    assertThat(recordOffline("fin.meera", transfer).getBody().path("duplicate").asBoolean()).isTrue();
    assertThat(recordOffline("fin.meera", Map.of("bookingId", id, "reference", transfer.get("reference"),
        "amountMinor", 100, "currency", "INR")).getStatusCode()).as("one reference, one payment")
        .isEqualTo(HttpStatus.CONFLICT);
    awaitEntered(id, "Task_RecordDelivery");

    assertThat(ledger.entries(TENANT, id.toString())).extracting(Ledger.PostedEntry::idempotencyKey)
        .containsExactly("payment:offline:NEFT-" + id.toString().substring(0, 8));
    assertThat(balance(BookingAccounts.clientEscrow(id.toString()))).isEqualTo(800_000);
    var usd = recordOffline("fin.ravi", Map.of("bookingId", id, "reference", "WIRE-1", "amountMinor", 100,
        "currency", "USD"));
    assertThat(usd.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(usd.getBody().path("detail").asText()).contains("is in INR");
    assertThat(recordOffline("fin.ravi", Map.of("bookingId", UUID.randomUUID(), "reference", "WIRE-2",
        "amountMinor", 100, "currency", "INR")).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(recordOffline("fin.ravi", Map.of("bookingId", id, "reference", "bad reference!", "amountMinor", 100,
        "currency", "INR")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
