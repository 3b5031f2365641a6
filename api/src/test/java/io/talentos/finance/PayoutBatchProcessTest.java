package io.talentos.finance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.talentos.booking.BookingService;
import io.talentos.isolation.TenantScope;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskList;
import io.talentos.tenancy.Tenants;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/finance/payout-batch.bpmn on the real engine, with real bookings of a tenant in BATCH payout
 * mode: the bookings wait for the batch, the batch is prepared and approved by two different people, paid by
 * automation.finance with the provider's payout ids (offline, or a WireMock stub of RazorpayX), and each booking then
 * reconciles; a refused payout goes back to the queue for finance to review; an empty batch ends at once. The tenant
 * is its own, so no other test's booking lands in these batches.
 */
@TalentOsTest
class PayoutBatchProcessTest extends ProcessTestSupport {

  private static final String BATCH_TENANT = "batch-agency";
  @RegisterExtension
  static WireMockExtension razorpayx = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  @Autowired Tenants tenants;
  @Autowired FinanceSettings settings;
  @Autowired PayoutBatchService batches;
  @Autowired PayoutBatchWorkers batchWorkers;
  @Autowired PayoutProviders providers;

  @Override
  protected String tenant() {
    return BATCH_TENANT;
  }

  @BeforeEach
  void batchMode() {
    TenantScope.callAsPlatform(() -> {
      tenants.ensure(BATCH_TENANT, "Batch Talent Agency", "PRO");
      return null;
    });
    settings.save(BATCH_TENANT, new FinanceSettings.Settings(null, null, "BATCH", "CASH"), "owner.devi");
  }

  @AfterEach
  void offline() {
    jdbc.update("delete from payout_provider_account where tenant_id = ?", BATCH_TENANT);
  }

  /** A booking of this tenant released in full and waiting for a payout batch. */
  private BookingService.StartedBooking releasedAndQueued(String talent, long gross) {
    var booking = startBooking(talent, gross, "PERCENTAGE");
    toAcceptance(booking.bookingId(), gross, 0);
    awaitWaitingFor(booking.bookingId(), PayoutBatchService.PAID_MESSAGE);
    return booking;
  }

  private long payable(UUID booking) {
    return TenantScope.callAs(BATCH_TENANT, () -> ledger.balances(BATCH_TENANT, booking.toString())).stream()
        .filter(a -> a.accountCode().contains("-payable:")).mapToLong(Ledger.AccountBalance::balanceMinor).sum();
  }

  private ProcessInstanceAssert assertThatBatch(UUID batchId) {
    journal.catchUp();
    long key = jdbc.queryForObject("""
        select process_instance_key from process_instance where tenant_id = ? and business_key = ?
          and bpmn_process_id = 'payout-batch' and engine_epoch = ?""", Long.class, BATCH_TENANT, batchId.toString(),
        epoch.value());
    return new ProcessInstanceAssert(key, RecordStream.of(journal.recordStream()));
  }

  private void awaitBatch(UUID batchId, String status) {
    await().atMost(AWAIT).until(() -> batches.find(BATCH_TENANT, batchId).status(), status::equals);
  }

  @Test
  void queuedPayouts_arePreparedApprovedByAnother_andPaidByAutomationFinance_thenEachBookingReconciles() {
    var first = releasedAndQueued(newTalent(), 4_000_000);
    var second = releasedAndQueued(newTalent(), 2_500_000);
    long owedFirst = payable(first.bookingId());
    long owedSecond = payable(second.bookingId());
    assertThat(owedFirst).isPositive();
    assertThat(batches.queued(BATCH_TENANT)).extracting(PayoutBatchService.Item::bookingId)
        .contains(first.bookingId().toString(), second.bookingId().toString());
    assertThat(entryKinds(first.bookingId())).doesNotContain("PAYOUT");

    PayoutBatchService.Batch batch = batches.request(BATCH_TENANT, "INR", "fin.ravi");
    UUID batchId = batch.batchId();
    assertThatThrownBy(() -> batches.request(BATCH_TENANT, "INR", "fin.ravi"))
        .isInstanceOf(PayoutBatchService.BatchInProgressException.class);
    complete(batchId, "Task_PreparePayout", "fin.ravi", Map.of("payoutReference", "BATCH-1",
        "payoutAmountsChecked", true));
    PayoutBatchService.Batch collected = batches.find(BATCH_TENANT, batchId);
    assertThat(collected.status()).isEqualTo("AWAITING_APPROVAL");
    assertThat(collected.items()).extracting(PayoutBatchService.Item::bookingId)
        .containsExactlyInAnyOrder(first.bookingId().toString(), second.bookingId().toString());
    assertThat(collected.totalMinor()).isEqualTo(owedFirst + owedSecond);
    assertThatThrownBy(() -> complete(batchId, "Task_ApprovePayout", "fin.ravi", Map.of("payoutApproved", true)))
        .as("the maker cannot approve").isInstanceOf(TaskList.SelfApprovalException.class);
    complete(batchId, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(first.bookingId());
    awaitEnded(second.bookingId());
    awaitBatch(batchId, "PAID");

    // two payouts, then the multi-instance body completes
    assertThatBatch(batchId).isCompleted().hasPassedElementsInOrder("Task_CollectPayouts",
            "CallActivity_ApproveBatch", "Task_PayBatchItem", "Task_PayBatchItem", "Task_PayBatchItem",
            "Task_CloseBatch", "EndEvent_BatchPaid")
        .hasNotPassedElement("EndEvent_NothingQueued").hasNotPassedElement("Task_ReviewRefusedPayouts")
        .hasVariableWithValue("payoutBatchStatus", "PAID").hasVariableWithValue("payoutRefusedCount", 0);
    for (var booking : List.of(first, second)) {
      UUID id = booking.bookingId();
      assertThatBooking(booking).isCompleted()
          .hasPassedElementsInOrder("Task_RoutePayout", "Event_PaidInBatch", "Task_ReconcileBooking",
              "EndEvent_BookingReconciled")
          .hasNotPassedElement("CallActivity_PayoutApproval").hasNotPassedElement("Task_PayOut")
          .hasVariableWithValue("payoutMode", "BATCH").hasVariableWithValue("payoutBatchId", batchId.toString())
          .hasVariableWithValue("payoutProvider", "offline");
      assertThat(entryKinds(id)).containsOnlyOnce("PAYOUT");
      assertThat(payable(id)).as("nothing owed after the batch").isZero();
      assertThat(ledger.entries(BATCH_TENANT, id.toString())).filteredOn(e -> e.kind().equals("PAYOUT"))
          .singleElement().satisfies(e -> assertThat(e.description()).contains("batch " + batchId)
              .contains("automation.finance").contains("prepared by fin.ravi").contains("approved by fin.meera"));
    }
    PayoutBatchService.Batch paid = batches.find(BATCH_TENANT, batchId);
    assertThat(paid.items()).allSatisfy(i -> {
      assertThat(i.status()).isEqualTo("PAID");
      assertThat(i.provider()).isEqualTo("offline");
      assertThat(i.providerPayoutId()).startsWith("offline-");
    });
    assertThat(paid.items()).extracting(PayoutBatchService.Item::amountMinor)
        .containsExactlyInAnyOrder(owedFirst, owedSecond);

    // the job of a paid item runs again (its completion was lost): the same payout, nothing posted twice
    var again = batchWorkers.pay(new PayoutBatchWorkers.PayItemInput(BATCH_TENANT, batchId.toString(),
        new PayoutBatchWorkers.CollectedItem(first.bookingId().toString(), owedFirst), "fin.ravi", "fin.meera", null));
    assertThat(again.payoutResult().status()).isEqualTo("PAID");
    assertThat(again.payoutResult().payoutId()).isEqualTo(paid.items().stream()
        .filter(i -> i.bookingId().equals(first.bookingId().toString())).findFirst().orElseThrow().providerPayoutId());
    assertThat(entryKinds(first.bookingId())).containsOnlyOnce("PAYOUT");
    assertThat(ledger.trialBalance(BATCH_TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void aPayoutTheProviderRefuses_goesBackToTheQueue_financeReviewsIt_andTheNextBatchPaysIt() {
    String withAccount = newTalent();
    String withoutAccount = newTalent();
    providers.saveAccount(BATCH_TENANT, new PayoutProviders.Account(razorpayx.baseUrl(), "rzp_test_key",
        "rzp_test_secret", "7878780080316316"));
    providers.savePayee(BATCH_TENANT, withAccount, "fa_paid");
    razorpayx.stubFor(post(urlEqualTo("/v1/payouts")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"pout_batch_0001\",\"entity\":\"payout\",\"status\":\"processing\"}")));
    var paidOne = releasedAndQueued(withAccount, 3_000_000);
    var refusedOne = releasedAndQueued(withoutAccount, 2_000_000);

    UUID batchId = batches.request(BATCH_TENANT, "INR", PayoutBatchService.SERVICE_IDENTITY).batchId();
    complete(batchId, "Task_PreparePayout", "fin.ravi", Map.of("payoutReference", "BATCH-2",
        "payoutAmountsChecked", true));
    complete(batchId, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitTask(batchId, "Task_ReviewRefusedPayouts");
    awaitEnded(paidOne.bookingId());

    PayoutBatchService.Batch partly = batches.find(BATCH_TENANT, batchId);
    assertThat(partly.status()).isEqualTo("PARTLY_PAID");
    assertThat(partly.failures()).singleElement().satisfies(f -> {
      assertThat(f.bookingId()).isEqualTo(refusedOne.bookingId().toString());
      assertThat(f.reason()).contains("has no RazorpayX fund account");
    });
    assertThat(partly.items()).singleElement().satisfies(i -> {
      assertThat(i.bookingId()).isEqualTo(paidOne.bookingId().toString());
      assertThat(i.provider()).isEqualTo("razorpayx");
      assertThat(i.providerPayoutId()).isEqualTo("pout_batch_0001");
    });
    razorpayx.verify(1, postRequestedFor(urlEqualTo("/v1/payouts")));
    assertThat(batches.queued(BATCH_TENANT)).singleElement().satisfies(i -> {
      assertThat(i.bookingId()).isEqualTo(refusedOne.bookingId().toString());
      assertThat(i.lastFailure()).contains("fund account");
    });
    assertThat(entryKinds(refusedOne.bookingId())).as("nothing posted for the refused payout")
        .doesNotContain("PAYOUT");
    assertThat(payable(refusedOne.bookingId())).isPositive();

    complete(batchId, "Task_ReviewRefusedPayouts", "fin.ravi", Map.of("payeesFollowedUp", true,
        "refusedPayoutsNote", "Talent sent the fund account"));
    assertThatBatch(batchId).isCompleted().hasPassedElement("Task_ReviewRefusedPayouts")
        .hasPassedElement("EndEvent_BatchPartlyPaid").hasNotPassedElement("EndEvent_BatchPaid");
    assertThatBooking(refusedOne).isActive().hasNotPassedElement("Task_ReconcileBooking");

    // finance fixes the payee; the next batch pays it
    providers.savePayee(BATCH_TENANT, withoutAccount, "fa_fixed");
    UUID next = batches.request(BATCH_TENANT, "INR", "fin.ravi").batchId();
    complete(next, "Task_PreparePayout", "fin.ravi", Map.of("payoutReference", "BATCH-3",
        "payoutAmountsChecked", true));
    complete(next, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(refusedOne.bookingId());
    awaitBatch(next, "PAID");
    assertThatBooking(refusedOne).isCompleted().hasPassedElement("Event_PaidInBatch")
        .hasVariableWithValue("payoutBatchId", next.toString());
    assertThat(entryKinds(refusedOne.bookingId())).containsOnlyOnce("PAYOUT");
  }

  @Test
  void aBatchCancelledBeforeApproval_queuesItsPayoutsAgain_andTheNextBatchPaysThem() {
    var booking = releasedAndQueued(newTalent(), 1_500_000);
    UUID cancelled = batches.request(BATCH_TENANT, "INR", "fin.ravi").batchId();
    awaitTask(cancelled, "Task_PreparePayout");
    assertThat(batches.cancel(BATCH_TENANT, cancelled, "fin.ravi").status()).isEqualTo("CANCELLED");
    await().atMost(AWAIT).untilAsserted(() -> assertThatBatch(cancelled).isTerminated()
        .hasNotPassedElement("Task_PayBatchItem"));
    assertThat(batches.queued(BATCH_TENANT)).extracting(PayoutBatchService.Item::bookingId)
        .containsExactly(booking.bookingId().toString());
    assertThatThrownBy(() -> batches.cancel(BATCH_TENANT, cancelled, "fin.ravi"))
        .isInstanceOf(PayoutBatchService.BatchStateException.class);
    assertThat(entryKinds(booking.bookingId())).doesNotContain("PAYOUT");

    // the tenant goes back to per-booking payouts: what it queued is still batched, so no booking waits forever
    settings.save(BATCH_TENANT, new FinanceSettings.Settings(null, null, "PER_BOOKING", null), "owner.devi");
    UUID next = batches.request(BATCH_TENANT, "INR", "fin.ravi").batchId();
    complete(next, "Task_PreparePayout", "fin.ravi", Map.of("payoutReference", "BATCH-4",
        "payoutAmountsChecked", true));
    complete(next, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(booking.bookingId());
    assertThat(entryKinds(booking.bookingId())).containsOnlyOnce("PAYOUT");
    assertThatThrownBy(() -> batches.cancel(BATCH_TENANT, next, "fin.ravi")).as("paid batches stay paid")
        .isInstanceOf(PayoutBatchService.BatchStateException.class);
  }

  @Test
  void aBatchWithNothingQueued_endsAtOnce_andAPerBookingTenantCannotStartOne() {
    batches.queued(BATCH_TENANT).forEach(i -> { throw new AssertionError("left in the queue: " + i); });
    UUID empty = batches.request(BATCH_TENANT, "INR", "fin.ravi").batchId();
    awaitBatch(empty, "EMPTY");
    await().atMost(AWAIT).untilAsserted(() -> assertThatBatch(empty).isCompleted()
        .hasPassedElement("EndEvent_NothingQueued").hasNotPassedElement("CallActivity_ApproveBatch"));

    settings.save(BATCH_TENANT, new FinanceSettings.Settings(null, null, "PER_BOOKING", "CASH"), "owner.devi");
    assertThatThrownBy(() -> batches.request(BATCH_TENANT, "INR", "fin.ravi"))
        .isInstanceOf(PayoutBatchService.InvalidBatchException.class).hasMessageContaining("payoutMode BATCH");
    assertThatThrownBy(() -> batches.request(BATCH_TENANT, "RUPEES", "fin.ravi"))
        .isInstanceOf(PayoutBatchService.InvalidBatchException.class);
  }
}
