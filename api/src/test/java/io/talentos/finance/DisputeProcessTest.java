package io.talentos.finance;

import static io.talentos.finance.BookingAccounts.CASH;
import static io.talentos.finance.BookingAccounts.agencyRevenue;
import static io.talentos.finance.BookingAccounts.clientEscrow;
import static io.talentos.finance.BookingAccounts.disputeHold;
import static io.talentos.finance.BookingAccounts.processorFee;
import static io.talentos.finance.BookingAccounts.talentPayable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.talentos.booking.BookingService;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.tasklist.TaskList;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every branch of processes/finance/dispute.bpmn on the real engine, opened from a booking's acceptance window: the
 * freeze of exactly the disputed amount, evidence with SLA escalation, the LEGAL/FIN decision (each outcome), an
 * invalid decision, the appeal by someone else, and how the booking continues after each outcome.
 */
@TalentOsTest
class DisputeProcessTest extends ProcessTestSupport {

  private static final long GROSS = 4_000_000; // ₹40,000, PERCENTAGE: agency 20%, platform 2.5%
  private static final long FEE = 80_000;

  @Autowired Refunds refunds;
  @Autowired Escrow escrow;

  /** A delivered booking whose client opens a dispute over {@code disputed} of the escrow. */
  private BookingService.StartedBooking disputed(long disputed) {
    var booking = startBooking(newTalent(), GROSS, "PERCENTAGE");
    UUID id = booking.bookingId();
    send(id, "QuoteAccepted", Map.of());
    signContract(id);
    pay(id, "pay-" + id, GROSS, FEE);
    recordDelivery(id);
    send(id, "DisputeOpened", Map.of("disputeReference", "D-" + id, "disputedAmountMinor", disputed,
        "disputeReason", "Second look was not shot"));
    return booking;
  }

  private void evidence(UUID id) {
    complete(id, "Task_ClientEvidence", "booker.asha", Map.of("evidenceUrl", "https://evidence.example/client",
        "evidenceNote", "shot list signed by both"));
    complete(id, "Task_TalentEvidence", "booker.asha", Map.of("evidenceUrl", "https://evidence.example/talent"));
  }

  private void decide(UUID id, String element, String user, String outcome, Long refund, Long penalty) {
    Map<String, Object> decision = new HashMap<>(Map.of("disputeOutcome", outcome,
        "disputeDecisionReason", "evidence reviewed"));
    if (refund != null) {
      decision.put("disputeRefundMinor", refund);
    }
    if (penalty != null) {
      decision.put("disputePenaltyMinor", penalty);
    }
    complete(id, element, user, decision);
  }

  private ProcessInstanceAssert assertThatDispute(BookingService.StartedBooking booking) {
    return assertThatBooking(booking).extractingLatestCalledProcess("dispute");
  }

  @Test
  void partialPayout_freezesExactlyTheDisputedAmount_blocksPayouts_refundsPartAndReleasesTheRest() {
    var booking = disputed(1_000_000);
    UUID id = booking.bookingId();
    awaitTask(id, "Task_ClientEvidence");

    assertThat(balance(disputeHold(id.toString()))).isEqualTo(1_000_000);
    assertThat(balance(clientEscrow(id.toString()))).isEqualTo(GROSS - 1_000_000);
    assertThatThrownBy(() -> escrow.payOut(TENANT, id.toString(), "INR", "attempt during the dispute"))
        .isInstanceOf(Escrow.EscrowStateException.class).hasMessageContaining("cannot pay out");
    assertThatThrownBy(() -> escrow.reserve(TENANT, id.toString(), "m1", GROSS, true, "INR"))
        .isInstanceOf(Escrow.EscrowStateException.class).hasMessageContaining("cannot release");

    evidence(id);
    decide(id, "Task_DecideDispute", "legal.lena", "PARTIAL_PAYOUT", 600_000L, null);
    awaitEntered(id, "Gateway_Appeal");
    advance(Duration.ofHours(2)); // the appeal window (PT1H in tests) closes
    preparePayout(id, "fin.ravi");
    complete(id, "Task_ApprovePayout", "fin.meera", Map.of("payoutApproved", true));
    awaitEnded(id);

    assertThatDispute(booking).isCompleted().hasPassedElementsInOrder("Task_FreezeDisputedAmount",
            "Task_ClientEvidence", "Task_DecideDispute", "Task_CheckDecision", "Event_AppealWindowClosed",
            "Task_ApplyOutcome", "EndEvent_DisputeSettled")
        .hasNotPassedElement("Event_DisputeAppealed").hasNotPassedElement("BoundaryEvent_InvalidDecision")
        .hasVariableWithValue("disputeFrozenMinor", 1_000_000).hasVariableWithValue("disputeDecidedBy", "legal.lena");
    assertThatBooking(booking).isCompleted().hasPassedElementsInOrder("Event_DisputeOpened",
            "CallActivity_Dispute", "Gateway_DisputeOutcome", "BusinessRuleTask_CommissionSplit",
            "CallActivity_EscrowRelease", "CallActivity_EscrowRelease", "CallActivity_PayoutApproval", "Task_PayOut",
            "EndEvent_BookingReconciled")
        .hasNotPassedElement("Event_DeliveryAccepted").hasNotPassedElement("Task_ReconcileRefund")
        .hasVariableWithValue("grossMinor", GROSS - 600_000).hasVariableWithValue("disputeOutcome", "PARTIAL_PAYOUT");
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "DISPUTE_FROZEN", "DISPUTE_SETTLED",
        "RELEASE_PENDING", "ESCROW_RELEASED", "PAYOUT");
    var settled = ledger.entries(TENANT, id.toString()).stream().filter(e -> e.kind().equals("DISPUTE_SETTLED"))
        .findFirst().orElseThrow();
    assertThat(settled.amountOn(CASH, Posting.Side.CREDIT)).as("refund").isEqualTo(600_000);
    assertThat(refunds.find(TENANT, settled.idempotencyKey())).as("refunded to the client")
        .satisfies(r -> assertThat(r.amountMinor()).isEqualTo(600_000));
    assertThat(settled.amountOn(clientEscrow(id.toString()), Posting.Side.CREDIT)).as("unfrozen").isEqualTo(400_000);
    // the split of the adjusted gross ₹34,000: agency 20% = ₹6,800
    assertThat(balance(agencyRevenue(id.toString()))).isEqualTo(680_000);
    assertThat(balance(disputeHold(id.toString()))).isZero();
    assertThat(ledger.trialBalance(TENANT)).allSatisfy(l -> assertThat(l.differenceMinor()).isZero());
  }

  @ParameterizedTest
  @ValueSource(strings = {"FULL_REFUND", "SUSPENSION"})
  void aFullRefundOrSuspension_givesEverythingBack_andTheBookingEndsRefunded(String outcome) {
    var booking = disputed(1_500_000);
    UUID id = booking.bookingId();
    evidence(id);
    decide(id, "Task_DecideDispute", "fin.meera", outcome, null, null);
    awaitEntered(id, "Gateway_Appeal");
    advance(Duration.ofHours(2));
    awaitEnded(id);

    assertThatBooking(booking).isCompleted().hasPassedElementsInOrder("CallActivity_Dispute",
            "Gateway_DisputeOutcome", "Task_ReconcileRefund", "EndEvent_RefundedAfterDispute")
        .hasNotPassedElement("BusinessRuleTask_CommissionSplit").hasNotPassedElement("CallActivity_PayoutApproval")
        .hasVariableWithValue("escrowStatus", "SETTLED").hasVariableWithValue("grossMinor", 0);
    var settled = ledger.entries(TENANT, id.toString()).stream().filter(e -> e.kind().equals("DISPUTE_SETTLED"))
        .findFirst().orElseThrow();
    assertThat(settled.amountOn(CASH, Posting.Side.CREDIT)).as("the whole escrow back").isEqualTo(GROSS);
    assertThat(balance(agencyRevenue(id.toString()))).as("the agency absorbs the processor fee").isEqualTo(-FEE);
    assertThat(balance(processorFee(id.toString()))).isZero();
    assertThat(balance(clientEscrow(id.toString()))).isZero();
    assertThat(balance(disputeHold(id.toString()))).isZero();
    assertThat(balance(talentPayable(id.toString()))).isZero();
  }

  @Test
  void anAppeal_isDecidedBySomeoneElse_andItsOutcomeIsPosted() {
    var booking = disputed(2_000_000);
    UUID id = booking.bookingId();
    evidence(id);
    decide(id, "Task_DecideDispute", "legal.lena", "FULL_PAYOUT", null, null);
    send(id, "DisputeAppealed", Map.of("appealReason", "the edit was late"));
    TaskList.TaskView appeal = awaitTask(id, "Task_DecideAppeal");
    assertThatThrownBy(() -> tasks.complete(TENANT, appeal.taskId(), "legal.lena", Map.of("disputeOutcome", "PENALTY",
        "disputePenaltyMinor", 100_000, "disputeDecisionReason", "own appeal"))).isInstanceOf(
        TaskList.SelfApprovalException.class);
    decide(id, "Task_DecideAppeal", "fin.meera", "PENALTY", null, 250_000L);
    awaitTask(id, "Task_PreparePayout");

    assertThatDispute(booking).isCompleted().hasPassedElementsInOrder("Task_DecideDispute", "Event_DisputeAppealed",
            "Task_DecideAppeal", "Task_CheckAppealDecision", "Task_ApplyOutcome")
        .hasNotPassedElement("Event_AppealWindowClosed").hasVariableWithValue("appealDecidedBy", "fin.meera")
        .hasVariableWithValue("disputeOutcome", "PENALTY");
    var settled = ledger.entries(TENANT, id.toString()).stream().filter(e -> e.kind().equals("DISPUTE_SETTLED"))
        .findFirst().orElseThrow();
    assertThat(settled.amountOn(agencyRevenue(id.toString()), Posting.Side.CREDIT)).isEqualTo(250_000);
    assertThat(settled.amountOn(clientEscrow(id.toString()), Posting.Side.CREDIT)).isEqualTo(1_750_000);
    assertThat(balance(disputeHold(id.toString()))).isZero();
  }

  @Test
  void anInvalidDecision_goesBackToTheDecider_andEvidenceOverdueIsEscalated() {
    var booking = disputed(500_000);
    UUID id = booking.bookingId();
    awaitTask(id, "Task_ClientEvidence");
    advance(Duration.ofHours(2)); // the evidence SLA (PT1H in tests) passes
    awaitEntered(id, "Task_EscalateTalentEvidence");
    evidence(id);
    decide(id, "Task_DecideDispute", "legal.lena", "PARTIAL_PAYOUT", 900_000L, null); // more than is frozen
    decide(id, "Task_DecideDispute", "legal.lena", "FULL_PAYOUT", null, null);
    awaitEntered(id, "Gateway_Appeal");

    assertThat(completions(id, "Task_DecideDispute")).isEqualTo(2);
    assertThat(completions(id, "BoundaryEvent_InvalidDecision")).isEqualTo(1);
    assertThat(completions(id, "Task_EscalateClientEvidence")).isEqualTo(1);
    assertThat(completions(id, "Task_EscalateTalentEvidence")).isEqualTo(1);
    assertThat(completions(id, "Task_ApplyOutcome")).as("not before the appeal window closes").isZero();
    assertThat(entryKinds(id)).containsExactly("PAYMENT_CAPTURED", "DISPUTE_FROZEN");
  }
}
