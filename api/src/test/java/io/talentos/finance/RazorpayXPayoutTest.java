package io.talentos.finance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 4, the payout provider port: a tenant with a RazorpayX account pays the talent through the RazorpayX Payouts
 * API, here a local WireMock stub of it (no network reaches the provider). The payout records the provider's id, the
 * request carries the idempotency key, a retried job calls nobody again and posts nothing again, and a refusal ends in
 * an incident that names it.
 */
@TalentOsTest
class RazorpayXPayoutTest extends ProcessTestSupport {

  @RegisterExtension
  static WireMockExtension razorpayx = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  @Autowired PayoutProviders providers;
  @Autowired FinanceWorkers financeWorkers;
  @Autowired PaymentWebhooks webhooks;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate http;

  @AfterEach
  void offlineAgain() {
    jdbc.update("delete from payout_provider_account where tenant_id = ?", TENANT);
  }

  @Test
  void theTalentIsPaidThroughRazorpayX_onceWithTheProvidersPayoutId() {
    String talent = newTalent();
    providers.saveAccount(TENANT, new PayoutProviders.Account(razorpayx.baseUrl(), "rzp_test_key", "rzp_test_secret",
        "7878780080316316"));
    providers.savePayee(TENANT, talent, "fa_" + talent.hashCode());
    razorpayx.stubFor(post(urlEqualTo("/v1/payouts")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"pout_00000000000001\",\"entity\":\"payout\",\"status\":\"processing\"}")));

    var booking = toPayoutApproval(talent, 4_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted().hasPassedElementsInOrder("CallActivity_PayoutApproval", "Task_PayOut",
            "Task_ReconcileBooking")
        .hasVariableWithValue("payoutProvider", "razorpayx").hasVariableWithValue("payoutId", "pout_00000000000001")
        .hasVariableWithValue("payoutStatus", "PROCESSING");
    // PERCENTAGE 20% of ₹40,000 and GROWTH 2.5%: the talent's ₹31,000 goes to its fund account
    razorpayx.verify(1, postRequestedFor(urlEqualTo("/v1/payouts"))
        .withHeader("X-Payout-Idempotency", equalTo("payout:" + id))
        .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("rzp_test_key", "rzp_test_secret"))
        .withRequestBody(equalToJson("{\"account_number\":\"7878780080316316\",\"fund_account_id\":\"fa_"
            + talent.hashCode() + "\",\"amount\":3100000,\"currency\":\"INR\",\"reference_id\":\"" + id + "\"}",
            true, true)));
    assertThat(ledger.entries(TENANT, id.toString())).filteredOn(e -> e.kind().equals("PAYOUT")).singleElement()
        .satisfies(e -> assertThat(e.description()).contains("razorpayx pout_00000000000001"));

    // the job runs again (its completion was lost): the kept answer is reported, nobody is called, nothing posts
    var again = financeWorkers.payOut(new FinanceWorkers.PayoutInput(TENANT, id.toString(), talent, "INR", "fin.ravi"));
    assertThat(again.payoutId()).isEqualTo("pout_00000000000001");
    razorpayx.verify(1, postRequestedFor(urlEqualTo("/v1/payouts")));
    assertThat(entryKinds(id)).containsOnlyOnce("PAYOUT");
  }

  @Test
  void aRazorpayXPayoutThatFailsLater_isFoundByItsPayoutId_onlyTheTalentsShareIsHeld_andFinanceKeepsItOnHold()
      throws Exception {
    String talent = newTalent();
    String payoutId = "pout_" + Integer.toHexString(talent.hashCode());
    providers.saveAccount(TENANT, new PayoutProviders.Account(razorpayx.baseUrl(), "rzp_test_key", "rzp_test_secret",
        "7878780080316316"));
    providers.savePayee(TENANT, talent, "fa_" + talent.hashCode());
    razorpayx.stubFor(post(urlEqualTo("/v1/payouts")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"" + payoutId + "\",\"entity\":\"payout\",\"status\":\"processing\"}")));
    var booking = toPayoutApproval(talent, 4_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    String secret = "whsec_razorpay_test_secret";
    webhooks.saveAccount(TENANT, "razorpay", secret);
    String payload = """
        {"entity":"event","account_id":"acc_test","event":"payout.failed","contains":["payout"],
         "payload":{"payout":{"entity":{"id":"%s","entity":"payout","amount":3100000,"currency":"INR",
         "status":"reversed","failure_reason":"Beneficiary bank account is frozen","notes":{"bookingId":"%s"}}}},
         "created_at":1700000700}""".formatted(payoutId, id);
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    headers.set("X-Razorpay-Signature", com.razorpay.Utils.getHash(payload, secret));
    assertThat(http.postForEntity("/api/v1/webhooks/razorpay/" + TENANT,
        new org.springframework.http.HttpEntity<>(payload, headers), String.class).getStatusCode().value())
        .isEqualTo(200);

    var task = awaitTask(id, "Task_ResolveFailedPayout");
    tasks.complete(TENANT, task.taskId(), "fin.meera", Map.of("failedPayoutOutcome", "KEEP_ON_HOLD",
        "failedPayoutNote", "The talent has not sent new bank details yet"));
    org.awaitility.Awaitility.await().atMost(io.talentos.support.Waits.AWAIT)
        .until(() -> hasEvent(id, "EndEvent_KeptOnHold", "COMPLETED"));

    assertThatProcess(id, "payout-failure").isCompleted()
        .hasPassedElementsInOrder("Task_ReversePayout", "Task_ResolveFailedPayout", "Gateway_PayAgain",
            "EndEvent_KeptOnHold")
        .hasNotPassedElement("CallActivity_ApproveRepayment").hasNotPassedElement("Task_PayAgain");
    String talentPayable = BookingAccounts.talentPayable(id.toString());
    assertThat(ledger.entries(TENANT, id.toString())).filteredOn(e -> e.kind().equals("PAYOUT_REVERSED"))
        .singleElement().satisfies(e -> {
          assertThat(e.idempotencyKey()).isEqualTo("payout-reversal:" + id);
          assertThat(e.amountOn(talentPayable, Posting.Side.CREDIT)).as("the talent's share only").isEqualTo(3_100_000);
        });
    assertThat(balance(talentPayable)).as("owed to the talent, on hold").isEqualTo(3_100_000);
    assertThat(entryKinds(id)).containsOnlyOnce("PAYOUT");
    razorpayx.verify(1, postRequestedFor(urlEqualTo("/v1/payouts")));
  }

  @Test
  void aTalentWithoutAFundAccount_endsInAnIncidentThatSaysSo_andNothingIsPosted() {
    String talent = newTalent();
    providers.saveAccount(TENANT, new PayoutProviders.Account(razorpayx.baseUrl(), "rzp_test_key", "rzp_test_secret",
        "7878780080316316"));
    var booking = toPayoutApproval(talent, 2_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));

    org.awaitility.Awaitility.await().atMost(io.talentos.support.Waits.AWAIT).until(() -> {
      journal.catchUp();
      return jdbc.queryForObject("""
          select count(*) from process_event e join process_instance p on p.engine_epoch = e.engine_epoch
            and p.process_instance_key = e.process_instance_key
          where p.business_key = ? and e.intent = 'INCIDENT' and e.detail like '%has no RazorpayX fund account%'""",
          Integer.class, id.toString()) > 0;
    });
    assertThat(entryKinds(id)).doesNotContain("PAYOUT");
    assertThat(balance(BookingAccounts.talentPayable(id.toString()))).as("still owed").isPositive();
  }
}
