package io.talentos.disputes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.exception.CamundaError;
import io.talentos.engine.EngineClock;
import io.talentos.finance.Escrow;
import io.talentos.finance.Refunds;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Job workers of {@code processes/finance/dispute.bpmn} (seed 000 §10.4). Freezing and settling are idempotent per
 * dispute id through {@link Escrow}; amounts are minor units of the booking's currency. Public because the Camunda
 * client invokes worker methods reflectively.
 */
@Component
public class DisputeWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(DisputeWorkers.class);

  private final Escrow escrow;
  private final Refunds refunds;
  private final EngineClock clock;
  private final TenantGuard guard;
  private final Duration evidenceSla;
  private final Duration appealWindow;

  DisputeWorkers(Escrow escrow, Refunds refunds, EngineClock clock, TenantGuard guard,
      @Value("${talentos.disputes.evidence-sla:P3D}") Duration evidenceSla,
      @Value("${talentos.disputes.appeal-window:P7D}") Duration appealWindow) {
    this.escrow = escrow;
    this.refunds = refunds;
    this.clock = clock;
    this.guard = guard;
    this.evidenceSla = evidenceSla;
    this.appealWindow = appealWindow;
  }

  /**
   * The dispute as it was opened: by a party (message DisputeOpened) or a provider chargeback (ChargebackOpened).
   * {@code disputeReference} (the provider's or the caller's id) and {@code disputedAmountMinor} are optional;
   * without an amount (or with zero, the reset after an earlier dispute) the whole escrow is frozen.
   */
  public record FreezeInput(String tenantId, String bookingId, String currency, String disputeReference,
      Long disputedAmountMinor, String disputeSource) {}

  /**
   * The dispute's id and source (PARTY or CHARGEBACK), what it froze, DISPUTED, the evidence SLA deadline, and
   * {@code disputeOpen} (the access-policy DMN refuses escrow releases while it is true, seed 000 §7.4).
   */
  public record FreezeOutput(String disputeId, String disputeSource, long disputeFrozenMinor, String escrowStatus,
      String evidenceDueAt, boolean disputeOpen) {}

  /**
   * Opens the dispute: voids pending releases and freezes the disputed amount (at most what the escrow holds); a
   * retry, or the same step after an engine restart, finds the booking's open dispute and freezes nothing more.
   */
  @JobWorker(type = DisputeJobTypes.FREEZE_AMOUNT)
  public FreezeOutput freeze(@VariablesAsType FreezeInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Long amount = in.disputedAmountMinor() == null || in.disputedAmountMinor() <= 0 ? null : in.disputedAmountMinor();
      Escrow.OpenDispute dispute = escrow.openDispute(in.tenantId(), in.bookingId(), in.disputeReference(), amount,
          in.currency());
      String disputeId = dispute.disputeId();
      long frozen = dispute.frozenMinor();
      String source = in.disputeSource() == null ? "PARTY" : in.disputeSource();
      LOG.warn("Booking {} (tenant {}): dispute {} ({}) froze {} {}", in.bookingId(), in.tenantId(), disputeId,
          source, frozen, in.currency());
      return new FreezeOutput(disputeId, source, frozen, "DISPUTED", clock.now().plus(evidenceSla).toString(), true);
    }
  }

  public record EscalateInput(String tenantId, String bookingId, String disputeId, String party) {}

  /** Records that a party's evidence is overdue (the SLA timer fired) and legal takes over chasing it. */
  @JobWorker(type = DisputeJobTypes.ESCALATE_EVIDENCE)
  public Map<String, Object> escalate(@VariablesAsType EscalateInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      LOG.warn("Booking {} (tenant {}): dispute {}: {} evidence is overdue; escalated to legal", in.bookingId(),
          in.tenantId(), in.disputeId(), in.party());
      return Map.of("evidenceEscalated" + ("CLIENT".equals(in.party()) ? "Client" : "Talent"), true);
    }
  }

  /** The decision as the form gave it. */
  public record DecisionInput(String tenantId, String disputeId, String disputeOutcome, Long disputeRefundMinor,
      Long disputePenaltyMinor, long disputeFrozenMinor) {}

  /** The appeal window's end. */
  public record DecisionOutput(String appealWindowEndsAt) {}

  /**
   * Checks that the decision can be posted and opens the appeal window.
   *
   * @throws CamundaError as the BPMN error INVALID_DECISION (decide again) for an unknown outcome, a refund or
   *     penalty missing where the outcome needs it, or one above the frozen amount
   */
  @JobWorker(type = DisputeJobTypes.CHECK_DECISION)
  public DecisionOutput checkDecision(@VariablesAsType DecisionInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String problem = problem(in);
      if (problem != null) {
        LOG.info("Dispute {} (tenant {}): decision refused: {}", in.disputeId(), in.tenantId(), problem);
        throw CamundaError.bpmnError(DisputeJobTypes.INVALID_DECISION, problem, Map.of("decisionProblem", problem));
      }
      return new DecisionOutput(clock.now().plus(appealWindow).toString());
    }
  }

  private static String problem(DecisionInput in) {
    Escrow.Outcome outcome;
    try {
      outcome = Escrow.Outcome.valueOf(String.valueOf(in.disputeOutcome()));
    } catch (IllegalArgumentException e) {
      return "disputeOutcome must be one of FULL_PAYOUT, PARTIAL_PAYOUT, FULL_REFUND, PENALTY, SUSPENSION";
    }
    if (outcome == Escrow.Outcome.PARTIAL_PAYOUT && !within(in.disputeRefundMinor(), in.disputeFrozenMinor())) {
      return "a partial payout needs disputeRefundMinor between 1 and the frozen " + in.disputeFrozenMinor();
    }
    if (outcome == Escrow.Outcome.PENALTY && !within(in.disputePenaltyMinor(), in.disputeFrozenMinor())) {
      return "a penalty needs disputePenaltyMinor between 1 and the frozen " + in.disputeFrozenMinor();
    }
    return null;
  }

  private static boolean within(Long amount, long frozen) {
    return amount != null && amount > 0 && amount <= frozen;
  }

  public record SettleInput(String tenantId, String bookingId, String currency, String disputeId,
      String disputeOutcome, Long disputeRefundMinor, Long disputePenaltyMinor, long grossMinor,
      String disputeSource) {}

  /**
   * The posted outcome: the booking's adjusted gross for the split that follows, what was refunded and charged as a
   * penalty, what released milestones still owe the payees, the escrow status (SETTLED when everything went back to
   * the client, else FUNDED again), {@code disputeOpen} false, and {@code disputedAmountMinor} reset to zero so a
   * later dispute of the booking without an amount freezes the whole escrow.
   */
  public record SettleOutput(long grossMinor, long disputeRefundMinor, long disputePenaltyMinor,
      long disputeUnfrozenMinor, long disputePayableMinor, String escrowStatus, boolean disputeOpen,
      long disputedAmountMinor) {}

  /**
   * Posts the decided outcome (the appeal's, if there was one) as ledger adjustments; what it gives back to the client
   * is refunded through the provider ({@link Refunds}), except after a chargeback, whose refund the card network
   * already made (the entry's credit to cash records what the provider took).
   */
  @JobWorker(type = DisputeJobTypes.SETTLE)
  public SettleOutput settle(@VariablesAsType SettleInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Escrow.Outcome outcome = Escrow.Outcome.valueOf(in.disputeOutcome());
      Escrow.DisputeSettlement s = escrow.settleDispute(in.tenantId(), in.bookingId(), in.disputeId(), outcome,
          zeroIfNull(in.disputeRefundMinor()), zeroIfNull(in.disputePenaltyMinor()), in.grossMinor(), in.currency());
      LOG.info("Booking {} (tenant {}): dispute {} settled as {}: refund {}, penalty {}, unfrozen {} {}",
          in.bookingId(), in.tenantId(), in.disputeId(), outcome, s.refundMinor(), s.penaltyMinor(), s.unfrozenMinor(),
          in.currency());
      if (!"CHARGEBACK".equals(in.disputeSource())) { // a chargeback's bank already gave the client the money back
        refunds.request(in.tenantId(), in.bookingId(), "dispute-outcome:" + in.disputeId(),
            "dispute " + in.disputeId() + " decided " + outcome);
      }
      return new SettleOutput(s.adjustedGrossMinor(), s.refundMinor(), s.penaltyMinor(), s.unfrozenMinor(),
          s.payableMinor(), outcome.refundsEverything() ? "SETTLED" : "FUNDED", false, 0);
    }
  }

  private static long zeroIfNull(Long value) {
    return value == null ? 0 : value;
  }
}
