package io.talentos.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import io.talentos.engine.EngineClock;
import io.talentos.engine.ProcessStarter;
import io.talentos.tenancy.Tenants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * ContractService (seed 000 §11): drafted from a template, negotiated in versions with redlines, submitted to the
 * {@code contract-signing} process (approvals, signature packet, seal, activation). A contract's terms change only
 * while it is a DRAFT; afterwards only an addendum, a contract of its own signed the same way, changes them
 * (§11.5). Money is in minor units with an ISO 4217 currency.
 */
@Service
public class ContractService {

  /** A signer of the packet: role (CLIENT, TALENT, AGENCY, GUARDIAN …), name, email, signing group, minor or not. */
  public record Signer(String role, String name, String email, Integer group, boolean minor) {}

  /**
   * A new contract: its template type, an optional title and booking, the typed variables, the clauses (null for
   * the template's), the signers, whether it is confidential and when its term ends (null: open-ended).
   */
  public record Draft(String type, String title, UUID bookingId, Map<String, Object> variables,
      List<ContractTemplates.Clause> clauses, List<Signer> signers, boolean confidential, Instant expiresAt) {}

  /** A signer as the contract shows it (no link or code). Times ISO-8601 UTC, null until they happen. */
  public record SignerView(UUID signerId, int group, String role, String name, String email, boolean minor,
      String status, String sentAt, String viewedAt, String decidedAt, String channel, String declineReason) {}

  /** An obligation of an active contract: kind, what, amount (minor units, currency) and due time, status. */
  public record ObligationView(UUID obligationId, String kind, String description, Long amountMinor, String currency,
      String dueAt, String status, String fulfilledAt) {}

  /** One version of the terms: its SHA-256 (of the rendered text), the categories changed from the template. */
  public record VersionView(int version, String sha256, List<String> changedCategories, String note,
      String createdBy, String createdAt) {}

  /**
   * A contract. When {@code redacted}, the caller may not read a confidential contract: variables, clause texts, the
   * text, its hash, the value, the status reason, the obligations' amounts and descriptions, the signers' emails and
   * decline reasons are withheld (seed 000 §11.5).
   */
  public record ContractView(UUID contractId, String type, String kind, String title, UUID bookingId,
      UUID parentContractId, String status, String statusReason, Long valueMinor, String currency,
      boolean confidential, boolean redacted, int version, String expiresAt, Map<String, Object> variables,
      List<ContractTemplates.Clause> clauses, String text, String sha256, List<String> changedCategories,
      List<SignerView> signers, List<ObligationView> obligations, UUID sealedItemId, String createdBy,
      String createdAt) {}

  /** A readable diff between two versions: lines starting "- " left, "+ " came, "  " stayed. */
  public record Redline(UUID contractId, int fromVersion, int toVersion, int changedLines, String diff) {}

  /** The terms of a version as the workers need them. */
  public record Terms(UUID contractId, String type, String kind, UUID bookingId, UUID parentContractId, int version,
      Map<String, Object> variables, List<ContractTemplates.Clause> clauses, String text, String sha256,
      List<String> changedCategories, long valueMinor, String currency, Instant expiresAt, String status) {}

  /** No such contract in the tenant (HTTP 404). */
  public static class UnknownContractException extends RuntimeException {
    UnknownContractException(UUID id) {
      super("No contract " + id + " for this tenant");
    }
  }

  /** The contract is not in a state that allows this (HTTP 409), e.g. editing a signed contract. */
  public static class ContractStateException extends RuntimeException {
    ContractStateException(String message) {
      super(message);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ContractService.class);
  private static final String PROCESS_ID = "contract-signing";
  private static final List<String> STATUSES = List.of("DRAFT", "IN_APPROVAL", "APPROVED", "SIGNED", "ACTIVE",
      "EXPIRED", "RENEWED", "VOIDED");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<ContractTemplates.Clause>> CLAUSES = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ContractTemplates templates;
  private final ObjectMapper json;
  private final ProcessStarter processes;
  private final EngineClock clock;
  private final Tenants tenants;
  private final Duration reminderEvery;
  private final Duration renewalNotice;
  private final org.springframework.transaction.support.TransactionTemplate tx;
  private final EvidenceVault vault;

  ContractService(org.springframework.transaction.support.TransactionTemplate tx, JdbcTemplate jdbc,
      EvidenceVault vault, ContractTemplates templates, ObjectMapper json, ProcessStarter processes, EngineClock clock,
      Tenants tenants,
      @Value("${talentos.contracts.signing-reminder-every:P2D}") Duration reminderEvery,
      @Value("${talentos.contracts.renewal-notice:P30D}") Duration renewalNotice) {
    this.tx = tx;
    this.vault = vault;
    this.jdbc = jdbc;
    this.templates = templates;
    this.json = json;
    this.processes = processes;
    this.clock = clock;
    this.tenants = tenants;
    this.reminderEvery = reminderEvery;
    this.renewalNotice = renewalNotice;
  }

  /**
   * Drafts a contract (version 1). @throws ContractTemplates.UnknownTemplateException for an unknown type
   * @throws ContractTemplates.InvalidTermsException if variables, clauses or signers do not fit
   */
  @Transactional
  public ContractView draft(String tenantId, String actor, Draft draft) {
    return create(tenantId, actor, draft, false);
  }

  private ContractView create(String tenantId, String actor, Draft draft, boolean fromQuote) {
    tenants.requireActive(tenantId);
    ContractTemplates.Template template = templates.template(draft.type());
    Map<String, Object> variables = templates.checkVariables(template, draft.variables());
    List<ContractTemplates.Clause> clauses = templates.checkClauses(template,
        draft.clauses() == null ? templates.defaultClauses(template) : draft.clauses());
    if (draft.bookingId() != null && (!"BOOKING".equals(template.type()) || jdbc.queryForObject(
        "select count(*) from booking where tenant_id = ? and booking_id = ?", Integer.class, tenantId,
        draft.bookingId()) == 0)) {
      throw new ContractTemplates.InvalidTermsException("bookingId must name a booking of this tenant, with the "
          + "BOOKING template");
    }
    if (draft.bookingId() != null && contractOfBooking(tenantId, draft.bookingId()).isPresent()) {
      throw new ContractStateException("Booking " + draft.bookingId() + " has a contract already; it can be drafted "
          + "anew once that one is VOIDED");
    }
    List<String> voidedPlan = draft.bookingId() == null ? List.of() : jdbc.queryForList("""
        select milestone_plan::text from contract where tenant_id = ? and booking_id = ? and kind = 'CONTRACT'
          and status = 'VOIDED' order by created_at desc limit 1""", String.class, tenantId, draft.bookingId());
    if (draft.bookingId() != null && !fromQuote && voidedPlan.isEmpty()) {
      throw new ContractStateException("Booking " + draft.bookingId() + "'s contract is drafted when its quote is "
          + "accepted; a new one can be drafted here only after that one is VOIDED");
    }
    if (draft.expiresAt() != null && !draft.expiresAt().isAfter(clock.now())) {
      throw new ContractTemplates.InvalidTermsException("expiresAt must be in the future");
    }
    UUID id = UUID.randomUUID();
    ContractValue value = valueOf(template, variables);
    jdbc.update("""
        insert into contract (tenant_id, contract_id, contract_type, title, booking_id, value_minor, currency,
          confidential, expires_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        tenantId, id, template.type(), draft.title() == null || draft.title().isBlank() ? template.title()
            : draft.title(), draft.bookingId(), value.minor(), value.currency(), draft.confidential(),
        draft.expiresAt() == null ? null : Timestamp.from(draft.expiresAt()), actor);
    if (!voidedPlan.isEmpty()) { // drafted anew after a VOIDED contract: the booking's escrow plan carries over
      jdbc.update("update contract set milestone_plan = ?::jsonb where tenant_id = ? and contract_id = ?",
          voidedPlan.getFirst(), tenantId, id);
    }
    replaceSigners(tenantId, id, draft.signers() == null ? List.of() : draft.signers());
    insertVersion(tenantId, id, 1, template, variables, clauses, "Drafted from the " + template.type() + " template",
        actor);
    LOG.info("Contract {} (tenant {}) drafted from the {} template by {}", id, tenantId, template.type(), actor);
    return view(tenantId, id, true);
  }

  /**
   * The booking's contract, drafted from the BOOKING template when the quote is accepted (seed 000 §11.4: created on
   * quote accepted), once per booking: a retried job gets the same contract. {@code milestonePlan} is the booking's
   * escrow plan ({@code [{name, shareBasisPoints}]}), which the contract's obligations follow.
   */
  @Transactional
  public UUID draftForBooking(String tenantId, UUID bookingId, Map<String, Object> variables,
      List<Map<String, Object>> milestonePlan, String actor) {
    Optional<UUID> existing = contractOfBooking(tenantId, bookingId);
    if (existing.isPresent()) {
      return existing.get();
    }
    UUID id = create(tenantId, actor, new Draft("BOOKING", null, bookingId, variables, null, List.of(), false, null),
        true).contractId();
    jdbc.update("update contract set milestone_plan = ?::jsonb where tenant_id = ? and contract_id = ?",
        toJson(milestonePlan == null ? List.of() : milestonePlan), tenantId, id);
    return id;
  }

  /** The escrow milestones the contract's payment follows (the booking's plan; empty: one on delivery accepted). */
  public List<io.talentos.finance.EscrowMilestones.Share> milestonePlan(String tenantId, UUID contractId) {
    return fromJson(jdbc.queryForObject("select milestone_plan::text from contract where tenant_id = ? and "
        + "contract_id = ?", String.class, tenantId, contractId), new TypeReference<>() {});
  }

  /** The booking's live contract (not its addenda, not a VOIDED one), if one was drafted. */
  public Optional<UUID> contractOfBooking(String tenantId, UUID bookingId) {
    return jdbc.queryForList("select contract_id from contract where tenant_id = ? and booking_id = ? and kind = "
        + "'CONTRACT' and status <> 'VOIDED' order by created_at desc", UUID.class, tenantId, bookingId).stream()
        .findFirst();
  }

  /**
   * A new version of a draft's terms (negotiation), with the redline against the version before.
   *
   * @param variables null keeps the current ones
   * @param clauses null keeps the current ones
   * @throws ContractStateException if the contract is no longer a DRAFT (immutable after approval and signing)
   */
  @Transactional
  public Redline revise(String tenantId, String actor, UUID contractId, Map<String, Object> variables,
      List<ContractTemplates.Clause> clauses, String note) {
    Terms current = lockDraft(tenantId, contractId);
    ContractTemplates.Template template = templates.template(current.type());
    Map<String, Object> newVariables = templates.checkVariables(template,
        variables == null ? current.variables() : variables);
    List<ContractTemplates.Clause> newClauses = templates.checkClauses(template,
        clauses == null ? current.clauses() : clauses);
    int version = current.version() + 1;
    insertVersion(tenantId, contractId, version, template, newVariables, newClauses, note, actor);
    ContractValue value = valueOf(template, newVariables);
    jdbc.update("""
        update contract set current_version = ?, value_minor = ?, currency = ?, status_reason = null
        where tenant_id = ? and contract_id = ?""", version, value.minor(), value.currency(), tenantId, contractId);
    LOG.info("Contract {} (tenant {}): version {} by {}", contractId, tenantId, version, actor);
    return redline(tenantId, contractId, current.version(), version);
  }

  /** Replaces a draft's signers. @throws ContractStateException unless DRAFT */
  @Transactional
  public List<SignerView> setSigners(String tenantId, UUID contractId, List<Signer> signers) {
    lockDraft(tenantId, contractId);
    replaceSigners(tenantId, contractId, signers);
    return signers(tenantId, contractId);
  }

  private void replaceSigners(String tenantId, UUID contractId, List<Signer> signers) {
    List<Signer> ordered = checkSigners(signers);
    jdbc.update("delete from contract_signer where tenant_id = ? and contract_id = ?", tenantId, contractId);
    for (Signer s : ordered) {
      jdbc.update("""
          insert into contract_signer (signer_id, tenant_id, contract_id, version, signing_group, party_role, name,
            email, minor) values (?, ?, ?, (select current_version from contract where tenant_id = ? and
            contract_id = ?), ?, ?, ?, ?, ?)""", UUID.randomUUID(), tenantId, contractId, tenantId, contractId,
          s.group(), s.role(), s.name(), s.email().toLowerCase(java.util.Locale.ROOT), s.minor());
    }
  }

  /**
   * Checks the signers and numbers their groups: without a group a signer follows the one before (sequential); equal
   * groups sign in parallel. A minor needs a guardian in an earlier group (seed 000 §11.3 guardian consent).
   */
  static List<Signer> checkSigners(List<Signer> signers) {
    List<Signer> out = new ArrayList<>();
    int previous = 0;
    for (Signer s : signers) {
      if (s.role() == null || !s.role().matches("[A-Z_]{2,30}") || s.name() == null || s.name().isBlank()
          || s.email() == null || !s.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
        throw new ContractTemplates.InvalidTermsException("Each signer needs a role (upper case), a name and an email"
            + " address (" + s.name() + ")");
      }
      int group = s.group() == null ? previous + 1 : s.group();
      if (group < 1 || group > 20) {
        throw new ContractTemplates.InvalidTermsException("A signing group is between 1 and 20");
      }
      out.add(new Signer(s.role(), s.name().strip(), s.email().strip(), group, s.minor()));
      previous = group;
    }
    for (Signer minor : out.stream().filter(Signer::minor).toList()) {
      boolean guardianFirst = out.stream().anyMatch(g -> "GUARDIAN".equals(g.role()) && !g.minor()
          && g.group() < minor.group());
      if (!guardianFirst) {
        throw new ContractTemplates.InvalidTermsException(minor.name() + " is a minor: a GUARDIAN must sign first "
            + "(in an earlier signing group)");
      }
    }
    return out;
  }

  /**
   * Submits a draft for approval and signing: starts {@code contract-signing} (business key: the booking, else the
   * contract). @throws ContractStateException unless DRAFT with signers covering the template's roles
   */
  public long submit(String tenantId, String actor, UUID contractId) {
    // the status is committed before the process starts, so its first job never reads the contract as a DRAFT
    Map<String, Object> variables = tx.execute(status -> submitted(tenantId, actor, contractId));
    long key;
    try {
      key = processes.start(tenantId, PROCESS_ID, variables);
    } catch (RuntimeException e) {
      jdbc.update("update contract set status = 'DRAFT' where tenant_id = ? and contract_id = ? and status = "
          + "'IN_APPROVAL' and process_instance_key is null", tenantId, contractId);
      throw e;
    }
    jdbc.update("update contract set process_instance_key = ? where tenant_id = ? and contract_id = ?", key,
        tenantId, contractId);
    LOG.info("Contract {} (tenant {}) submitted by {}: contract-signing instance {}", contractId, tenantId, actor, key);
    return key;
  }

  private Map<String, Object> submitted(String tenantId, String actor, UUID contractId) {
    Terms terms = lockDraft(tenantId, contractId);
    ContractTemplates.Template template = templates.template(terms.type());
    List<SignerView> signers = signers(tenantId, contractId);
    List<String> missing = template.signerRoles().stream()
        .filter(role -> signers.stream().noneMatch(s -> s.role().equals(role)))
        .filter(role -> !"GUARDIAN".equals(role) || signers.stream().anyMatch(SignerView::minor)).toList();
    if (!missing.isEmpty()) {
      throw new ContractStateException("Contract " + contractId + " needs signers for " + missing
          + " before it is submitted");
    }
    boolean minorTerms = Boolean.TRUE.equals(terms.variables().get("minor"));
    if (minorTerms && signers.stream().noneMatch(SignerView::minor)) {
      throw new ContractStateException("The contract says the talent is a minor: mark the minor's signer "
          + "(\"minor\": true) and add a GUARDIAN who signs first");
    }
    jdbc.update("update contract_signer set version = ? where tenant_id = ? and contract_id = ?", terms.version(),
        tenantId, contractId);
    jdbc.update("update contract set status = 'IN_APPROVAL', status_reason = null, process_instance_key = null "
        + "where tenant_id = ? and contract_id = ?", tenantId, contractId);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("tenantId", tenantId);
    variables.put("contractId", contractId.toString());
    variables.put("businessKey", terms.bookingId() != null ? terms.bookingId().toString() : contractId.toString());
    variables.put("contractTitle", titleOf(tenantId, contractId));
    variables.put("contractKind", terms.kind());
    variables.put("contractValueMinor", terms.valueMinor());
    variables.put("currency", terms.currency() == null ? "INR" : terms.currency());
    variables.put("changedClauses", terms.changedCategories());
    variables.put("minorInvolved", signers.stream().anyMatch(SignerView::minor));
    variables.put("submittedBy", actor);
    variables.put("signingReminderCycle", "R/" + reminderEvery);
    return variables;
  }

  /**
   * Drafts an addendum to a signed contract (seed 000 §11.4 amendments, §11.5): the parent's final terms with the
   * changes, the same signers, signed again the same way. @throws ContractStateException unless the parent is
   * SIGNED or ACTIVE
   */
  @Transactional
  public ContractView addendum(String tenantId, String actor, UUID parentId, Map<String, Object> variables,
      List<ContractTemplates.Clause> clauses, String note) {
    Terms parent = terms(tenantId, parentId);
    if (!List.of("SIGNED", "ACTIVE").contains(parent.status()) || !"CONTRACT".equals(parent.kind())) {
      throw new ContractStateException("Contract " + parentId + " is " + parent.status() + " " + parent.kind()
          + ": an addendum changes a signed or active contract (not an addendum); edit a draft instead");
    }
    List<UUID> open = jdbc.queryForList("""
        select contract_id from contract where tenant_id = ? and parent_contract_id = ? and kind = 'ADDENDUM'
          and status in ('DRAFT', 'IN_APPROVAL', 'APPROVED')""", UUID.class, tenantId, parentId);
    if (!open.isEmpty()) {
      throw new ContractStateException("Addendum " + open.getFirst() + " to contract " + parentId + " is still open: "
          + "finish or void it first");
    }
    Terms base = effectiveTerms(tenantId, parentId, null);
    ContractView drafted = derive(tenantId, actor, parent, base, "ADDENDUM", variables, clauses, note);
    if (base.currency() != null && drafted.currency() != null && !base.currency().equals(drafted.currency())) {
      throw new ContractTemplates.InvalidTermsException("An addendum keeps the contract's currency ("
          + base.currency() + ")");
    }
    return drafted;
  }

  /**
   * The terms in force for a contract: its latest signed or active addendum (other than {@code excluding}), else
   * the contract itself.
   */
  public Terms effectiveTerms(String tenantId, UUID contractId, UUID excluding) {
    return jdbc.queryForList("""
        select contract_id from contract where tenant_id = ? and parent_contract_id = ? and kind = 'ADDENDUM'
          and status in ('SIGNED', 'ACTIVE')
          and contract_id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
        order by signed_at desc limit 1""", UUID.class, tenantId, contractId, excluding).stream().findFirst()
        .map(id -> terms(tenantId, id)).orElseGet(() -> terms(tenantId, contractId));
  }

  /** Drafts the renewal of a contract for a new term: its final terms, the same signers. */
  @Transactional
  public UUID renewal(String tenantId, String actor, UUID contractId, Instant newExpiresAt) {
    List<UUID> existing = jdbc.queryForList("""
        select contract_id from contract where tenant_id = ? and parent_contract_id = ? and kind = 'RENEWAL'""",
        UUID.class, tenantId, contractId);
    if (!existing.isEmpty()) {
      return existing.getFirst();
    }
    UUID id = derive(tenantId, actor, terms(tenantId, contractId), effectiveTerms(tenantId, contractId, null),
        "RENEWAL", null, null, "Renewal for a new term").contractId();
    jdbc.update("update contract set expires_at = ? where tenant_id = ? and contract_id = ?",
        newExpiresAt == null ? null : Timestamp.from(newExpiresAt), tenantId, id);
    return id;
  }

  /** A contract of its own from {@code base}'s terms (the parent's, or its latest addendum's) with the changes. */
  private ContractView derive(String tenantId, String actor, Terms parent, Terms base, String kind,
      Map<String, Object> changes, List<ContractTemplates.Clause> clauses, String note) {
    ContractTemplates.Template template = templates.template(parent.type());
    Map<String, Object> merged = new LinkedHashMap<>(base.variables());
    if (changes != null) {
      merged.putAll(changes);
    }
    Map<String, Object> variables = templates.checkVariables(template, merged);
    List<ContractTemplates.Clause> newClauses = templates.checkClauses(template,
        clauses == null ? base.clauses() : clauses);
    int count = jdbc.queryForObject("select count(*) from contract where tenant_id = ? and parent_contract_id = ? "
        + "and kind = ?", Integer.class, tenantId, parent.contractId(), kind);
    UUID id = UUID.randomUUID();
    ContractValue value = valueOf(template, variables);
    String title = ("ADDENDUM".equals(kind) ? "Addendum " + (count + 1) + " to " : "Renewal of ")
        + titleOf(tenantId, parent.contractId());
    jdbc.update("""
        insert into contract (tenant_id, contract_id, contract_type, title, booking_id, parent_contract_id, kind,
          value_minor, currency, confidential, expires_at, created_by)
        select tenant_id, ?, contract_type, ?, booking_id, contract_id, ?, ?, ?, confidential, expires_at, ?
        from contract where tenant_id = ? and contract_id = ?""", id, title, kind, value.minor(), value.currency(),
        actor, tenantId, parent.contractId());
    replaceSigners(tenantId, id, signers(tenantId, parent.contractId()).stream()
        .map(s -> new Signer(s.role(), s.name(), s.email(), s.group(), s.minor())).toList());
    insertVersion(tenantId, id, 1, template, variables, newClauses, note, actor);
    LOG.info("Contract {} (tenant {}): {} {} drafted by {}", parent.contractId(), tenantId, kind.toLowerCase(), id,
        actor);
    return view(tenantId, id, true);
  }

  private Terms lockDraft(String tenantId, UUID contractId) {
    List<String> status = jdbc.queryForList("select status from contract where tenant_id = ? and contract_id = ? "
        + "for update", String.class, tenantId, contractId);
    if (status.isEmpty()) {
      throw new UnknownContractException(contractId);
    }
    if (!"DRAFT".equals(status.getFirst())) {
      throw new ContractStateException("Contract " + contractId + " is " + status.getFirst() + ", not a DRAFT: "
          + "its terms are fixed" + (List.of("SIGNED", "ACTIVE").contains(status.getFirst())
              ? "; only an addendum changes a signed contract (POST …/contracts/" + contractId + "/addenda)" : ""));
    }
    return terms(tenantId, contractId);
  }

  private record ContractValue(long minor, String currency) {}

  /** The contract's value: its {@code fee} (MONEY) variable, else zero. */
  private static ContractValue valueOf(ContractTemplates.Template template, Map<String, Object> variables) {
    if (variables.get("fee") instanceof Map<?, ?> fee) {
      return new ContractValue(((Number) fee.get("amountMinor")).longValue(), (String) fee.get("currency"));
    }
    return new ContractValue(0, null);
  }

  private void insertVersion(String tenantId, UUID contractId, int version, ContractTemplates.Template template,
      Map<String, Object> variables, List<ContractTemplates.Clause> clauses, String note, String actor) {
    String text = templates.render(template, variables, clauses);
    jdbc.update("""
        insert into contract_version (tenant_id, contract_id, version, variables, clauses, rendered_text, sha256,
          changed_categories, note, created_by) values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?, ?)""",
        tenantId, contractId, version, toJson(variables), toJson(clauses), text,
        DigestUtils.sha256Hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        toJson(templates.changedCategories(template, clauses)), note, actor);
    // every version's text is evidence too (seed 000 §11.2 EvidenceVault), kept with its SHA-256, once the version
    // is committed: a refused draft leaves no copy behind in the create-only store
    Runnable store = () -> vault.storeDocument(tenantId, contractId.toString(), "contract-" + contractId + "-v"
        + version + ".txt", text.getBytes(java.nio.charset.StandardCharsets.UTF_8), actor);
    if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
      org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
          new org.springframework.transaction.support.TransactionSynchronization() {
            @Override
            public void afterCommit() {
              try {
                store.run();
              } catch (RuntimeException e) {
                LOG.warn("Contract {} (tenant {}): version {} is committed but its text could not be stored in the "
                    + "evidence vault: {}", contractId, tenantId, version, e.getMessage());
              }
            }
          });
    } else {
      store.run();
    }
  }

  /** The current terms. @throws UnknownContractException if there is no such contract */
  public Terms terms(String tenantId, UUID contractId) {
    List<Terms> found = jdbc.query("""
        select c.contract_id, c.contract_type, c.kind, c.booking_id, c.parent_contract_id, v.version,
               v.variables::text, v.clauses::text, v.rendered_text, v.sha256, v.changed_categories::text,
               c.value_minor, c.currency, c.expires_at, c.status
        from contract c join contract_version v
          on v.tenant_id = c.tenant_id and v.contract_id = c.contract_id and v.version = c.current_version
        where c.tenant_id = ? and c.contract_id = ?""", (rs, n) -> new Terms(rs.getObject(1, UUID.class),
        rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getInt(6),
        fromJson(rs.getString(7), MAP), fromJson(rs.getString(8), CLAUSES), rs.getString(9), rs.getString(10),
        fromJson(rs.getString(11), STRINGS), rs.getLong(12), rs.getString(13), instant(rs, 14), rs.getString(15)),
        tenantId, contractId);
    if (found.isEmpty()) {
      throw new UnknownContractException(contractId);
    }
    return found.getFirst();
  }

  private String titleOf(String tenantId, UUID contractId) {
    return jdbc.queryForObject("select title from contract where tenant_id = ? and contract_id = ?", String.class,
        tenantId, contractId);
  }

  /**
   * A contract as a caller sees it. @param confidentialAccess whether the caller may read a confidential contract
   * in full; without it a confidential contract comes back redacted
   * @throws UnknownContractException if there is no such contract in the tenant
   */
  public ContractView view(String tenantId, UUID contractId, boolean confidentialAccess) {
    Terms terms = terms(tenantId, contractId);
    return jdbc.query("""
        select contract_id, contract_type, kind, title, booking_id, parent_contract_id, status, status_reason,
               value_minor, currency, confidential, current_version, expires_at, sealed_item_id, created_by, created_at
        from contract where tenant_id = ? and contract_id = ?""", rs -> {
      rs.next();
      boolean redacted = rs.getBoolean(11) && !confidentialAccess;
      Map<String, Object> variables = terms.variables();
      List<ContractTemplates.Clause> clauses = terms.clauses();
      if (redacted) {
        Map<String, Object> hidden = new LinkedHashMap<>();
        variables.keySet().forEach(k -> hidden.put(k, "[redacted]"));
        variables = hidden;
        clauses = clauses.stream().map(c -> new ContractTemplates.Clause(c.id(), c.category(), c.title(),
            "[redacted]")).toList();
      }
      List<SignerView> signers = signers(tenantId, contractId);
      List<ObligationView> obligations = obligations(tenantId, contractId);
      if (redacted) {
        signers = signers.stream().map(s -> new SignerView(s.signerId(), s.group(), s.role(), s.name(), "[redacted]",
            s.minor(), s.status(), s.sentAt(), s.viewedAt(), s.decidedAt(), s.channel(), null)).toList();
        obligations = obligations.stream().map(o -> new ObligationView(o.obligationId(), o.kind(), "[redacted]",
            null, null, o.dueAt(), o.status(), o.fulfilledAt())).toList();
      }
      return new ContractView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7),
          redacted ? null : rs.getString(8), redacted ? null : rs.getLong(9), redacted ? null : rs.getString(10),
          rs.getBoolean(11), redacted,
          rs.getInt(12), iso(rs, 13), variables, clauses, redacted ? null : terms.text(),
          redacted ? null : terms.sha256(), terms.changedCategories(), signers, obligations,
          rs.getObject(14, UUID.class), rs.getString(15), iso(rs, 16));
    }, tenantId, contractId);
  }

  /**
   * The tenant's contracts, newest first, optionally of one booking or status; redacted like {@link #view}.
   * @throws ContractTemplates.InvalidTermsException for an unknown status
   */
  public List<ContractView> list(String tenantId, UUID bookingId, String status, boolean confidentialAccess) {
    if (status != null && !STATUSES.contains(status)) {
      throw new ContractTemplates.InvalidTermsException("status must be one of " + STATUSES);
    }
    return jdbc.queryForList("""
        select contract_id from contract where tenant_id = ? and (?::uuid is null or booking_id = ?::uuid)
          and (?::text is null or status = ?::text) order by created_at desc limit 200""", UUID.class, tenantId,
        bookingId, bookingId, status, status).stream().map(id -> view(tenantId, id, confidentialAccess)).toList();
  }

  /** The versions of a contract, oldest first. */
  public List<VersionView> versions(String tenantId, UUID contractId) {
    terms(tenantId, contractId);
    return jdbc.query("""
        select version, sha256, changed_categories::text, note, created_by, created_at from contract_version
        where tenant_id = ? and contract_id = ? order by version""", (rs, n) -> new VersionView(rs.getInt(1),
        rs.getString(2), fromJson(rs.getString(3), STRINGS), rs.getString(4), rs.getString(5), iso(rs, 6)),
        tenantId, contractId);
  }

  /**
   * The redline between two versions (seed 000 §11.2 RedlineRevision), line by line with the changed words marked
   * [-removed-] and {+added+}. @throws UnknownContractException if either version does not exist
   */
  public Redline redline(String tenantId, UUID contractId, int from, int to) {
    String before = versionText(tenantId, contractId, from);
    String after = versionText(tenantId, contractId, to);
    DiffRowGenerator generator = DiffRowGenerator.create().showInlineDiffs(true).inlineDiffByWord(true)
        .mergeOriginalRevised(true).oldTag(open -> open ? "[-" : "-]").newTag(open -> open ? "{+" : "+}").build();
    List<DiffRow> rows = generator.generateDiffRows(Arrays.asList(before.split("\n", -1)),
        Arrays.asList(after.split("\n", -1)));
    StringBuilder diff = new StringBuilder();
    int changed = 0;
    for (DiffRow row : rows) {
      switch (row.getTag()) {
        case EQUAL -> diff.append("  ").append(row.getOldLine());
        case INSERT -> diff.append("+ ").append(row.getNewLine().replace("{+", "").replace("+}", ""));
        case DELETE -> diff.append("- ").append(row.getOldLine().replace("[-", "").replace("-]", ""));
        case CHANGE -> diff.append("~ ").append(row.getOldLine());
      }
      if (row.getTag() != DiffRow.Tag.EQUAL) {
        changed++;
      }
      diff.append('\n');
    }
    return new Redline(contractId, from, to, changed, diff.toString());
  }

  private String versionText(String tenantId, UUID contractId, int version) {
    List<String> text = jdbc.queryForList("select rendered_text from contract_version where tenant_id = ? and "
        + "contract_id = ? and version = ?", String.class, tenantId, contractId, version);
    if (text.isEmpty()) {
      throw new UnknownContractException(contractId);
    }
    return text.getFirst();
  }

  /** The signers in signing order. */
  public List<SignerView> signers(String tenantId, UUID contractId) {
    return jdbc.query("""
        select signer_id, signing_group, party_role, name, email, minor, status, sent_at, viewed_at, decided_at,
               channel, decline_reason
        from contract_signer where tenant_id = ? and contract_id = ? order by signing_group, name""",
        (rs, n) -> new SignerView(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getBoolean(6), rs.getString(7), iso(rs, 8), iso(rs, 9), iso(rs, 10), rs.getString(11),
            rs.getString(12)), tenantId, contractId);
  }

  /** The obligations, by due time. */
  public List<ObligationView> obligations(String tenantId, UUID contractId) {
    return jdbc.query("""
        select obligation_id, kind, description, amount_minor, currency, due_at, status, fulfilled_at
        from contract_obligation where tenant_id = ? and contract_id = ? order by due_at nulls last, kind""",
        (rs, n) -> new ObligationView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            (Long) rs.getObject(4), rs.getString(5), iso(rs, 6), rs.getString(7), iso(rs, 8)), tenantId, contractId);
  }

  /**
   * Moves the contract from one of the expected statuses to the next (the process's steps). A repeat of a step that
   * already happened is a no-op. @return whether the status changed
   * @throws ContractStateException if the contract is in neither the expected nor the target status
   */
  public boolean transition(String tenantId, UUID contractId, List<String> from, String to, String reason) {
    int changed = jdbc.update("""
        update contract set status = ?, status_reason = ?,
          signed_at = case when ? = 'SIGNED' then now() else signed_at end,
          activated_at = case when ? = 'ACTIVE' then now() else activated_at end
        where tenant_id = ? and contract_id = ? and status = any(?)""", to, reason, to, to, tenantId, contractId,
        from.toArray(String[]::new));
    if (changed == 0) {
      String now = terms(tenantId, contractId).status();
      if (!now.equals(to)) {
        throw new ContractStateException("Contract " + contractId + " is " + now + ", expected one of " + from);
      }
      return false;
    }
    LOG.info("Contract {} (tenant {}) is {}{}", contractId, tenantId, to, reason == null ? "" : " (" + reason + ")");
    return true;
  }

  /** Whether the contract is confidential. @throws UnknownContractException if there is no such contract */
  public boolean confidential(String tenantId, UUID contractId) {
    return jdbc.queryForList("select confidential from contract where tenant_id = ? and contract_id = ?",
        Boolean.class, tenantId, contractId).stream().findFirst()
        .orElseThrow(() -> new UnknownContractException(contractId));
  }

  /**
   * The vault item of the sealed PDF, empty until every signer signed.
   * @throws UnknownContractException if there is no such contract
   */
  public Optional<UUID> sealedItem(String tenantId, UUID contractId) {
    List<Map<String, Object>> rows = jdbc.queryForList("select sealed_item_id from contract where tenant_id = ? "
        + "and contract_id = ?", tenantId, contractId);
    if (rows.isEmpty()) {
      throw new UnknownContractException(contractId);
    }
    return Optional.ofNullable((UUID) rows.getFirst().get("sealed_item_id"));
  }

  /** Records the sealed PDF's vault item. */
  void sealed(String tenantId, UUID contractId, UUID itemId) {
    jdbc.update("update contract set sealed_item_id = ? where tenant_id = ? and contract_id = ?", itemId, tenantId,
        contractId);
  }

  /** The renewal notice before a term ends (the reminder timer), {@code talentos.contracts.renewal-notice}. */
  Duration renewalNotice() {
    return renewalNotice;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static String iso(ResultSet rs, int column) throws SQLException {
    Instant i = instant(rs, column);
    return i == null ? null : i.toString();
  }
}
