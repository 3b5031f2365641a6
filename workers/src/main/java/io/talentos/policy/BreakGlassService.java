package io.talentos.policy;

import io.talentos.engine.EngineClock;
import io.talentos.engine.ProcessStarter;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * Break-glass overrides (seed 000 §6.8 {@code admin.policy.emergency_override}, §7.3 {@code break_glass}): a user
 * asks, with a reason, to act although a policy rule refuses; the {@code break-glass} process asks the tenant owner
 * (never the requester, always with a step-up login) and, once approved, the override lasts
 * {@code talentos.policy.break-glass-duration} (default one hour). {@link AccessPolicy} honours an active override for
 * exactly the requester, capability and object, and every step is published as a {@link BreakGlassEvent} that the
 * audit log records at the enhanced level.
 */
@Service
public class BreakGlassService {

  /** An override and where it stands. Times are ISO-8601 UTC. */
  public record Override(UUID overrideId, String tenantId, String capability, String objectType, String objectId,
      String reason, String requestedBy, String requestedAt, String status, String decidedBy, String decidedAt,
      String expiresAt) {}

  /** One step of an override's life, for the enhanced audit (what: REQUESTED, GRANTED, REFUSED, USED, ENDED). */
  public record BreakGlassEvent(String tenantId, UUID overrideId, String what, String actor, String capability,
      String objectType, String objectId, String reason, Map<String, Object> details) {}

  /** The request cannot be accepted (HTTP 422). */
  public static class InvalidOverrideException extends RuntimeException {
    InvalidOverrideException(String message) {
      super(message);
    }
  }

  /** No such override in the tenant (HTTP 404). */
  public static class UnknownOverrideException extends RuntimeException {
    UnknownOverrideException(UUID id) {
      super("No break-glass override " + id);
    }
  }

  private static final String PROCESS_ID = "break-glass";

  private final JdbcTemplate jdbc;
  private final ProcessStarter processes;
  private final Capabilities capabilities;
  private final EngineClock clock;
  private final ApplicationEventPublisher events;
  private final Duration duration;

  BreakGlassService(JdbcTemplate jdbc, ProcessStarter processes, Capabilities capabilities,
      EngineClock clock, ApplicationEventPublisher events,
      @Value("${talentos.policy.break-glass-duration:PT1H}") Duration duration) {
    this.jdbc = jdbc;
    this.processes = processes;
    this.capabilities = capabilities;
    this.clock = clock;
    this.events = events;
    this.duration = duration;
  }

  /**
   * Records the request and starts the break-glass process, which asks the tenant owner.
   *
   * @throws InvalidOverrideException for a capability that cannot be overridden or a reason under 10 characters
   */
  public Override request(String tenantId, String actor, String capability, String objectType, String objectId,
      String reason) {
    Capabilities.Capability known = capabilities.catalogue().get(capability);
    if (known == null || !known.overridable()) {
      throw new InvalidOverrideException("'" + capability + "' cannot be overridden; overridable capabilities are "
          + capabilities.catalogue().entrySet().stream().filter(e -> e.getValue().overridable()).map(Map.Entry::getKey)
              .sorted().toList());
    }
    if (reason == null || reason.strip().length() < 10) {
      throw new InvalidOverrideException("A break-glass override needs a reason of at least 10 characters");
    }
    UUID id = UUID.randomUUID();
    jdbc.update("""
        insert into policy_override (override_id, tenant_id, capability, object_type, object_id, reason, requested_by,
          requested_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED')""",
        id, tenantId, capability, objectType, objectId, reason.strip(), actor, Timestamp.from(clock.now()));
    Map<String, Object> variables = new HashMap<>();
    variables.put("tenantId", tenantId);
    variables.put("businessKey", id.toString());
    variables.put("overrideId", id.toString());
    variables.put("capability", capability);
    variables.put("objectType", objectType);
    variables.put("objectId", objectId);
    variables.put("reason", reason.strip());
    variables.put("requestedBy", actor);
    processes.start(tenantId, PROCESS_ID, variables);
    events.publishEvent(new BreakGlassEvent(tenantId, id, "REQUESTED", actor, capability, objectType, objectId,
        reason.strip(), Map.of()));
    return find(tenantId, id);
  }

  /**
   * One override of the tenant.
   *
   * @throws UnknownOverrideException if there is none with this id
   */
  public Override find(String tenantId, UUID id) {
    return jdbc.query("select * from policy_override where tenant_id = ? and override_id = ?", ROW, tenantId, id)
        .stream().findFirst().orElseThrow(() -> new UnknownOverrideException(id));
  }

  /** The override that lets this actor use this capability on this object now, if one was granted and runs. */
  public Optional<Override> active(String tenantId, String actor, String capability, String objectType,
      String objectId) {
    return jdbc.query("""
        select * from policy_override where tenant_id = ? and requested_by = ? and capability = ? and object_type = ?
          and object_id = ? and status = 'GRANTED' and expires_at > ? order by expires_at desc limit 1""", ROW,
        tenantId, actor, capability, objectType, objectId, Timestamp.from(clock.now())).stream().findFirst();
  }

  /** Records that the override was used, for the enhanced audit. */
  public void used(Override override, Map<String, Object> policyInputs) {
    events.publishEvent(new BreakGlassEvent(override.tenantId(), override.overrideId(), "USED", override.requestedBy(),
        override.capability(), override.objectType(), override.objectId(), override.reason(),
        Map.of("policyInputs", policyInputs, "expiresAt", override.expiresAt())));
  }

  /**
   * Grants an approved override until now + the configured duration; a repeat returns the first expiry.
   *
   * @throws IllegalStateException unless the task list recorded the approval task as completed by {@code decidedBy},
   *     who is not the requester (the job then ends in an incident; nothing is granted)
   */
  Instant grant(String tenantId, UUID id, String decidedBy, String comment) {
    Override requested = find(tenantId, id);
    List<String> approvers = jdbc.queryForList("""
        select completed_by from user_task where tenant_id = ? and business_key = ? and bpmn_process_id = 'break-glass'
          and element_id = 'Task_ApproveOverride' and state in ('CREATED', 'COMPLETED') and completed_by is not null""", String.class, tenantId, id.toString());
    if (!approvers.contains(decidedBy) || decidedBy.equals(requested.requestedBy())) {
      throw new IllegalStateException("Override " + id + " has no approval by someone other than its requester "
          + requested.requestedBy() + " (recorded approvers: " + approvers + ")");
    }
    Instant expires = clock.now().plus(duration);
    int granted = jdbc.update("""
        update policy_override set status = 'GRANTED', decided_by = ?, decided_at = ?, expires_at = ?
        where tenant_id = ? and override_id = ? and status = 'REQUESTED'""",
        decidedBy, Timestamp.from(clock.now()), Timestamp.from(expires), tenantId, id);
    Override override = find(tenantId, id);
    if (granted > 0) {
      events.publishEvent(event(override, "GRANTED", decidedBy, Map.of("comment", String.valueOf(comment),
          "expiresAt", override.expiresAt())));
    }
    return Instant.parse(override.expiresAt());
  }

  /** Records the owner's refusal; a repeat changes nothing. */
  void refuse(String tenantId, UUID id, String decidedBy, String comment) {
    int refused = jdbc.update("""
        update policy_override set status = 'REFUSED', decided_by = ?, decided_at = ?
        where tenant_id = ? and override_id = ? and status = 'REQUESTED'""",
        decidedBy, Timestamp.from(clock.now()), tenantId, id);
    if (refused > 0) {
      events.publishEvent(event(find(tenantId, id), "REFUSED", decidedBy, Map.of("comment", String.valueOf(comment))));
    }
  }

  /** Ends a granted override when its time is up; a repeat changes nothing. */
  void end(String tenantId, UUID id) {
    int ended = jdbc.update("""
        update policy_override set status = 'ENDED' where tenant_id = ? and override_id = ? and status = 'GRANTED'""",
        tenantId, id);
    if (ended > 0) {
      events.publishEvent(event(find(tenantId, id), "ENDED", "automation.ops", Map.of()));
    }
  }

  private static BreakGlassEvent event(Override o, String what, String actor, Map<String, Object> details) {
    return new BreakGlassEvent(o.tenantId(), o.overrideId(), what, actor, o.capability(), o.objectType(),
        o.objectId(), o.reason(), details);
  }

  private static final RowMapper<Override> ROW = (rs, i) -> new Override(rs.getObject("override_id", UUID.class),
      rs.getString("tenant_id"), rs.getString("capability"), rs.getString("object_type"), rs.getString("object_id"),
      rs.getString("reason"), rs.getString("requested_by"), instant(rs.getTimestamp("requested_at")),
      rs.getString("status"), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")),
      instant(rs.getTimestamp("expires_at")));

  private static String instant(Timestamp at) {
    return at == null ? null : at.toInstant().toString();
  }
}
