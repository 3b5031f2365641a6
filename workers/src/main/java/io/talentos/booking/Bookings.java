package io.talentos.booking;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.EngineJournal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads bookings for the API: the inquiry, where its process stands, and the timeline of elements it passed. */
@Component
public class Bookings {

  /**
   * A booking as people see it. {@code status} is the business status the model declares on the element the booking
   * process last entered (extension property {@code businessStatus}); {@code processState} is ACTIVE, COMPLETED or
   * TERMINATED. Other processes under the booking's key (refund, payout-failure, chargeback) show on its timeline only.
   */
  public record BookingView(UUID bookingId, String tenantId, String talentId, String clientName, String startsAt,
      String endsAt, String deliverables, long budgetMinor, String currency, String commissionModel,
      String initiatedBy, String status, String processState, String holdStatus, Map<String, Object> variables,
      List<TimelineEvent> timeline) {}

  /** One step of the timeline: an element entered, completed or terminated, or an incident, at engine time. */
  public record TimelineEvent(String at, String processId, String elementId, String elementName, String elementType,
      String event, String detail) {}

  /** Variables worth showing on a booking; everything else stays in the engine. */
  private static final List<String> SHOWN = List.of("holdRank", "holdExpiresAt", "quoteStatus", "grossMinor",
      "quoteReminderAt", "depositDueAt", "escrowStatus", "escrowBalanceMinor", "acceptance", "acceptanceDueAt",
      "commissionSplit", "cancellationPenalty", "payoutPreparedBy", "rejectionReason", "payoutId", "reconciled",
      "contractId", "contractSha256");

  private final JdbcTemplate jdbc;
  private final EngineJournal journal;
  private final OptionHolds holds;
  private final ObjectMapper json;

  Bookings(JdbcTemplate jdbc, EngineJournal journal, OptionHolds holds, ObjectMapper json) {
    this.jdbc = jdbc;
    this.journal = journal;
    this.holds = holds;
    this.json = json;
  }

  /** The tenant's booking, or empty when the tenant has no booking with this id. */
  public Optional<BookingView> find(String tenantId, UUID bookingId) {
    journal.catchUp();
    var rows = jdbc.queryForList("""
        select talent_id, client_name, starts_at, ends_at, deliverables, budget_minor, currency, commission_model,
               initiated_by from booking where tenant_id = ? and booking_id = ?""", tenantId, bookingId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    var b = rows.getFirst();
    var latest = jdbc.queryForList("""
        select business_status, state, variables::text from process_instance
        where tenant_id = ? and business_key = ? and parent_process_instance_key is null and bpmn_process_id = ?
        order by started_at desc limit 1""", tenantId, bookingId.toString(), BookingService.PROCESS_ID);
    String status = latest.isEmpty() ? "STARTING" : String.valueOf(latest.getFirst().get("business_status"));
    String state = latest.isEmpty() ? "ACTIVE" : (String) latest.getFirst().get("state");
    Map<String, Object> variables = latest.isEmpty() ? Map.of() : shown((String) latest.getFirst().get("variables"));
    List<TimelineEvent> timeline = jdbc.query("""
        select e.occurred_at, e.bpmn_process_id, e.element_id, e.element_name, e.element_type, e.intent, e.detail
        from process_event e join process_instance p
          on p.engine_epoch = e.engine_epoch and p.process_instance_key = e.process_instance_key
        where p.tenant_id = ? and p.business_key = ? order by e.occurred_at, e.id""",
        (rs, i) -> new TimelineEvent(rs.getTimestamp(1).toInstant().toString(), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), tenantId, bookingId.toString());
    return Optional.of(new BookingView(bookingId, tenantId, (String) b.get("talent_id"), (String) b.get("client_name"),
        String.valueOf(((java.sql.Timestamp) b.get("starts_at")).toInstant()),
        String.valueOf(((java.sql.Timestamp) b.get("ends_at")).toInstant()), (String) b.get("deliverables"),
        ((Number) b.get("budget_minor")).longValue(), ((String) b.get("currency")).trim(),
        (String) b.get("commission_model"), (String) b.get("initiated_by"), status, state,
        holds.statusOf(tenantId, bookingId), variables, timeline));
  }

  private Map<String, Object> shown(String variablesJson) {
    try {
      Map<String, Object> all = json.readValue(variablesJson, new TypeReference<>() {});
      Map<String, Object> shown = new java.util.LinkedHashMap<>();
      SHOWN.forEach(name -> {
        if (all.containsKey(name)) {
          shown.put(name, all.get(name));
        }
      });
      return shown;
    } catch (Exception e) {
      throw new IllegalStateException("Stored process variables are not JSON", e);
    }
  }
}
