package io.talentos.contracts;

import io.talentos.engine.EngineClock;
import io.talentos.finance.EscrowMilestones;
import io.talentos.finance.EscrowWorkers;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The obligations an active contract starts (seed 000 §11.4 "obligation activation: invoices, escrow milestones,
 * SLA timers start automatically"): the deliverable, due {@code talentos.contracts.deliverable-grace} (P1D) after
 * the start of the engagement's last day, whose SLA timer runs in
 * {@code contract-signing.bpmn}, and the schedule of the money: the invoice of the fee and one escrow milestone per
 * share of the booking's plan. The money rows are the schedule as agreed; the booking's own escrow, which
 * {@code ContractSigned} starts, collects and releases it, and finance issues the invoice (they stay OPEN here). An
 * addendum adds an invoice for its increase of the fee only.
 */
@Component
public class Obligations {

  /**
   * A deliverable with an SLA: its id, when it is due (ISO-8601) and the correlation key its
   * {@code DeliveryRecorded} message carries (the booking id, else the obligation id).
   */
  public record Due(String obligationId, String dueAt, String correlationKey) {}

  private static final Logger LOG = LoggerFactory.getLogger(Obligations.class);

  private final JdbcTemplate jdbc;
  private final ContractService contracts;
  private final EngineClock clock;
  private final java.time.Duration deliverableGrace;

  Obligations(JdbcTemplate jdbc, ContractService contracts, EngineClock clock,
      @org.springframework.beans.factory.annotation.Value("${talentos.contracts.deliverable-grace:P1D}")
      java.time.Duration deliverableGrace) {
    this.deliverableGrace = deliverableGrace;
    this.jdbc = jdbc;
    this.contracts = contracts;
    this.clock = clock;
  }

  /** Creates the contract's obligations once (a retried activation finds them). @return its deliverables */
  @Transactional
  public List<Due> create(String tenantId, UUID contractId) {
    jdbc.queryForList("select 1 from contract where tenant_id = ? and contract_id = ? for update", tenantId,
        contractId);
    Integer existing = jdbc.queryForObject("select count(*) from contract_obligation where tenant_id = ? and "
        + "contract_id = ?", Integer.class, tenantId, contractId);
    if (existing == 0) {
      ContractService.Terms terms = contracts.terms(tenantId, contractId);
      Instant now = clock.now();
      if ("ADDENDUM".equals(terms.kind())) { // the parent keeps its obligations; an addendum adds its increase
        long before = contracts.effectiveTerms(tenantId, terms.parentContractId(), contractId).valueMinor();
        if (terms.valueMinor() > before) {
          insert(tenantId, contractId, "INVOICE", "Invoice the client for the addendum's increase of the fee",
              terms.valueMinor() - before, terms.currency(), now, null);
        }
      } else if (terms.valueMinor() > 0) {
        insert(tenantId, contractId, "INVOICE", "Invoice the client for the fee (deposit into escrow)",
            terms.valueMinor(), terms.currency(), now, null);
        for (EscrowWorkers.Milestone m : EscrowMilestones.of(contracts.milestonePlan(tenantId, contractId),
            terms.valueMinor())) {
          insert(tenantId, contractId, "ESCROW_MILESTONE", "Escrow milestone " + m.milestoneId() + ": " + m.name(),
              m.amountMinor(), terms.currency(), null, null);
        }
      }
      if (!"ADDENDUM".equals(terms.kind()) && terms.variables().get("deliverables") instanceof String what
          && terms.variables().get("endsAt") instanceof String endsOn) {
        Instant due = LocalDate.parse(endsOn).atStartOfDay(ZoneOffset.UTC).toInstant().plus(deliverableGrace);
        UUID id = insert(tenantId, contractId, "DELIVERABLE", "Deliver: " + what, null, null, due, null);
        jdbc.update("update contract_obligation set correlation_key = ? where obligation_id = ?",
            terms.bookingId() != null && "CONTRACT".equals(terms.kind()) ? terms.bookingId().toString()
                : id.toString(), id);
      }
      LOG.info("Contract {} (tenant {}): obligations created", contractId, tenantId);
    }
    return jdbc.query("""
        select obligation_id, due_at, correlation_key from contract_obligation
        where tenant_id = ? and contract_id = ? and kind = 'DELIVERABLE' and status = 'OPEN' order by due_at""",
        (rs, n) -> new Due(rs.getString(1), ContractService.iso(rs, 2), rs.getString(3)), tenantId, contractId);
  }

  private UUID insert(String tenantId, UUID contractId, String kind, String description, Long amountMinor,
      String currency, Instant dueAt, String correlationKey) {
    UUID id = UUID.randomUUID();
    jdbc.update("""
        insert into contract_obligation (obligation_id, tenant_id, contract_id, kind, description, amount_minor,
          currency, due_at, correlation_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, tenantId, contractId, kind,
        description, amountMinor, currency, dueAt == null ? null : Timestamp.from(dueAt), correlationKey);
    return id;
  }

  /**
   * Marks a deliverable FULFILLED, OVERDUE or WAIVED (an overdue one is still fulfilled when the delivery comes late,
   * unless operations waived it in the chase task).
   */
  public void mark(String tenantId, UUID obligationId, String status) {
    jdbc.update("""
        update contract_obligation
        set status = ?, fulfilled_at = case when ?::text = 'FULFILLED' then ?::timestamptz end
        where tenant_id = ? and obligation_id = ? and status <> 'FULFILLED'""", status, status,
        Timestamp.from(clock.now()), tenantId, obligationId);
  }

  /** The correlation key of an open deliverable of the tenant, for fulfilling it by hand. */
  public java.util.Optional<String> openDeliverable(String tenantId, UUID contractId, UUID obligationId) {
    return jdbc.queryForList("""
        select correlation_key from contract_obligation where tenant_id = ? and contract_id = ? and obligation_id = ?
          and kind = 'DELIVERABLE' and status <> 'FULFILLED'""", String.class, tenantId, contractId, obligationId)
        .stream().findFirst();
  }
}
