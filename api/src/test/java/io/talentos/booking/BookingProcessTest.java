package io.talentos.booking;

import static io.talentos.support.Waits.AWAIT;
import static io.talentos.finance.BookingAccounts.agencyRevenue;
import static io.talentos.finance.BookingAccounts.clientEscrow;
import static io.talentos.finance.BookingAccounts.platformFee;
import static io.talentos.finance.BookingAccounts.processorFee;
import static io.talentos.finance.BookingAccounts.talentPayable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.talentos.finance.CommissionSplit;
import io.talentos.finance.EscrowWorkers;
import io.talentos.finance.FinanceWorkers;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskForms;
import io.talentos.tasklist.TaskList;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/booking/booking.bpmn (and the payout-approval it calls) on the real engine, with real
 * workers and a real PostgreSQL: the elements passed and not passed, the variables, and the ledger entries.
 */
@TalentOsTest
class BookingProcessTest extends ProcessTestSupport {

  @Autowired FinanceWorkers financeWorkers;
  @Autowired EscrowWorkers escrowWorkers;

  /** Drives a booking from inquiry to an open "Approve payout" task, with the client accepting delivery. */

  @Test
  void happyPath_clientAcceptsDeliveryAndASecondPersonApprovesThePayout() {
    var booking = toPayoutApproval(newTalent(), 15_000_000, 300_000, "TIERED");
    UUID id = booking.bookingId();

    assertThatThrownBy(() -> complete(id, "Task_ApprovePayout", "fin.ravi", Map.of("payoutApproved", true)))
        .isInstanceOf(TaskList.SelfApprovalException.class);
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted().hasNoIncidents()
        .hasPassedElementsInOrder("StartEvent_InquiryReceived", "Task_PlaceOptionHold", "Task_SendQuote",
            "Event_QuoteAccepted", "Task_DraftContract", "Event_ContractSigned", "Task_ConfirmOptionHold", "Task_RequestDeposit",
            "Event_PaymentCaptured", "Task_RecordPayment", "Task_RecordDelivery", "Task_OpenAcceptanceWindow",
            "Event_DeliveryAccepted", "BusinessRuleTask_CommissionSplit", "CallActivity_EscrowRelease",
            "CallActivity_EscrowRelease", // the multi-instance body and its one milestone
            "CallActivity_PayoutApproval", "Task_PayOut", "Task_ReconcileBooking", "EndEvent_BookingReconciled")
        .hasNotPassedElement("Event_OptionPromoted").hasNotPassedElement("Event_QuoteDeclined")
        .hasNotPassedElement("EndEvent_HoldExpired").hasNotPassedElement("Event_DepositOverdue")
        .hasNotPassedElement("BoundaryEvent_CancellationRequested").hasNotPassedElement("Event_AutoAccepted")
        .hasVariableWithValue("acceptance", "CLIENT").hasVariableWithValue("escrowStatus", "SETTLED")
        .hasVariableWithValue("reconciled", true);
    assertThatPayoutApproval(booking).isCompleted().hasPassedElement("Task_PreparePayout", 1)
        .hasPassedElement("Task_ApprovePayout", 1).hasPassedElement("EndEvent_PayoutApproved")
        .hasNotPassedElement("Task_SecondApproval").hasVariableWithValue("payoutApprovalsRequired", 1);

    // TIERED on ₹150,000: 20% of ₹100,000 + 15% of ₹50,000 = ₹27,500; GROWTH platform fee 2.5% = ₹3,750
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(2_750_000);
    assertThat(balance(platformFee(id.toString()))).isEqualTo(375_000);
    assertThat(balance(talentPayable(id.toString()))).isZero();
    assertThat(balance(clientEscrow(id.toString()))).isZero();
    assertThat(balance(processorFee(id.toString()))).isZero();
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @Test
  void holdExpired_beforeTheClientAnswers_releasesTheHoldAndEnds() {
    var booking = startBooking(newTalent(), 5_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    awaitEntered(id, "Gateway_QuoteResponse");

    advance(Duration.ofHours(73));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted()
        .hasPassedElementsInOrder("BoundaryEvent_HoldExpired", "Task_ReleaseExpiredHold", "EndEvent_HoldExpired")
        .hasNotPassedElement("Event_QuoteAccepted").hasNotPassedElement("Task_ConfirmOptionHold")
        .hasNotPassedElement("Task_RequestDeposit").hasVariableWithValue("holdReleaseReason", "EXPIRED");
    assertThat(jdbc.queryForObject("select status from option_hold where booking_id = ?", String.class, id))
        .isEqualTo("RELEASED");
    assertThat(entryKinds(id)).isEmpty();
  }

  @Test
  void quoteDeclined_afterAReminder_releasesTheHold() {
    var booking = startBooking(newTalent(), 5_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    awaitEntered(id, "Gateway_QuoteResponse");

    advance(Duration.ofHours(25));
    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_SendQuoteReminder", "COMPLETED"));
    send(id, "QuoteDeclined", Map.of());
    awaitEnded(id);

    assertThatBooking(booking).isCompleted()
        .hasPassedElementsInOrder("Task_SendQuote", "Event_QuoteReminderDue", "Task_SendQuoteReminder",
            "Event_QuoteDeclined", "Gateway_QuoteOutcome", "Task_ReleaseDeclinedHold", "EndEvent_QuoteDeclined")
        .hasNotPassedElement("Event_ContractSigned").hasNotPassedElement("Task_ConfirmOptionHold")
        .hasVariableWithValue("quoteStatus", "DECLINED").hasVariableWithValue("quoteRemindersSent", 1);
    assertThat(entryKinds(id)).isEmpty();
  }

  @Test
  void depositNotFunded_byItsDeadline_cancelsRefundsThePartialPaymentAndNeverStartsWork() {
    var booking = startBooking(newTalent(), 10_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    awaitWaitingFor(id, "PaymentCaptured");
    Map<String, Object> partial = Map.of("paymentId", "part-" + id, "paymentAmountMinor", 4_000_000,
        "paymentCurrency", "INR", "paymentFeeMinor", 80_000);
    var first = messages.correlate(TENANT, "PaymentCaptured", id.toString(), "msg-part-" + id, partial);
    var repeat = messages.correlate(TENANT, "PaymentCaptured", id.toString(), "msg-part-" + id, partial);
    assertThat(repeat.duplicate()).isTrue();
    assertThat(repeat.processInstanceKey()).isEqualTo(first.processInstanceKey());
    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_RecordPayment", "COMPLETED"));
    awaitWaitingFor(id, "PaymentCaptured");

    advance(Duration.ofHours(49));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted()
        // the error end event throws DEPOSIT_NOT_FUNDED and is left (terminated) for the boundary event
        .hasPassedElementsInOrder("Task_RecordPayment", "Gateway_EscrowFunded", "Event_DepositOverdue",
            "BoundaryEvent_DepositNotFunded", "Task_ReleaseUnfundedHold",
            "Task_RefundUnfundedDeposit", "EndEvent_DepositNotFunded")
        .hasPassedElement("Task_RecordPayment", 1)
        .hasNotPassedElement("Task_RecordDelivery").hasNotPassedElement("BusinessRuleTask_CommissionSplit")
        .hasVariableWithValue("escrowStatus", "CLOSED").hasVariableWithValue("refundMinor", 3_920_000);
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED");
    assertThat(balance(clientEscrow(id.toString()))).isZero();
    assertThat(balance(processorFee(id.toString()))).isZero();
    assertThat(balance(agencyRevenue(id.toString()))).isZero();
  }

  @Test
  void autoAcceptance_after48HoursWithoutObjection_continuesToPayout() {
    var booking = startBooking(newTalent(), 2_000_000, "MULTI_PARTY");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    pay(id, "pay-" + id, 2_000_000, 0);
    recordDelivery(id);
    awaitEntered(id, "Gateway_AwaitAcceptance");

    advance(Duration.ofHours(49));
    preparePayout(id, "fin.ravi");
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted().hasPassedElement("Event_AutoAccepted")
        .hasNotPassedElement("Event_DeliveryAccepted").hasPassedElement("EndEvent_BookingReconciled")
        .hasVariableWithValue("acceptance", "AUTO");
    // MULTI_PARTY on ₹20,000: agency 10%, agent 5%, manager 10%, platform 2.5%, talent the rest
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(200_000);
    assertThat(balance(platformFee(id.toString()))).isEqualTo(50_000);
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
  }

  @Test
  void payoutRejected_goesBackToTheMakerWithAReason_thenApproved() {
    var booking = toPayoutApproval(newTalent(), 3_000_000, 0, "PERCENTAGE");
    UUID id = booking.bookingId();

    assertThatThrownBy(() -> complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", false)))
        .isInstanceOf(TaskForms.FormValidationException.class).hasMessageContaining("rejectionReason");
    complete(id, "Task_ApprovePayout", "fin.meera",
        Map.of("payoutApproved", false, "rejectionReason", "Payout reference does not match the bank file"));
    preparePayout(id, "fin.ravi");
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatPayoutApproval(booking).isCompleted().hasPassedElement("Task_PreparePayout", 2)
        .hasPassedElement("Task_ApprovePayout", 2).hasPassedElement("EndEvent_PayoutApproved")
        .hasVariableWithValue("rejectionReason", "Payout reference does not match the bank file");
    assertThatBooking(booking).isCompleted().hasPassedElement("Task_PayOut", 1);
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
  }

  @Test
  void aPayoutAboveTheThresholdNeedsTwoApproversOtherThanTheMaker() {
    var booking = toPayoutApproval(newTalent(), 60_000_000, 0, "PERCENTAGE"); // ₹6,00,000: above the ₹5,00,000 threshold
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    TaskList.TaskView second = awaitTask(id, "Task_SecondApproval");
    for (String earlier : new String[] {"fin.ravi", "fin.meera"}) {
      assertThatThrownBy(() -> tasks.complete(TENANT, second.taskId(), earlier, Map.of("payoutApproved", true)))
          .as(earlier + " already acted on this payout").isInstanceOf(TaskList.SelfApprovalException.class);
    }
    complete(id, "Task_SecondApproval", "owner.devi", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatPayoutApproval(booking).isCompleted().hasVariableWithValue("payoutApprovalsRequired", 2)
        .hasPassedElementsInOrder("BusinessRuleTask_ApprovalsRequired", "Task_PreparePayout", "Task_ApprovePayout",
            "Task_SecondApproval", "EndEvent_PayoutApproved")
        .hasVariableWithValue("payoutSecondApprovedBy", "owner.devi");
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
  }

  @Test
  void cancellationAfterTheDeposit_postsTheDecidedPenaltyAndRefundsTheRest() {
    var booking = startBooking(newTalent(), 10_000_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    pay(id, "pay-" + id, 10_000_000, 0);
    TaskList.TaskView delivery = awaitTask(id, "Task_RecordDelivery");

    send(id, "CancellationRequested", Map.of("cancellationReason", "Campaign postponed"));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted()
        .hasPassedElementsInOrder("BoundaryEvent_CancellationRequested", "Task_ReleaseCancelledHold",
            "Task_AssessCancellation", "BusinessRuleTask_CancellationPenalty", "Task_SettleCancellation",
            "EndEvent_BookingCancelled")
        .hasNotPassedElement("Task_OpenAcceptanceWindow").hasNotPassedElement("BusinessRuleTask_CommissionSplit")
        .hasVariableWithValue("penaltyPostedMinor", 1_000_000).hasVariableWithValue("refundMinor", 9_000_000);
    // 30 days before start: rule EARLY_10_PERCENT of decisions/booking/cancellation-penalty.dmn
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "CANCELLATION_SETTLED");
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(1_000_000);
    assertThat(balance(clientEscrow(id.toString()))).isZero();
    await().atMost(AWAIT).until(() -> "CANCELED".equals(tasks.get(TENANT, delivery.taskId()).state()));
  }

  @Test
  void secondOption_waitsAndIsPromotedWhenTheFirstIsReleased_aThirdIsRefused() {
    String talent = newTalent();
    var first = startBooking(talent, 5_000_000, "PERCENTAGE");
    awaitEntered(first.bookingId(), "Gateway_QuoteResponse");
    var second = startBooking(talent, 6_000_000, "PERCENTAGE");
    awaitEntered(second.bookingId(), "Event_OptionPromoted");
    var third = startBooking(talent, 7_000_000, "PERCENTAGE");
    awaitEnded(third.bookingId());
    assertThatBooking(third).isCompleted().hasPassedElement("BoundaryEvent_TalentUnavailable")
        .hasPassedElement("EndEvent_TalentUnavailable").hasNotPassedElement("SubProcess_OptionHeld");

    send(first.bookingId(), "QuoteDeclined", Map.of());
    awaitEntered(second.bookingId(), "Gateway_QuoteResponse");

    assertThatBooking(second).hasPassedElementsInOrder("Gateway_FirstOption", "Event_OptionPromoted",
        "Task_SendQuote").hasVariableWithValue("holdRank", 2).isWaitingAtElements("Gateway_QuoteResponse");
    assertThat(jdbc.queryForObject("select rank from option_hold where booking_id = ?", Integer.class,
        second.bookingId())).isEqualTo(1);
    send(second.bookingId(), "QuoteDeclined", Map.of());
    awaitEnded(second.bookingId());
  }

  @Test
  void aRetriedFinanceJobNeverPostsTwice() {
    var booking = toPayoutApproval(newTalent(), 4_000_000, 40_000, "PERCENTAGE");
    UUID id = booking.bookingId();
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);
    var split = new CommissionSplit(4_000_000, "INR", "PERCENTAGE", 40_000, 100_000, 800_000, 0, 0, 3_060_000);

    var milestone = new EscrowWorkers.Milestone("m1", "Delivery accepted", 4_000_000, true);
    var reserved = escrowWorkers.reserve(new EscrowWorkers.ReserveInput(TENANT, id.toString(), "INR", milestone));
    assertThat(reserved.milestoneReleased()).isTrue();
    escrowWorkers.post(new EscrowWorkers.PostInput(TENANT, id.toString(), milestone, split));
    financeWorkers.payOut(new FinanceWorkers.PayoutInput(TENANT, id.toString(), "talent-x", "INR", "fin.ravi"));
    financeWorkers.recordPayment(new FinanceWorkers.PaymentInput(TENANT, id.toString(), "INR", 4_000_000,
        "pay-" + id, 4_000_000L, "INR", 40_000L));

    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
    assertThat(balance(talentPayable(id.toString()))).isZero();
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(800_000);
  }
}
