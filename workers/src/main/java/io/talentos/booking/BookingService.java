package io.talentos.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.talentos.engine.Decisions;
import io.talentos.engine.EngineClock;
import io.talentos.engine.ProcessDefinitions;
import io.talentos.finance.CommissionSplit;
import io.talentos.finance.EscrowMilestones;
import io.talentos.tenancy.Tenants;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts bookings: checks an inquiry, stores it, and starts the {@code booking} process for it. */
@Service
public class BookingService {

  /** A booking that was started: its id, the process instance and when its option hold lapses. */
  public record StartedBooking(UUID bookingId, long processInstanceKey, Instant holdExpiresAt) {}

  /** The inquiry cannot become a booking; the message says why (HTTP 422). */
  public static class InvalidInquiryException extends RuntimeException {
    InvalidInquiryException(String message) {
      super(message);
    }
  }

  /** The BPMN process id of the booking process. */
  public static final String PROCESS_ID = "booking";

  private static final Logger LOG = LoggerFactory.getLogger(BookingService.class);
  private static final Set<String> COMMISSION_MODELS = Set.of("PERCENTAGE", "FLAT_FEE", "TIERED", "MULTI_PARTY");

  private final CamundaClient client;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Tenants tenants;
  private final EngineClock clock;
  private final ObjectMapper json;
  private final Decisions decisions;
  private final io.talentos.engine.EngineJournal journal;
  private final Duration optionHold;
  private final ProcessDefinitions definitions;

  BookingService(CamundaClient client, JdbcTemplate jdbc, TransactionTemplate tx, Tenants tenants, EngineClock clock,
      ObjectMapper json, Decisions decisions, io.talentos.engine.EngineJournal journal, ProcessDefinitions definitions,
      @Value("${talentos.booking.option-hold:PT72H}") Duration optionHold) {
    this.definitions = definitions;
    this.journal = journal;
    this.client = client;
    this.decisions = decisions;
    this.jdbc = jdbc;
    this.tx = tx;
    this.tenants = tenants;
    this.clock = clock;
    this.json = json;
    this.optionHold = optionHold;
  }

  /**
   * Starts a booking for an inquiry.
   *
   * @throws Tenants.UnknownTenantException if the tenant does not exist
   * @throws InvalidInquiryException if dates, budget or commission model cannot make a booking
   */
  public StartedBooking start(String tenantId, String initiatedBy, Inquiry inquiry) {
    Tenants.Tenant tenant = tenants.requireActive(tenantId);
    Instant now = clock.now();
    if (!inquiry.endsAt().isAfter(inquiry.startsAt())) {
      throw new InvalidInquiryException("endsAt must be after startsAt");
    }
    if (!inquiry.startsAt().isAfter(now)) {
      throw new InvalidInquiryException("startsAt must be in the future");
    }
    if (inquiry.budget().amountMinor() <= 0) {
      throw new InvalidInquiryException("budget.amountMinor must be positive");
    }
    if (!COMMISSION_MODELS.contains(inquiry.commissionModel())) {
      throw new InvalidInquiryException("commissionModel must be one of " + COMMISSION_MODELS);
    }
    Instant holdExpiresAt = inquiry.optionExpiresAt() != null ? inquiry.optionExpiresAt() : now.plus(optionHold);
    if (!holdExpiresAt.isAfter(now)) {
      throw new InvalidInquiryException("optionExpiresAt must be in the future");
    }
    checkCommissionRule(tenant, inquiry);
    try {
      EscrowMilestones.of(inquiry.milestones(), inquiry.budget().amountMinor());
    } catch (EscrowMilestones.InvalidPlanException e) {
      throw new InvalidInquiryException(e.getMessage());
    }

    UUID bookingId = UUID.randomUUID();
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("tenantId", tenantId);
    variables.put("businessKey", bookingId.toString());
    variables.put("bookingId", bookingId.toString());
    variables.put("talentId", inquiry.talentId());
    variables.put("clientName", inquiry.clientName());
    variables.put("startsAt", inquiry.startsAt().toString());
    variables.put("endsAt", inquiry.endsAt().toString());
    variables.put("deliverables", inquiry.deliverables());
    variables.put("budgetMinor", inquiry.budget().amountMinor());
    variables.put("currency", inquiry.budget().currency());
    variables.put("commissionModel", inquiry.commissionModel());
    variables.put("tenantPlan", tenant.plan());
    variables.put("processorFeeMinor", 0);
    variables.put("initiatedBy", initiatedBy);
    variables.put("holdExpiresAt", holdExpiresAt.toString());
    variables.put("milestonePlan", inquiry.milestones() == null ? List.of() : inquiry.milestones());

    long processInstanceKey = tx.execute(status -> {
      jdbc.update("""
          insert into booking (tenant_id, booking_id, talent_id, client_name, starts_at, ends_at, deliverables,
            budget_minor, currency, commission_model, initiated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
          tenantId, bookingId, inquiry.talentId(), inquiry.clientName(), Timestamp.from(inquiry.startsAt()),
          Timestamp.from(inquiry.endsAt()), inquiry.deliverables(), inquiry.budget().amountMinor(),
          inquiry.budget().currency(), inquiry.commissionModel(), initiatedBy);
      return createInstance(bookingId, variables);
    });
    LOG.info("Booking {} (tenant {}) started for talent {} as process instance {}", bookingId, tenantId,
        inquiry.talentId(), processInstanceKey);
    return new StartedBooking(bookingId, processInstanceKey, holdExpiresAt);
  }

  /**
   * Creates the process instance. If the engine's answer is lost (a timeout), the instance may exist anyway: the
   * journal is asked before trying once more, so a booking never gets two instances.
   */
  private long createInstance(UUID bookingId, Map<String, Object> variables) {
    try {
      return client.newCreateInstanceCommand().processDefinitionKey(definitionKey(variables)).variables(variables)
          .send().join().getProcessInstanceKey();
    } catch (io.camunda.client.api.command.ClientStatusException e) {
      if (e.getStatusCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
      LOG.warn("Creating the process of booking {} timed out; checking whether it was created", bookingId);
      journal.catchUp();
      List<Long> created = jdbc.queryForList("""
          select process_instance_key from process_instance
          where business_key = ? and parent_process_instance_key is null and bpmn_process_id = ?""", Long.class,
          bookingId.toString(), PROCESS_ID);
      return created.isEmpty() ? client.newCreateInstanceCommand().processDefinitionKey(definitionKey(variables))
          .variables(variables).send().join().getProcessInstanceKey() : created.getFirst();
    }
  }

  /** The tenant's booking definition: its designers' own version if they deployed one, else the platform's. */
  private long definitionKey(Map<String, Object> variables) {
    return definitions.processKey((String) variables.get("tenantId"), PROCESS_ID);
  }

  /** Evaluates the commission-split DMN on the budget, so an inquiry no rule covers is refused up front. */
  private void checkCommissionRule(Tenants.Tenant tenant, Inquiry inquiry) {
    Decisions.Result result = decisions.evaluate("commission-split", Map.of("grossMinor",
        inquiry.budget().amountMinor(), "currency", inquiry.budget().currency(), "commissionModel",
        inquiry.commissionModel(), "processorFeeMinor", 0, "tenantPlan", tenant.plan()));
    String failure = result.failure();
    CommissionSplit split = null;
    if (!result.failed()) {
      try {
        split = json.readValue(result.outputJson(), CommissionSplit.class);
      } catch (Exception e) {
        failure = e.getMessage();
      }
    }
    if (split == null || split.sumOfParts() != split.grossMinor() || split.talentNetMinor() < 0) {
      throw new InvalidInquiryException("No commission rule of tenant plan " + tenant.plan() + " covers "
          + inquiry.commissionModel() + " in " + inquiry.budget().currency() + " for "
          + inquiry.budget().amountMinor() + " minor units" + (failure == null || failure.isBlank() ? "" : ": " + failure));
    }
  }
}
