package io.talentos.finance;

import static io.talentos.finance.BookingAccounts.agencyRevenue;
import static io.talentos.finance.BookingAccounts.clientEscrow;
import static io.talentos.finance.BookingAccounts.disputeHold;
import static io.talentos.finance.BookingAccounts.escrowPending;
import static io.talentos.finance.BookingAccounts.platformFee;
import static io.talentos.finance.BookingAccounts.talentPayable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.talentos.booking.BookingService;
import io.talentos.booking.Inquiry;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskList;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every branch of processes/finance/escrow-release.bpmn on the real engine, called by real bookings: milestones and
 * partial releases, the two-phase transfer posted or voided (rejection, timeout), dual approval above the tenant's
 * threshold, and the chargeback that locks the escrow.
 */
@TalentOsTest
class EscrowReleaseProcessTest extends ProcessTestSupport {

  @Autowired Refunds refunds;
  @Autowired FinanceSettings settings;

  @AfterEach
  void platformDefaults() {
    settings.save(TENANT, new FinanceSettings.Settings(null, null), "owner.devi");
  }

  /** A booking of ₹1,00,000 (PERCENTAGE) released in the given milestones, taken to the client's acceptance. */
  private BookingService.StartedBooking acceptedBooking(List<EscrowMilestones.Share> milestones, long gross) {
    Instant start = clock.now().plus(30, ChronoUnit.DAYS);
    var booking = bookings.start(TENANT, "booker.asha", new Inquiry(newTalent(), "Lumen Cosmetics", start,
        start.plus(9, ChronoUnit.HOURS), "Two shoot days", new Money(gross, "INR"), "PERCENTAGE", null, milestones));
    toAcceptance(booking.bookingId(), gross, 0);
    return booking;
  }

  private ProcessInstanceAssert assertThatRelease(BookingService.StartedBooking booking) {
    return assertThatBooking(booking).extractingLatestCalledProcess("escrow-release");
  }

  private void finishPayout(UUID id) {
    preparePayout(id, "fin.ravi");
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);
  }

  @Test
  void twoMilestonesBelowTheThreshold_arePartialReleasesWithoutApproval_thatSumToTheSplit() {
    var booking = acceptedBooking(List.of(new EscrowMilestones.Share("Shoot day", 4_000),
        new EscrowMilestones.Share("Final edit delivered", 6_000)), 10_000_001);
    UUID id = booking.bookingId();
    awaitTask(id, "Task_PreparePayout");
    finishPayout(id);

    assertThatRelease(booking).isCompleted().hasPassedElementsInOrder("Task_ReserveRelease",
            "BusinessRuleTask_ReleaseApprovals", "Task_PostRelease", "EndEvent_MilestoneReleased")
        .hasNotPassedElement("SubProcess_ReleaseApproval").hasNotPassedElement("Task_VoidRelease")
        .hasVariableWithValue("releaseApprovalsRequired", 0).hasVariableWithValue("escrowStatus", "RELEASED");
    assertThatBooking(booking).isCompleted().hasPassedElement("CallActivity_EscrowRelease", 3) // body + 2 milestones
        .hasVariableWithValue("escrowStatus", "SETTLED");
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED",
        "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
    var releases = ledger.entries(TENANT, id.toString()).stream().filter(e -> e.kind().equals("ESCROW_RELEASED"))
        .map(e -> e.amountOn(escrowPending(id.toString()), Posting.Side.DEBIT)).toList();
    assertThat(releases).containsExactly(4_000_000L, 6_000_001L);
    // PERCENTAGE 20% of ₹1,00,000.01 and GROWTH 2.5%: exact to the paisa over both milestones
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(2_000_000);
    assertThat(balance(platformFee(id.toString()))).isEqualTo(250_000);
    assertThat(balance(clientEscrow(id.toString()))).isZero();
    assertThat(balance(escrowPending(id.toString()))).isZero();
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void aboveTheTenantsThreshold_twoDifferentApproversMustAgree() {
    settings.save(TENANT, new FinanceSettings.Settings(1_000_000L, "INR"), "owner.devi");
    var booking = acceptedBooking(null, 2_000_000);
    UUID id = booking.bookingId();

    complete(id, "Task_ApproveRelease", "fin.meera", Map.of("releaseApproved", true));
    TaskList.TaskView second = awaitTask(id, "Task_SecondReleaseApproval");
    assertThatThrownBy(() -> tasks.complete(TENANT, second.taskId(), "fin.meera", Map.of("releaseApproved", true)))
        .isInstanceOf(TaskList.SelfApprovalException.class);
    assertThat(balance(escrowPending(id.toString()))).as("reserved while approvers decide").isEqualTo(2_000_000);
    assertThat(balance(talentPayable(id.toString()))).isZero();
    complete(id, "Task_SecondReleaseApproval", "fin.anil", Map.of("releaseApproved", true));
    awaitTask(id, "Task_PreparePayout");

    assertThatRelease(booking).isCompleted().hasPassedElementsInOrder("Task_ReserveRelease",
            "Task_ApproveRelease", "Task_SecondReleaseApproval", "EndEvent_ReleaseApproved", "Task_PostRelease")
        .hasVariableWithValue("releaseApprovalsRequired", 2).hasVariableWithValue("releaseApprovedBy", "fin.meera")
        .hasVariableWithValue("releaseSecondApprovedBy", "fin.anil").hasNotPassedElement("Task_VoidRelease");
    assertThat(balance(escrowPending(id.toString()))).isZero();
    assertThat(balance(talentPayable(id.toString()))).isPositive();
    finishPayout(id);
  }

  @Test
  void aRejectedRelease_isVoidedBackIntoEscrow_reviewedAndReservedAgain() {
    settings.save(TENANT, new FinanceSettings.Settings(1_000_000L, "INR"), "owner.devi");
    var booking = acceptedBooking(null, 1_500_000);
    UUID id = booking.bookingId();

    complete(id, "Task_ApproveRelease", "fin.meera", Map.of("releaseApproved", false,
        "releaseRejectionReason", "delivery proof is for another booking"));
    complete(id, "Task_ReviewVoidedRelease", "fin.ravi", Map.of("voidedReleaseNote", "proof corrected"));
    awaitTask(id, "Task_ApproveRelease");
    assertThat(balance(clientEscrow(id.toString()))).as("reserved again").isZero();
    complete(id, "Task_ApproveRelease", "fin.meera", Map.of("releaseApproved", true));
    complete(id, "Task_SecondReleaseApproval", "fin.anil", Map.of("releaseApproved", true));
    awaitTask(id, "Task_PreparePayout");

    assertThatRelease(booking).isCompleted().hasPassedElement("Task_ReserveRelease", 2)
        .hasPassedElementsInOrder("Task_ReserveRelease", "BoundaryEvent_ReleaseRejected", "Task_VoidRelease",
            "Task_ReviewVoidedRelease", "Task_ReserveRelease", "Task_PostRelease")
        .hasNotPassedElement("BoundaryEvent_ReleaseExpired").hasVariableWithValue("releaseAttempt", 2);
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "RELEASE_VOIDED",
        "RELEASE_PENDING", "ESCROW_RELEASED");
    finishPayout(id);
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void aPendingTransferNotApprovedInTime_isVoided() {
    settings.save(TENANT, new FinanceSettings.Settings(1_000_000L, "INR"), "owner.devi");
    var booking = acceptedBooking(null, 1_200_000);
    UUID id = booking.bookingId();
    awaitTask(id, "Task_ApproveRelease");
    assertThat(balance(escrowPending(id.toString()))).isEqualTo(1_200_000);

    advance(Duration.ofHours(2)); // the pending transfer's timeout is PT1H in tests
    awaitTask(id, "Task_ReviewVoidedRelease");

    assertThat(balance(escrowPending(id.toString()))).isZero();
    assertThat(balance(clientEscrow(id.toString()))).as("back in escrow").isEqualTo(1_200_000);
    assertThat(balance(talentPayable(id.toString()))).isZero();
    assertThat(tasks.list(TENANT, "CREATED", null, id.toString())).extracting(TaskList.TaskView::elementId)
        .containsExactly("Task_ReviewVoidedRelease");
    assertThat(hasEvent(id, "BoundaryEvent_ReleaseExpired", "COMPLETED")).isTrue();
    assertThat(hasEvent(id, "Task_PostRelease", "ENTERED")).isFalse();
  }

  @Test
  void aChargebackDuringTheRelease_voidsWhatIsPending_locksTheEscrow_andTheRefundStillPaysReleasedMilestones() {
    settings.save(TENANT, new FinanceSettings.Settings(1_500_000L, "INR"), "owner.devi");
    // m1 ₹12,000 is below the threshold and released at once; m2 ₹18,000 waits for two approvers
    var booking = acceptedBooking(List.of(new EscrowMilestones.Share("Shoot day", 4_000),
        new EscrowMilestones.Share("Final images", 6_000)), 3_000_000);
    UUID id = booking.bookingId();
    awaitTask(id, "Task_ApproveRelease");
    assertThat(balance(escrowPending(id.toString()))).isEqualTo(1_800_000);

    messages.correlate(TENANT, "ChargebackOpened", id.toString(), "cb-" + id, Map.of("disputeReference", "dp_" + id,
        "disputedAmountMinor", 1_000_000, "disputeSource", "CHARGEBACK"));
    awaitTask(id, "Task_ClientEvidence");

    assertThat(completions(id, "BoundaryEvent_ChargebackDuringRelease")).isEqualTo(1);
    assertThat(completions(id, "Task_VoidPendingReleases")).isEqualTo(1);
    assertThat(completions(id, "Task_PostRelease")).as("m1 only").isEqualTo(1);
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED",
        "RELEASE_PENDING", "RELEASE_VOIDED", "DISPUTE_FROZEN");
    assertThat(balance(disputeHold(id.toString()))).as("exactly the charged-back amount").isEqualTo(1_000_000);
    assertThat(balance(clientEscrow(id.toString()))).isEqualTo(800_000);
    assertThat(balance(escrowPending(id.toString()))).isZero();
    assertThat(tasks.list(TENANT, "CREATED", null, id.toString())).extracting(TaskList.TaskView::elementId)
        .doesNotContain("Task_ApproveRelease");

    complete(id, "Task_ClientEvidence", "booker.asha", Map.of("evidenceUrl", "https://evidence.example/bank"));
    complete(id, "Task_TalentEvidence", "booker.asha", Map.of("evidenceUrl", "https://evidence.example/talent"));
    complete(id, "Task_DecideDispute", "fin.meera", Map.of("disputeOutcome", "FULL_REFUND",
        "disputeDecisionReason", "the card holder's bank ruled for the client"));
    awaitEntered(id, "Gateway_Appeal"); // the decision is checked and the appeal window set before time moves
    advance(Duration.ofHours(2)); // the appeal window (PT1H in tests) closes
    finishPayout(id); // what m1 released before the chargeback is still owed to the talent

    assertThatBooking(booking).isCompleted().hasPassedElementsInOrder("CallActivity_Dispute",
            "Gateway_DisputeOutcome", "CallActivity_PayoutApproval", "Task_PayOut", "Task_ReconcileBooking")
        .hasNotPassedElement("Task_ReconcileRefund").hasVariableWithValue("disputeSource", "CHARGEBACK")
        .hasVariableWithValue("grossMinor", 1_200_000); // what m1 released: the payout thresholds see it
    assertThat(refunds.list(TENANT, id.toString())).as("the card network refunded the client, not TalentOS").isEmpty();
    var settled = ledger.entries(TENANT, id.toString()).stream().filter(e -> e.kind().equals("DISPUTE_SETTLED"))
        .findFirst().orElseThrow();
    assertThat(settled.idempotencyKey()).isEqualTo("dispute-outcome:" + id + ":D1");
    assertThat(ledger.entries(TENANT, id.toString())).filteredOn(e -> e.kind().equals("DISPUTE_FROZEN"))
        .singleElement().satisfies(e -> assertThat(e.description()).contains("dp_" + id));
    assertThat(settled.amountOn(BookingAccounts.CASH, Posting.Side.CREDIT)).as("hold + the rest of the escrow")
        .isEqualTo(1_800_000);
    for (String account : List.of(clientEscrow(id.toString()), escrowPending(id.toString()),
        disputeHold(id.toString()), talentPayable(id.toString()))) {
      assertThat(balance(account)).as(account).isZero();
    }
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }
}
