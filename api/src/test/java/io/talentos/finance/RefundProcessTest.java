package io.talentos.finance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.razorpay.Utils;
import com.stripe.net.Webhook;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.Tenants;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every path of processes/finance/refund.bpmn on the real engine, started by real cancellations: the refund goes to
 * Stripe (its official SDK) or Razorpay through a local WireMock stub of their APIs with the idempotency key, the
 * provider's signed webhook (RefundProcessed, RefundFailed) is correlated into the refund's own instance, a refused or
 * failed refund is held for the client and returned by hand, a payment recorded by hand is refunded by hand, and a
 * repeated job, request or start refunds nothing twice. The tenant is its own, so its provider keys reach no other
 * test.
 */
@TalentOsTest
class RefundProcessTest extends ProcessTestSupport {

  private static final String REFUND_TENANT = "refund-agency";
  private static final String STRIPE_SECRET = "whsec_refund_stripe";
  private static final String RAZORPAY_SECRET = "whsec_refund_razorpay";

  @RegisterExtension
  static WireMockExtension provider = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  @Autowired Tenants tenants;
  @Autowired PaymentWebhooks webhooks;
  @Autowired Refunds refunds;
  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  @Override
  protected String tenant() {
    return REFUND_TENANT;
  }

  @BeforeEach
  void providersWithApiKeys() {
    TenantScope.callAsPlatform(() -> {
      tenants.ensure(REFUND_TENANT, "Refund Talent Agency", "PRO");
      return null;
    });
    webhooks.saveAccount(REFUND_TENANT, "stripe", STRIPE_SECRET, null, "sk_test_refunds", provider.baseUrl());
    webhooks.saveAccount(REFUND_TENANT, "razorpay", RAZORPAY_SECRET, "rzp_test_key", "rzp_test_secret",
        provider.baseUrl());
  }

  @Test
  void aCancelledStripePaymentIsRefundedThroughStripeOnce_andItsWebhookEndsTheRefund() throws Exception {
    UUID id = cancelledAfter(stripeCapture("pi_" + shortId()));
    String key = "cancellation:" + id;
    String paymentIntent = refundAwaitingProvider(key).paymentId();

    // 30 days ahead: EARLY_10_PERCENT of cancellation-penalty.dmn keeps ₹10,000 of ₹1,00,000; ₹90,000 goes back
    provider.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
        .withHeader("Idempotency-Key", equalTo("refund:" + REFUND_TENANT + ":" + key))
        .withHeader("Authorization", equalTo("Bearer sk_test_refunds"))
        .withRequestBody(containing("amount=9000000"))
        .withRequestBody(containing("payment_intent=" + paymentIntent)));
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED");

    String refunded = stripeEvent("refund.updated", """
        {"id":"re_stripe_0001","object":"refund","amount":9000000,"currency":"inr","status":"succeeded",
         "payment_intent":"%s","metadata":{"bookingId":"%s","refundKey":"%s"}}""".formatted(paymentIntent, id, key));
    assertThat(deliver("stripe", refunded, stripeSigned(refunded)).getBody().path("messageName").asText())
        .isEqualTo("RefundProcessed");
    awaitRefundEnded(id);

    assertThatRefund(id).isCompleted()
        .hasPassedElementsInOrder("StartEvent_RefundRequested", "Task_SubmitRefund", "Gateway_ProviderAnswer",
            "Event_RefundProcessed", "Task_ConfirmRefund", "EndEvent_RefundProcessed")
        .hasNotPassedElement("Task_HoldRefund").hasNotPassedElement("Task_ReturnByHand")
        .hasNotPassedElement("EndEvent_AlreadyRequested")
        .hasVariableWithValue("refundRoute", "PROVIDER").hasVariableWithValue("refundProvider", "stripe")
        .hasVariableWithValue("providerRefundId", "re_stripe_0001").hasVariableWithValue("refundStatus", "PROCESSED");
    assertThat(refunds.find(REFUND_TENANT, key)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("PROCESSED");
      assertThat(r.amountMinor()).isEqualTo(9_000_000);
      assertThat(r.providerRefundId()).isEqualTo("re_stripe_0001");
    });

    // the submit job runs again (its completion was lost), the cancellation asks again, another instance starts:
    // the recorded answer comes back, nobody calls Stripe again, nothing posts
    long instance = refundInstanceKey(id);
    assertThat(refunds.submit(REFUND_TENANT, key, instance).route()).isEqualTo(Refunds.Route.PROVIDER);
    assertThat(refunds.submit(REFUND_TENANT, key, instance + 1).route()).isEqualTo(Refunds.Route.DUPLICATE);
    assertThat(refunds.request(REFUND_TENANT, id.toString(), key, "again")).get()
        .extracting(Refunds.RefundView::status).isEqualTo("PROCESSED");
    provider.verify(1, postRequestedFor(urlEqualTo("/v1/refunds")));
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED");
    assertThat(refundInstances(id)).isEqualTo(1);

    // finance sees it; the demo tenant's finance manager does not
    ResponseEntity<JsonNode> list = http.exchange("/api/v1/tenants/" + REFUND_TENANT + "/refunds?bookingId=" + id,
        HttpMethod.GET, new HttpEntity<>(bearer(identity.token("fin.rhea", REFUND_TENANT,
            List.of("finance-manager")))), JsonNode.class);
    assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(list.getBody().get(0).path("providerRefundId").asText()).isEqualTo("re_stripe_0001");
    ResponseEntity<JsonNode> foreign = http.exchange("/api/v1/tenants/" + TENANT + "/refunds/" + key, HttpMethod.GET,
        new HttpEntity<>(bearer(identity.token("fin.meera", false))), JsonNode.class);
    assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(foreign.getHeaders().getContentType().toString()).startsWith("application/problem+json");

    // a retry days later whose first answer was lost (the row still says SUBMITTING): Stripe's idempotency key may
    // have expired, so the refund is looked up by its key first and not made again
    provider.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/refunds"))
        .withQueryParam("payment_intent", equalTo(paymentIntent)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"object\":\"list\",\"has_more\":false,\"url\":\"/v1/refunds\",\"data\":[{\"id\":"
                + "\"re_stripe_0001\",\"object\":\"refund\",\"status\":\"succeeded\",\"metadata\":"
                + "{\"refundKey\":\"" + key + "\"}}]}")));
    jdbc.update("update provider_refund set status = 'SUBMITTING' where tenant_id = ? and refund_key = ?",
        REFUND_TENANT, key);
    assertThat(refunds.submit(REFUND_TENANT, key, instance)).satisfies(s -> {
      assertThat(s.route()).isEqualTo(Refunds.Route.PROVIDER);
      assertThat(s.providerRefundId()).isEqualTo("re_stripe_0001");
    });
    provider.verify(1, postRequestedFor(urlEqualTo("/v1/refunds")));
  }

  @Test
  void aRazorpayRefundThatFailsLater_isHeldForTheClient_andFinanceReturnsItByHand() throws Exception {
    String payment = "pay_" + shortId();
    provider.stubFor(post(urlEqualTo("/v1/payments/" + payment + "/refund")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"rfnd_0001\",\"entity\":\"refund\",\"amount\":9000000,\"status\":\"pending\"}")));
    UUID id = cancelledAfter(razorpayCapture(payment));
    String key = "cancellation:" + id;
    refundAwaitingProvider(key);
    provider.verify(1, postRequestedFor(urlEqualTo("/v1/payments/" + payment + "/refund"))
        .withHeader("X-Refund-Idempotency", equalTo(RazorpayPayments.idempotencyHeader(
            "refund:" + REFUND_TENANT + ":" + key)))
        .withBasicAuth(new BasicCredentials("rzp_test_key", "rzp_test_secret"))
        .withRequestBody(containing("\"amount\":9000000")).withRequestBody(containing("\"refundKey\":\"" + key)));

    // no answer in time (PT1H in tests, P7D by default): finance chases it and the refund waits again
    advance(java.time.Duration.ofHours(2));
    complete(id, "Task_ChaseRefund", "fin.rhea", Map.of("refundChaseNote", "Razorpay support says it is queued"));
    refundAwaitingProvider(key);

    String failed = """
        {"entity":"event","account_id":"acc_test","event":"refund.failed","contains":["refund"],
         "payload":{"refund":{"entity":{"id":"rfnd_0001","entity":"refund","amount":9000000,"payment_id":"%s",
         "notes":{"bookingId":"%s","refundKey":"%s"},"status":"failed"}}},"created_at":1700000100}"""
        .formatted(payment, id, key);
    var receipt = deliver("razorpay", failed, Map.of("X-Razorpay-Signature", Utils.getHash(failed, RAZORPAY_SECRET)));
    assertThat(receipt.getBody().path("messageName").asText()).isEqualTo("RefundFailed");
    awaitTask(id, "Task_ReturnByHand");
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD");
    assertThat(balance(BookingAccounts.refundOnHold(id.toString()))).as("owed to the client again")
        .isEqualTo(9_000_000);

    complete(id, "Task_ReturnByHand", "fin.rhea", Map.of("refundReturnReference", "UTR-4471",
        "refundReturnNote", "NEFT to the client's account"));
    awaitRefundEnded(id);

    assertThatRefund(id).isCompleted()
        .hasPassedElementsInOrder("Task_SubmitRefund", "Gateway_AwaitAnswer", "Event_RefundOverdue",
            "Task_ChaseRefund", "Gateway_AwaitAnswer", "Event_RefundFailed", "Task_HoldRefund", "Task_ReturnByHand",
            "Task_RecordManualRefund", "EndEvent_ReturnedByHand")
        .hasNotPassedElement("Event_RefundProcessed").hasNotPassedElement("Task_ConfirmRefund")
        .hasVariableWithValue("refundReturnedBy", "fin.rhea").hasVariableWithValue("refundStatus", "RETURNED_BY_HAND");
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD",
        "REFUND_RETURNED");
    assertThat(balance(BookingAccounts.refundOnHold(id.toString()))).isZero();
    assertThat(refunds.find(REFUND_TENANT, key).returnedReference()).isEqualTo("UTR-4471");
    assertThat(ledger.trialBalance(REFUND_TENANT)).allSatisfy(line -> assertThat(line.differenceMinor()).isZero());
  }

  @Test
  void aRefundRazorpayRefuses_isHeldAndReturnedByHand_withoutWaitingForAWebhook() throws Exception {
    String payment = "pay_" + shortId();
    provider.stubFor(post(urlEqualTo("/v1/payments/" + payment + "/refund")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"code\":\"BAD_REQUEST_ERROR\",\"description\":\"The payment has been fully refunded "
            + "already\"}}")));
    UUID id = cancelledAfter(razorpayCapture(payment));
    String key = "cancellation:" + id;
    awaitTask(id, "Task_ReturnByHand");

    assertThat(refunds.find(REFUND_TENANT, key)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("REFUSED");
      assertThat(r.failureReason()).contains("fully refunded already");
    });
    complete(id, "Task_ReturnByHand", "fin.rhea", Map.of("refundReturnReference", "UTR-4472"));
    awaitRefundEnded(id);
    assertThatRefund(id).isCompleted()
        .hasPassedElementsInOrder("Task_SubmitRefund", "Task_HoldRefund", "Task_ReturnByHand",
            "Task_RecordManualRefund", "EndEvent_ReturnedByHand")
        .hasNotPassedElement("Gateway_ProviderAnswer").hasVariableWithValue("refundRoute", "REFUSED");
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD",
        "REFUND_RETURNED");
  }

  @Test
  void aStripeRefundThatFailsAfterItSucceeded_isHeldAgain_andReturnedByHand() throws Exception {
    UUID id = cancelledAfter(stripeCapture("pi_" + shortId()));
    String key = "cancellation:" + id;
    String paymentIntent = refundAwaitingProvider(key).paymentId();
    String refund = """
        {"id":"re_late_0001","object":"refund","amount":9000000,"currency":"inr","status":"%s",%s
         "payment_intent":"%s","metadata":{"bookingId":"%s","refundKey":"%s"}}""";
    String succeeded = stripeEvent("refund.updated", refund.formatted("succeeded", "", paymentIntent, id, key));
    deliver("stripe", succeeded, stripeSigned(succeeded));
    awaitRefundEnded(id);

    // days later the bank returns it: the refund's instance has ended, so the failure starts its compensation
    String failed = stripeEvent("refund.failed", refund.formatted("failed",
        "\"failure_reason\":\"expired_or_canceled_card\",", paymentIntent, id, key));
    assertThat(deliver("stripe", failed, stripeSigned(failed)).getBody().path("messageName").asText())
        .isEqualTo(Refunds.FAILED_AFTER_PROCESSED);
    String failedAgain = stripeEvent("refund.updated", refund.formatted("failed", "", paymentIntent, id, key));
    assertThat(deliver("stripe", failedAgain, stripeSigned(failedAgain)).getBody().path("messageName").asText(null))
        .as("Stripe's second event for the same failure starts nothing more").isNull();
    awaitTask(id, "Task_ReturnByHand");
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD");
    assertThat(refunds.find(REFUND_TENANT, key)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("FAILED");
      assertThat(r.failureReason()).contains("expired_or_canceled_card");
    });
    complete(id, "Task_ReturnByHand", "fin.rhea", Map.of("refundReturnReference", "UTR-4473"));
    await().atMost(AWAIT).until(() -> completions(id, "EndEvent_ReturnedByHand") == 1);
    assertThat(completions(id, "StartEvent_RefundFailedAfterProcessed")).isEqualTo(1);
    assertThat(tasks.list(REFUND_TENANT, "CREATED", null, id.toString())).as("one return by hand, not two").isEmpty();
    assertThat(allEntryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD",
        "REFUND_RETURNED");
    assertThat(ledger.trialBalance(REFUND_TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void aTenantCannotSendItsProviderKeysToAnAddressOfItsChoosing() {
    HttpHeaders headers = bearer(identity.token("owner.rita", REFUND_TENANT, List.of("tenant-owner")));
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> refused = http.exchange("/api/v1/tenants/" + REFUND_TENANT
            + "/payment-providers/stripe", HttpMethod.PUT, new HttpEntity<>(Map.of("webhookSecret", STRIPE_SECRET,
            "apiSecret", "sk_test_refunds", "apiBaseUrl", "http://169.254.169.254/latest"), headers), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().path("detail").asText()).contains("talentos.payments.allowed-api-bases");
    for (String sneaky : List.of("https://api.stripe.com:x@evil.example", "http://localhost:1@evil.example",
        "https://api.stripe.com.evil.example", "ftp://api.stripe.com")) {
      assertThat(http.exchange("/api/v1/tenants/" + REFUND_TENANT + "/payment-providers/stripe", HttpMethod.PUT,
          new HttpEntity<>(Map.of("webhookSecret", STRIPE_SECRET, "apiSecret", "sk_test_refunds", "apiBaseUrl",
              sneaky), headers), String.class).getStatusCode()).as(sneaky).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(http.exchange("/api/v1/tenants/" + REFUND_TENANT + "/payment-providers/stripe", HttpMethod.PUT,
        new HttpEntity<>(Map.of("webhookSecret", STRIPE_SECRET, "apiSecret", "sk_test_refunds", "apiBaseUrl",
            provider.baseUrl()), headers), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aPaymentRecordedByHand_isRefundedByHand_andARepeatedStartEndsAtOnce() {
    var booking = startBooking(newTalent(), 10_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    pay(id, "bank-" + id, 10_000_000, 0);
    awaitTask(id, "Task_RecordDelivery");
    send(id, "CancellationRequested", Map.of("cancellationReason", "Campaign postponed"));
    String key = "cancellation:" + id;
    awaitTask(id, "Task_ReturnByHand");
    assertThat(refunds.find(REFUND_TENANT, key)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("MANUAL");
      assertThat(r.failureReason()).contains("not made through a payment provider");
    });

    complete(id, "Task_ReturnByHand", "fin.rhea", Map.of("refundReturnReference", "CHQ-0042"));
    awaitRefundEnded(id);
    assertThatRefund(id).isCompleted()
        .hasPassedElementsInOrder("Task_SubmitRefund", "Task_HoldRefund", "Task_ReturnByHand",
            "Task_RecordManualRefund", "EndEvent_ReturnedByHand")
        .hasNotPassedElement("Gateway_ProviderAnswer")
        .hasVariableWithValue("refundRoute", "MANUAL");

    // a second start of the same refund (the engine starts none while the first runs; here, a message published
    // again after the first ended) claims nothing and ends at once
    messages.publish(REFUND_TENANT, Refunds.REQUESTED, key, "restart-" + id, java.time.Duration.ZERO,
        Map.of("tenantId", REFUND_TENANT, "businessKey", id.toString(), "bookingId", id.toString(), "refundKey", key));
    await().atMost(AWAIT).until(() -> completions(id, "EndEvent_AlreadyRequested") == 1);
    assertThat(allEntryKinds(id)).as("owed to the client until returned by hand, then paid")
        .containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED", "REFUND_HELD", "REFUND_RETURNED");
    assertThat(balance(BookingAccounts.refundOnHold(id.toString()))).isZero();
    assertThat(refunds.find(REFUND_TENANT, key).status()).isEqualTo("RETURNED_BY_HAND");
    assertThat(completions(id, "Task_SubmitRefund")).isEqualTo(2);
    provider.verify(0, postRequestedFor(urlEqualTo("/v1/refunds")));
  }

  @Test
  void aFailedPaymentAsksTheBookerToFollowUp_andTheBookingStillWaitsForItsDeposit() throws Exception {
    var booking = startBooking(newTalent(), 2_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    awaitWaitingFor(id, "PaymentCaptured");
    String failed = """
        {"entity":"event","account_id":"acc_test","event":"payment.failed","contains":["payment"],
         "payload":{"payment":{"entity":{"id":"pay_failed_%s","entity":"payment","amount":2000000,"currency":"INR",
         "status":"failed","error_description":"Card declined by the issuing bank","notes":{"bookingId":"%s"}}}},
         "created_at":1700000200}""".formatted(shortId(), id);
    assertThat(deliver("razorpay", failed, Map.of("X-Razorpay-Signature", Utils.getHash(failed, RAZORPAY_SECRET)))
        .getBody().path("messageName").asText()).isEqualTo("PaymentFailed");
    complete(id, "Task_FollowUpFailedPayment", "booker.asha", Map.of("paymentFollowUp", "ASKED_TO_PAY_AGAIN"));

    String payment = "pay_" + shortId();
    String captured = razorpayCapturePayload(id, payment, 2_000_000);
    deliver("razorpay", captured, Map.of("X-Razorpay-Signature", Utils.getHash(captured, RAZORPAY_SECRET)));
    awaitTask(id, "Task_RecordDelivery");

    assertThatBooking(booking).hasPassedElementsInOrder("StartEvent_PaymentFailed",
            "Task_FollowUpFailedPayment", "EndEvent_PaymentFollowedUp", "Event_PaymentCaptured", "Task_RecordPayment")
        .hasNotPassedElement("Event_DepositOverdue")
        .hasVariableWithValue("paymentFailureReason", "Card declined by the issuing bank");
    assertThat(balance(BookingAccounts.clientEscrow(id.toString()))).isEqualTo(2_000_000);
  }

  /** A booking of ₹1,00,000 paid by {@code capture} and cancelled 30 days ahead; its id. */
  private UUID cancelledAfter(java.util.function.Function<UUID, String[]> capture) throws Exception {
    var booking = startBooking(newTalent(), 10_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    awaitWaitingFor(id, "PaymentCaptured");
    String[] delivery = capture.apply(id);
    Map<String, String> headers = "stripe".equals(delivery[0]) ? stripeSigned(delivery[1])
        : Map.of("X-Razorpay-Signature", Utils.getHash(delivery[1], RAZORPAY_SECRET));
    assertThat(deliver(delivery[0], delivery[1], headers).getStatusCode()).isEqualTo(HttpStatus.OK);
    awaitTask(id, "Task_RecordDelivery");
    send(id, "CancellationRequested", Map.of("cancellationReason", "Campaign postponed"));
    return id;
  }

  private java.util.function.Function<UUID, String[]> stripeCapture(String paymentIntent) {
    provider.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"re_stripe_0001\",\"object\":\"refund\",\"amount\":9000000,\"currency\":\"inr\","
            + "\"status\":\"pending\",\"payment_intent\":\"" + paymentIntent + "\"}")));
    return id -> new String[] {"stripe", stripeEvent("payment_intent.succeeded", """
        {"id":"%s","object":"payment_intent","amount":10000000,"amount_received":10000000,"currency":"inr",
         "metadata":{"bookingId":"%s","feeMinor":"0"}}""".formatted(paymentIntent, id))};
  }

  private static java.util.function.Function<UUID, String[]> razorpayCapture(String payment) {
    return id -> new String[] {"razorpay", razorpayCapturePayload(id, payment, 10_000_000)};
  }

  private static String razorpayCapturePayload(UUID id, String payment, long amount) {
    return """
        {"entity":"event","account_id":"acc_test","event":"payment.captured","contains":["payment"],
         "payload":{"payment":{"entity":{"id":"%s","entity":"payment","amount":%d,"currency":"INR","status":"captured",
         "fee":0,"notes":{"bookingId":"%s"}}}},"created_at":1700000000}""".formatted(payment, amount, id);
  }

  private static String stripeEvent(String type, String object) {
    return """
        {"id":"evt_%s","object":"event","api_version":"2024-06-20","type":"%s","data":{"object":%s}}"""
        .formatted(UUID.randomUUID(), type, object);
  }

  private static Map<String, String> stripeSigned(String payload) {
    try {
      long now = System.currentTimeMillis() / 1000;
      return Map.of("Stripe-Signature", "t=" + now + ",v1="
          + Webhook.Util.computeHmacSha256(STRIPE_SECRET, now + "." + payload));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ResponseEntity<JsonNode> deliver(String providerName, String payload, Map<String, String> extra) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    extra.forEach(headers::set);
    ResponseEntity<JsonNode> response = http.exchange("/api/v1/webhooks/" + providerName + "/" + REFUND_TENANT,
        HttpMethod.POST, new HttpEntity<>(payload, headers), JsonNode.class);
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    return response;
  }

  private static HttpHeaders bearer(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return headers;
  }

  /** Waits until the refund was submitted to the provider and its instance waits for the provider's answer. */
  private Refunds.RefundView refundAwaitingProvider(String key) {
    await().atMost(AWAIT).until(() -> messages.isWaiting(REFUND_TENANT, "RefundProcessed", key));
    return refunds.find(REFUND_TENANT, key);
  }

  private long refundInstanceKey(UUID bookingId) {
    journal.catchUp();
    return jdbc.queryForObject("""
        select min(process_instance_key) from process_instance where tenant_id = ? and business_key = ?
          and bpmn_process_id = 'refund' and engine_epoch = ?""", Long.class, REFUND_TENANT, bookingId.toString(),
        epoch.value());
  }

  private int refundInstances(UUID bookingId) {
    journal.catchUp();
    return jdbc.queryForObject("""
        select count(*) from process_instance where tenant_id = ? and business_key = ? and bpmn_process_id = 'refund'
          and engine_epoch = ?""", Integer.class, REFUND_TENANT, bookingId.toString(), epoch.value());
  }

  private void awaitRefundEnded(UUID bookingId) {
    await().atMost(AWAIT).until(() -> {
      journal.catchUp();
      return jdbc.queryForObject("""
          select count(*) from process_instance where tenant_id = ? and business_key = ? and bpmn_process_id = 'refund'
            and engine_epoch = ? and state = 'COMPLETED'""", Integer.class, REFUND_TENANT, bookingId.toString(),
          epoch.value()) > 0;
    });
  }

  private ProcessInstanceAssert assertThatRefund(UUID bookingId) {
    return assertThatProcess(bookingId, "refund");
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
  }
}
