package io.talentos.automation;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.engine.MessageCorrelation;
import io.talentos.engine.ProcessVariables;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Message correlation, the automation entry point for other systems: publish a named message with a correlation key
 * (the business key, e.g. a booking id) and a {@code messageId}; a repeated messageId has no second effect.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/messages")
class MessageController {

  /**
   * Process state no message may set: identity, terms and money state are decided by TalentOS, never by a caller.
   */
  static final Set<String> PROTECTED_VARIABLES = Stream.concat(ProcessVariables.GUARDED.stream(), Stream.of(
      "bookingId", "talentId", "initiatedBy", "tenantPlan", "commissionModel", "currency", "budgetMinor", "grossMinor",
      "processorFeeMinor", "commissionSplit", "escrowStatus", "escrowBalanceMinor", "escrowRequiredMinor", "holdId",
      "holdRank", "holdExpiresAt", "depositDueAt", "acceptanceDueAt", "quoteReminderAt", "quoteStatus", "acceptance",
      "cancellationPenalty", "startsAt", "endsAt", "milestonePlan", "escrowMilestones", "milestone",
      "milestoneReleases", "releaseAmountMinor", "releaseExpiresAt", "releaseThresholdMinor", "releaseApprovalsRequired",
      "disputeId", "disputeFrozenMinor", "disputeUnfrozenMinor", "disputePayableMinor", "disputeOutcome",
      "disputeRefundMinor", "disputePenaltyMinor", "disputeSource",
      "evidenceDueAt", "appealWindowEndsAt", "clientEvidence", "talentEvidence", "payoutMode", "payoutBatchId",
      "payoutProvider", "payoutId", "payoutStatus",
      // attributes the access-policy DMN decides on
      "contractSha256", "contractApproved", "contractApprovedBy", "signerDecision", "signingGroups", "groupSigners", "approvals", "approverRoles",
      "contractStatus", "disputeOpen", "scoresFrozen", "ndaSigned", "evidenceProvided", "verified"))
      .collect(Collectors.toUnmodifiableSet());

  /**
   * Messages only TalentOS publishes: a payout batch paid a booking, a provider reported a failed payout or a
   * chargeback after release, a refund was requested, processed or failed (the ledger and the signed provider
   * webhooks are their only sources), a contract was signed or a signer answered (only the signing links and
   * contract-signing.bpmn), a delivery was recorded (the booking and the contract's obligation endpoint); a casting
   * call's submissions closed or its offer answered (the casting API, which records the answer first); a season's
   * registration closed or a stage's scorecards complete (the pageant API, from the scorecards themselves).
   */
  static final Set<String> RESERVED_MESSAGES = Set.of("PayoutBatchPaid", "PayoutFailed", "RefundRequested",
      "RefundProcessed", "RefundFailed", "RefundFailedAfterProcessed", "ChargebackAfterRelease", "ContractSigned",
      "SignerResponded", "DeliveryRecorded", "CastingSubmissionsClosed", "OfferAnswered", "PageantRegistrationClosed",
      "StageScorecardsComplete");

  /** A message to correlate. {@code messageId} may come from the {@code Idempotency-Key} header instead. */
  record MessageRequest(@NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9]{0,63}") String name,
      @NotBlank @Size(max = 128) String correlationKey, @Size(max = 128) String messageId,
      Map<String, Object> variables) {}

  /** Which process instance took the message; {@code duplicate} is true for a repeated messageId. */
  record CorrelatedResponse(String messageId, long processInstanceKey, boolean duplicate) {}

  private final MessageCorrelation correlation;

  private final Capabilities capabilities;

  MessageController(MessageCorrelation correlation, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.correlation = correlation;
  }

  @Operation(summary = "Correlate a message into the process instance that waits for it (once per messageId)")
  @PostMapping
  ResponseEntity<CorrelatedResponse> correlate(@PathVariable String tenantId,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody MessageRequest body, HttpServletRequest request,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "automation.message.correlate");
    String messageId = body.messageId() != null ? body.messageId() : idempotencyKey;
    if (messageId == null || messageId.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "messageId (or the Idempotency-Key header) is required");
    }
    if (body.messageId() != null && idempotencyKey != null && !body.messageId().equals(idempotencyKey)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "messageId and Idempotency-Key differ");
    }
    if (RESERVED_MESSAGES.contains(body.name())) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Message '" + body.name() + "' is published by "
          + "TalentOS itself (payout batches, refunds, provider webhooks), not through the message API");
    }
    Map<String, Object> variables = body.variables() == null ? Map.of() : body.variables();
    variables.keySet().stream().filter(PROTECTED_VARIABLES::contains).findFirst().ifPresent(name -> {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Variable '" + name + "' is process state and cannot be set by a message");
    });
    request.setAttribute(AuditLog.REQUEST_BEFORE, Map.of("name", body.name(), "correlationKey", body.correlationKey(),
        "messageId", messageId));
    var result = correlation.correlate(tenantId, body.name(), body.correlationKey(), messageId, variables);
    request.setAttribute(AuditLog.REQUEST_AFTER, Map.of("processInstanceKey", result.processInstanceKey(),
        "duplicate", result.duplicate(), "variables", variables));
    return ResponseEntity.ok(new CorrelatedResponse(result.messageId(), result.processInstanceKey(), result.duplicate()));
  }
}
