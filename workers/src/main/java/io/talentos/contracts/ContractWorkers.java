package io.talentos.contracts;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.talentos.engine.EngineClock;
import io.talentos.engine.MessageCorrelation;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import io.talentos.tenancy.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job workers of {@code processes/contracts/contract-signing.bpmn} (seed 000 §11.4) and of the booking's "Draft
 * contract" step: approvals' outcome, the signature packet, the seal, activation with obligations, and the term.
 * Every step is safe to run twice: status changes are conditional, links go only to signers still PENDING, the seal
 * and the obligations are created once.
 */
@Component
public class ContractWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(ContractWorkers.class);

  private final ContractService contracts;
  private final SignaturePackets packets;
  private final ContractDocuments documents;
  private final Obligations obligations;
  private final EvidenceVault vault;
  private final MessageCorrelation messages;
  private final EngineClock clock;
  private final TenantGuard guard;
  private final Tenants tenants;

  ContractWorkers(ContractService contracts, SignaturePackets packets, ContractDocuments documents,
      Obligations obligations, EvidenceVault vault, MessageCorrelation messages, EngineClock clock, TenantGuard guard,
      Tenants tenants) {
    this.contracts = contracts;
    this.packets = packets;
    this.documents = documents;
    this.obligations = obligations;
    this.vault = vault;
    this.messages = messages;
    this.clock = clock;
    this.guard = guard;
    this.tenants = tenants;
  }

  /** The accepted quote of a booking: its terms in minor units and ISO 4217, dates as ISO-8601 instants. */
  public record QuoteInput(String tenantId, String bookingId, String clientName, String talentId, String startsAt,
      String endsAt, String deliverables, long grossMinor, String currency, String commissionModel,
      String initiatedBy, List<Map<String, Object>> milestonePlan) {}

  /** The booking's draft contract. */
  public record DraftOutput(String contractId, String contractStatus) {}

  /** Drafts the booking's contract from the BOOKING template when the client accepts the quote (§11.4). */
  @JobWorker(type = ContractJobTypes.DRAFT_FROM_QUOTE)
  public DraftOutput draftFromQuote(@VariablesAsType QuoteInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("agencyName", tenants.requireActive(in.tenantId()).name());
      variables.put("effectiveDate", clock.now().atZone(ZoneOffset.UTC).toLocalDate().toString());
      variables.put("clientName", in.clientName());
      variables.put("talentName", in.talentId());
      variables.put("startsAt", Instant.parse(in.startsAt()).atZone(ZoneOffset.UTC).toLocalDate().toString());
      variables.put("endsAt", Instant.parse(in.endsAt()).atZone(ZoneOffset.UTC).toLocalDate().toString());
      variables.put("deliverables", in.deliverables());
      variables.put("fee", Map.of("amountMinor", in.grossMinor(), "currency", in.currency()));
      variables.put("commissionModel", in.commissionModel());
      UUID id = contracts.draftForBooking(in.tenantId(), UUID.fromString(in.bookingId()), variables,
          in.milestonePlan(), in.initiatedBy());
      LOG.info("Booking {} (tenant {}): contract {} drafted from the accepted quote", in.bookingId(), in.tenantId(),
          id);
      return new DraftOutput(id.toString(), "DRAFT");
    }
  }

  /** A contract the process works on. */
  public record ContractRef(String tenantId, String contractId) {}

  /** The outcome of one internal approval: the approver's role, yes or no, and their comment. */
  public record Approval(String role, Boolean approved, String comment, String approvedBy) {}

  /** The approvals collected by the multi-instance "Approve contract" task. */
  public record ApprovalsInput(String tenantId, String contractId, List<Approval> approvals) {}

  /** The contract's status after the step. */
  public record StatusOutput(String contractStatus) {}

  /** An approver said no: the contract goes back to DRAFT with their comments, for another round of negotiation. */
  @JobWorker(type = ContractJobTypes.RETURN_TO_DRAFT)
  public StatusOutput returnToDraft(@VariablesAsType ApprovalsInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String reason = "Returned by " + (in.approvals() == null ? List.<Approval>of() : in.approvals()).stream()
          .filter(a -> !Boolean.TRUE.equals(a.approved()))
          .map(a -> a.role() + (a.comment() == null || a.comment().isBlank() ? "" : ": " + a.comment()))
          .reduce((a, b) -> a + "; " + b).orElse("an approver");
      contracts.transition(in.tenantId(), UUID.fromString(in.contractId()), List.of("IN_APPROVAL"), "DRAFT", reason);
      vault.recordEvent(in.tenantId(), in.contractId(), "APPROVAL_REFUSED", Map.of("reason", reason),
          "contract-signing");
      return new StatusOutput("DRAFT");
    }
  }

  /** The signing groups in order, for the sequential multi-instance "Sign in order". */
  public record PacketOutput(String contractStatus, List<Integer> signingGroups) {}

  /** Every required approver said yes (or none was required): APPROVED, and the signature packet opens. */
  @JobWorker(type = ContractJobTypes.OPEN_SIGNATURE_PACKET)
  public PacketOutput openSignaturePacket(@VariablesAsType ApprovalsInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID contractId = UUID.fromString(in.contractId());
      if (contracts.transition(in.tenantId(), contractId, List.of("IN_APPROVAL"), "APPROVED", null)) {
        vault.recordEvent(in.tenantId(), in.contractId(), "APPROVED", Map.of("approvals",
            in.approvals() == null ? List.of() : in.approvals()), "contract-signing");
      }
      return new PacketOutput("APPROVED", packets.groups(in.tenantId(), contractId));
    }
  }

  /** One signing group to send links to. */
  public record GroupInput(String tenantId, String contractId, int signingGroup) {}

  /** The group's signers with their links' expiry, for the parallel multi-instance "Each signer". */
  public record GroupOutput(List<SignaturePackets.IssuedLink> groupSigners) {}

  /** Emails the group's signing links (the group before has signed). */
  @JobWorker(type = ContractJobTypes.SEND_SIGNING_LINKS)
  public GroupOutput sendSigningLinks(@VariablesAsType GroupInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      return new GroupOutput(packets.sendLinks(in.tenantId(), UUID.fromString(in.contractId()), in.signingGroup()));
    }
  }

  /** One signer of the packet (the multi-instance element). */
  public record SignerInput(String tenantId, String contractId, SignaturePackets.IssuedLink signer) {}

  /** Reminds a signer who has not answered yet (non-interrupting timer). */
  @JobWorker(type = ContractJobTypes.REMIND_SIGNER)
  public void remindSigner(@VariablesAsType SignerInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      packets.remind(in.tenantId(), UUID.fromString(in.signer().signerId()));
    }
  }

  /** What the signer did by the time their link expired: SIGNED, DECLINED or EXPIRED. */
  public record ExpiryOutput(String signerDecision) {}

  /**
   * The signer's link expired: EXPIRED if unanswered (the packet then ends), else the answer recorded meanwhile whose
   * message had not reached the process (a lost publish, or an answer in the last moment).
   */
  @JobWorker(type = ContractJobTypes.EXPIRE_SIGNING_LINK)
  public ExpiryOutput expireSigningLink(@VariablesAsType SignerInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String status = packets.expire(in.tenantId(), UUID.fromString(in.signer().signerId()));
      if ("EXPIRED".equals(status)) {
        vault.recordEvent(in.tenantId(), in.contractId(), "SIGNING_LINK_EXPIRED",
            Map.of("signerId", in.signer().signerId()), "contract-signing");
      }
      return new ExpiryOutput(status);
    }
  }

  /** The packet ends without signatures (header {@code voidReason}: DECLINED or EXPIRED): the contract is VOIDED. */
  @JobWorker(type = ContractJobTypes.VOID_PACKET)
  public StatusOutput voidPacket(@VariablesAsType ContractRef in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID contractId = UUID.fromString(in.contractId());
      String why = job.getCustomHeaders().getOrDefault("voidReason", "DECLINED");
      String detail = contracts.signers(in.tenantId(), contractId).stream()
          .filter(s -> s.status().equals(why))
          .map(s -> s.role() + " " + s.name() + (s.declineReason() == null ? "" : ": " + s.declineReason()))
          .reduce((a, b) -> a + "; " + b).orElse("");
      packets.voidOpen(in.tenantId(), contractId);
      String reason = ("DECLINED".equals(why) ? "Declined by " : "Signing link expired for ") + detail;
      if (contracts.transition(in.tenantId(), contractId, List.of("APPROVED"), "VOIDED", reason)) {
        vault.recordEvent(in.tenantId(), in.contractId(), "PACKET_VOIDED", Map.of("reason", reason),
            "contract-signing");
      }
      return new StatusOutput("VOIDED");
    }
  }

  /** The sealed PDF's vault item and SHA-256. */
  public record SealOutput(String contractStatus, String sealedItemId, String sealedSha256) {}

  /** Everyone signed: renders the final PDF, adds the audit certificate, seals it (PAdES) and stores it. SIGNED. */
  @JobWorker(type = ContractJobTypes.SEAL_CONTRACT)
  public SealOutput sealContract(@VariablesAsType ContractRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID contractId = UUID.fromString(in.contractId());
      EvidenceVault.Item item = documents.seal(in.tenantId(), contractId);
      contracts.transition(in.tenantId(), contractId, List.of("APPROVED"), "SIGNED", null);
      return new SealOutput("SIGNED", item.itemId().toString(), item.sha256());
    }
  }

  /** Whether a booking was told. */
  public record NotifyOutput(boolean bookingNotified) {}

  /**
   * Tells the booking its contract is signed ({@code ContractSigned}, correlation key the booking id), which
   * replaces the booking's old "Confirm contract signed" task. Addenda and renewals tell nobody.
   */
  @JobWorker(type = ContractJobTypes.NOTIFY_CONTRACT_SIGNED)
  public NotifyOutput notifyContractSigned(@VariablesAsType ContractRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      ContractService.Terms terms = contracts.terms(in.tenantId(), UUID.fromString(in.contractId()));
      if (terms.bookingId() == null || !"CONTRACT".equals(terms.kind())) {
        return new NotifyOutput(false);
      }
      messages.publish(in.tenantId(), ContractJobTypes.CONTRACT_SIGNED, terms.bookingId().toString(),
          "contract-signed:" + in.contractId(), Duration.ofDays(30), Map.of("contractId", in.contractId(),
              "contractSha256", terms.sha256()));
      LOG.info("Contract {} (tenant {}): booking {} told the contract is signed", in.contractId(), in.tenantId(),
          terms.bookingId());
      return new NotifyOutput(true);
    }
  }

  /**
   * The active contract's deliverables with their due times (SLA timers), and when its term ends and the renewal
   * reminder is due (ISO-8601; null for an open-ended contract).
   */
  public record ActivationOutput(String contractStatus, List<Obligations.Due> deliverableObligations,
      String termEndsAt, String renewalReminderAt) {}

  /** Activates the signed contract and creates its obligations: invoice schedule, escrow milestones, deliverables. */
  @JobWorker(type = ContractJobTypes.ACTIVATE_CONTRACT)
  public ActivationOutput activateContract(@VariablesAsType ContractRef in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID contractId = UUID.fromString(in.contractId());
      List<Obligations.Due> due = obligations.create(in.tenantId(), contractId); // first: ACTIVE has them
      contracts.transition(in.tenantId(), contractId, List.of("SIGNED"), "ACTIVE", null);
      Instant ends = contracts.terms(in.tenantId(), contractId).expiresAt();
      Instant reminder = ends == null ? null : ends.minus(contracts.renewalNotice());
      if (reminder != null && reminder.isBefore(clock.now())) {
        reminder = clock.now();
      }
      return new ActivationOutput("ACTIVE", due, ends == null ? null : ends.toString(),
          reminder == null ? null : reminder.toString());
    }
  }

  /** One deliverable obligation (the multi-instance element). */
  public record ObligationInput(String tenantId, String contractId, Obligations.Due obligation) {}

  /** Marks a deliverable (header {@code obligationStatus}: FULFILLED, OVERDUE or WAIVED). */
  @JobWorker(type = ContractJobTypes.MARK_OBLIGATION)
  public void markObligation(@VariablesAsType ObligationInput in, ActivatedJob job) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String status = job.getCustomHeaders().getOrDefault("obligationStatus", "FULFILLED");
      obligations.mark(in.tenantId(), UUID.fromString(in.obligation().obligationId()), status);
    }
  }

  /** The renewal decided by the owner of the contract. */
  public record RenewalInput(String tenantId, String contractId, String submittedBy) {}

  /** The renewal's draft contract. */
  public record RenewalOutput(String renewalContractId) {}

  /** Drafts the renewal for a term as long as the first (the parties negotiate, approve and sign it again). */
  @JobWorker(type = ContractJobTypes.DRAFT_RENEWAL)
  public RenewalOutput draftRenewal(@VariablesAsType RenewalInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      UUID contractId = UUID.fromString(in.contractId());
      ContractService.ContractView contract = contracts.view(in.tenantId(), contractId, true);
      Instant ends = Instant.parse(contract.expiresAt());
      Instant started = Instant.parse(contract.createdAt());
      UUID renewal = contracts.renewal(in.tenantId(), in.submittedBy(), contractId,
          ends.plus(Duration.between(started, ends)));
      return new RenewalOutput(renewal.toString());
    }
  }

  /** The term's end: EXPIRED, or RENEWED when a renewal was drafted. */
  public record TermInput(String tenantId, String contractId, String renewalContractId) {}

  /** Ends the contract's term. */
  @JobWorker(type = ContractJobTypes.END_TERM)
  public StatusOutput endTerm(@VariablesAsType TermInput in) {
    try (TenantScope.Binding tenant = guard.enter(in.tenantId())) {
      String to = in.renewalContractId() == null ? "EXPIRED" : "RENEWED";
      contracts.transition(in.tenantId(), UUID.fromString(in.contractId()), List.of("ACTIVE"), to,
          in.renewalContractId() == null ? null : "Renewed by contract " + in.renewalContractId());
      return new StatusOutput(to);
    }
  }
}
