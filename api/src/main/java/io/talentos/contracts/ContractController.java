package io.talentos.contracts;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.engine.MessageCorrelation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.BreakGlassService;
import io.talentos.policy.Capabilities;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ContractService (issue 5, seed 000 §11): templates and the clause library, drafts and their versions with redlines,
 * signers, submission to {@code contract-signing}, addenda, the evidence vault, the sealed PDF and expiring links to
 * it. Confidential contracts come back redacted unless the caller holds {@code contracts.contract.view_confidential}
 * or an approved break-glass override for that contract (§11.5).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/contracts")
class ContractController {

  /** A signer: party role in upper case, name, email; equal {@code group}s sign in parallel, groups in order. */
  record SignerRequest(@NotBlank @Pattern(regexp = "[A-Z_]{2,30}") String role, @NotBlank @Size(max = 200) String name,
      @NotBlank @Email @Size(max = 320) String email, @Min(1) @Max(20) Integer group, boolean minor) {}

  /** A clause of a draft: a library id (or a custom one), its category, title and text (Mustache). */
  record ClauseRequest(@NotBlank @Size(max = 80) String id, @NotBlank String category,
      @NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 4000) String text) {}

  /** A new contract from a template. */
  record DraftRequest(@NotBlank @Size(max = 40) String type, @Size(max = 200) String title, UUID bookingId,
      @NotNull Map<String, Object> variables, @Valid @Size(max = 60) List<@NotNull ClauseRequest> clauses,
      @Valid @Size(max = 20) List<@NotNull SignerRequest> signers, boolean confidential, Instant expiresAt) {}

  /** New terms for a draft (null keeps what is there). */
  record TermsRequest(Map<String, Object> variables, @Valid @Size(max = 60) List<@NotNull ClauseRequest> clauses,
      @Size(max = 2000) String note) {}

  /** How long an access link works (ISO-8601 duration, at most P30D). */
  record AccessLinkRequest(Duration validFor) {}

  /** The process instance a submitted contract runs in. */
  record SubmittedResponse(UUID contractId, long processInstanceKey) {}

  private static final String VIEW = "contracts.contract.view";
  private static final String DRAFT = "contracts.contract.draft";
  private static final String CONFIDENTIAL = "contracts.contract.view_confidential";

  private final ContractService contracts;
  private final ContractTemplates templates;
  private final ContractDocuments documents;
  private final EvidenceVault vault;
  private final Obligations obligations;
  private final MessageCorrelation messages;
  private final Capabilities capabilities;
  private final BreakGlassService overrides;
  private final String baseUrl;

  ContractController(ContractService contracts, ContractTemplates templates, ContractDocuments documents,
      EvidenceVault vault, Obligations obligations, MessageCorrelation messages, Capabilities capabilities,
      BreakGlassService overrides,
      @Value("${talentos.contracts.signing-base-url:http://localhost:8080}") String baseUrl) {
    this.contracts = contracts;
    this.templates = templates;
    this.documents = documents;
    this.vault = vault;
    this.obligations = obligations;
    this.messages = messages;
    this.capabilities = capabilities;
    this.overrides = overrides;
    this.baseUrl = baseUrl;
  }

  @Operation(summary = "The contract templates (one per contract type) with their typed variables and signer roles")
  @GetMapping("/templates")
  Collection<ContractTemplates.Template> templates(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    return templates.all().values();
  }

  @Operation(summary = "The clause library: finance, IP, confidentiality, conduct, minor protection, general")
  @GetMapping("/clauses")
  Collection<ContractTemplates.Clause> clauses(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    return templates.library().values();
  }

  @Operation(summary = "Draft a contract from a template (version 1)")
  @PostMapping
  ResponseEntity<ContractService.ContractView> draft(@PathVariable String tenantId,
      @Valid @RequestBody DraftRequest body, @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    var view = contracts.draft(tenantId, user.userId(), new ContractService.Draft(body.type(), body.title(),
        body.bookingId(), body.variables(), clauses(body.clauses()), signers(body.signers()), body.confidential(), body.expiresAt()));
    request.setAttribute(AuditLog.REQUEST_AFTER, Map.of("contractId", view.contractId(), "type", view.type()));
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/contracts/" + view.contractId()))
        .body(view);
  }

  @Operation(summary = "The tenant's contracts, newest first, optionally of one booking or status")
  @GetMapping
  List<ContractService.ContractView> list(@PathVariable String tenantId, @RequestParam(required = false) UUID bookingId,
      @RequestParam(required = false) String status, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    boolean full = capabilities.of(tenantId, user.userId(), user.roles()).contains(CONFIDENTIAL);
    return contracts.list(tenantId, bookingId, status, full);
  }

  @Operation(summary = "A contract: status, current terms and text, signers, obligations (redacted if confidential)")
  @GetMapping("/{contractId}")
  ContractService.ContractView get(@PathVariable String tenantId, @PathVariable UUID contractId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    return contracts.view(tenantId, contractId, mayReadConfidential(tenantId, contractId, user));
  }

  @Operation(summary = "New terms for a draft (negotiation): returns the redline against the version before; 409 "
      + "once the contract has left DRAFT")
  @PutMapping("/{contractId}/terms")
  ContractService.Redline revise(@PathVariable String tenantId, @PathVariable UUID contractId,
      @Valid @RequestBody TermsRequest body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    requireFullAccess(tenantId, contractId, user, "negotiating it");
    return contracts.revise(tenantId, user.userId(), contractId, body.variables(), clauses(body.clauses()),
        body.note());
  }

  @Operation(summary = "The signers of a draft and their order (a minor needs a GUARDIAN in an earlier group)")
  @PutMapping("/{contractId}/signers")
  List<ContractService.SignerView> signers(@PathVariable String tenantId, @PathVariable UUID contractId,
      @Valid @RequestBody @Size(max = 20) List<@NotNull @Valid SignerRequest> body,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    requireFullAccess(tenantId, contractId, user, "naming its signers");
    return contracts.setSigners(tenantId, contractId, signers(body));
  }

  @Operation(summary = "Submit a draft for approval and signing (starts contract-signing)")
  @PostMapping("/{contractId}/submit")
  SubmittedResponse submit(@PathVariable String tenantId, @PathVariable UUID contractId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    requireFullAccess(tenantId, contractId, user, "submitting it");
    return new SubmittedResponse(contractId, contracts.submit(tenantId, user.userId(), contractId));
  }

  @Operation(summary = "The versions of the terms, oldest first")
  @GetMapping("/{contractId}/versions")
  List<ContractService.VersionView> versions(@PathVariable String tenantId, @PathVariable UUID contractId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    requireFullAccess(tenantId, contractId, user, "its versions");
    return contracts.versions(tenantId, contractId);
  }

  @Operation(summary = "The redline between two versions (default: the last two)")
  @GetMapping("/{contractId}/redline")
  ContractService.Redline redline(@PathVariable String tenantId, @PathVariable UUID contractId,
      @RequestParam(required = false) Integer from, @RequestParam(required = false) Integer to,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    requireFullAccess(tenantId, contractId, user, "its redline");
    int last = contracts.view(tenantId, contractId, true).version();
    int toVersion = to == null ? last : to;
    return contracts.redline(tenantId, contractId, from == null ? Math.max(1, toVersion - 1) : from, toVersion);
  }

  @Operation(summary = "Draft an addendum to a signed or active contract: its terms with the changes, signed again")
  @PostMapping("/{contractId}/addenda")
  ResponseEntity<ContractService.ContractView> addendum(@PathVariable String tenantId, @PathVariable UUID contractId,
      @Valid @RequestBody TermsRequest body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    requireFullAccess(tenantId, contractId, user, "an addendum to it");
    var view = contracts.addendum(tenantId, user.userId(), contractId, body.variables(), clauses(body.clauses()),
        body.note());
    return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/contracts/" + view.contractId()))
        .body(view);
  }

  @Operation(summary = "The evidence vault of a contract: document versions with SHA-256 and every signing event")
  @GetMapping("/{contractId}/evidence")
  List<EvidenceVault.Item> evidence(@PathVariable String tenantId, @PathVariable UUID contractId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    contracts.terms(tenantId, contractId);
    requireFullAccess(tenantId, contractId, user, "its evidence");
    return vault.items(tenantId, contractId.toString());
  }

  @Operation(summary = "The sealed PDF (PAdES-signed, with the audit certificate); confidential: export restricted")
  @GetMapping(value = "/{contractId}/document", produces = MediaType.APPLICATION_PDF_VALUE)
  ResponseEntity<byte[]> document(@PathVariable String tenantId, @PathVariable UUID contractId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), VIEW);
    requireFullAccess(tenantId, contractId, user, "exporting it");
    return pdf(contractId, documents.sealedDocument(tenantId, contractId));
  }

  @Operation(summary = "An expiring link to the sealed PDF that works without a login (default P1D, at most P30D)")
  @PostMapping("/{contractId}/access-links")
  ContractDocuments.AccessLink accessLink(@PathVariable String tenantId, @PathVariable UUID contractId,
      @RequestBody(required = false) AccessLinkRequest body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    requireFullAccess(tenantId, contractId, user, "sharing it");
    return documents.accessLink(tenantId, contractId, user.userId(), body == null ? null : body.validFor(), baseUrl);
  }

  @Operation(summary = "Record that a deliverable obligation was delivered (ends its SLA timer)")
  @PostMapping("/{contractId}/obligations/{obligationId}/fulfil")
  ResponseEntity<Void> fulfil(@PathVariable String tenantId, @PathVariable UUID contractId,
      @PathVariable UUID obligationId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), DRAFT);
    String key = obligations.openDeliverable(tenantId, contractId, obligationId)
        .orElseThrow(() -> new ContractService.ContractStateException("No open deliverable " + obligationId
            + " on contract " + contractId));
    messages.publish(tenantId, ContractJobTypes.DELIVERY_RECORDED, key, "delivery-recorded:" + obligationId,
        Duration.ofDays(30), Map.of("deliveryRecordedBy", user.userId()));
    return ResponseEntity.accepted().build();
  }

  static ResponseEntity<byte[]> pdf(UUID contractId, byte[] bytes) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"contract-" + contractId + ".pdf\"")
        .body(bytes);
  }

  /** Refuses (403) a caller who may not read this confidential contract in full. */
  private void requireFullAccess(String tenantId, UUID contractId, CurrentUser user, String what) {
    if (!mayReadConfidential(tenantId, contractId, user)) {
      throw new org.springframework.security.access.AccessDeniedException("Contract " + contractId
          + " is confidential: " + what + " needs " + CONFIDENTIAL + " or an approved break-glass override");
    }
  }

  /**
   * Whether the caller may read the contract in full: it is not confidential, or the caller holds the capability, or
   * an approved break-glass override for this contract (its use audited).
   */
  private boolean mayReadConfidential(String tenantId, UUID contractId, CurrentUser user) {
    if (!contracts.confidential(tenantId, contractId)
        || capabilities.of(tenantId, user.userId(), user.roles()).contains(CONFIDENTIAL)) {
      return true;
    }
    var override = overrides.active(tenantId, user.userId(), CONFIDENTIAL, "contract", contractId.toString());
    override.ifPresent(o -> overrides.used(o, Map.of("contractId", contractId.toString())));
    return override.isPresent();
  }

  private static List<ContractTemplates.Clause> clauses(List<ClauseRequest> clauses) {
    return clauses == null ? null : clauses.stream()
        .map(c -> new ContractTemplates.Clause(c.id(), c.category(), c.title(), c.text())).toList();
  }

  private static List<ContractService.Signer> signers(List<SignerRequest> signers) {
    return signers == null ? List.of() : signers.stream()
        .map(s -> new ContractService.Signer(s.role(), s.name(), s.email(), s.group(), s.minor())).toList();
  }
}
