package io.talentos.tasklist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.talentos.engine.EngineEpoch;
import io.talentos.engine.ProcessResumer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.PreDestroy;
import io.talentos.isolation.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The operations task list: list, claim and complete job-based user tasks, tenant by tenant. Completing validates
 * the input against the task's form, applies maker-checker (seed 000 §6.8) and completes the job in the engine.
 *
 * <p>Maker-checker is declared in the model with task headers: {@code talentos.completedByVariable} names the
 * variable that records who completed a task (the maker), and {@code talentos.makerVariables} lists the variables
 * whose users may not claim or complete this task (the checker must be someone else).
 */
@Service
public class TaskList {

  /**
   * A task as the task list shows it. {@code state} is CREATED, COMPLETED or CANCELED; {@code capability} is the
   * action completing it stands for (task header {@code talentos.capability}, e.g. {@code finance.payout.approve}).
   */
  public record TaskView(UUID taskId, String tenantId, String businessKey, String processId, String elementId,
      String name, List<String> candidateGroups, String assignee, String formId, String dueAt, String state,
      String createdAt, String completedAt, String completedBy, String capability, Map<String, Object> variables) {}

  /** No task with this id for the tenant (HTTP 404). */
  public static class TaskNotFoundException extends RuntimeException {
    TaskNotFoundException(UUID taskId) {
      super("No task " + taskId + " for this tenant");
    }
  }

  /** The task cannot change now: already completed, canceled, assigned to someone else (HTTP 409). */
  public static class TaskConflictException extends RuntimeException {
    TaskConflictException(String message) {
      super(message);
    }
  }

  /** Maker-checker: this user made the request and may not approve it (HTTP 403). */
  public static class SelfApprovalException extends RuntimeException {
    SelfApprovalException(String user, String task) {
      super("Maker-checker: " + user + " initiated this request and cannot also complete '" + task
          + "'; a second person must");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(TaskList.class);

  private final JdbcTemplate jdbc;
  private final CamundaClient client;
  private final TaskForms forms;
  private final ObjectMapper json;
  private final String epoch;
  private final Duration relinkGrace;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("task-relink-sweeper").daemon().factory());

  TaskList(JdbcTemplate jdbc, CamundaClient client, TaskForms forms, ObjectMapper json, EngineEpoch epoch,
      @Value("${talentos.tasklist.relink-grace:PT15S}") Duration relinkGrace) {
    this.jdbc = jdbc;
    this.client = client;
    this.forms = forms;
    this.json = json;
    this.epoch = epoch.value();
    this.relinkGrace = relinkGrace;
  }

  /**
   * The tenant's tasks, newest first.
   *
   * @param state CREATED, COMPLETED or CANCELED; null for all
   * @param candidateGroup only tasks offered to this group; null for all
   * @param businessKey only tasks of this booking; null for all
   */
  public List<TaskView> list(String tenantId, String state, String candidateGroup, String businessKey) {
    StringBuilder sql = new StringBuilder(SELECT).append(" where tenant_id = ?");
    List<Object> args = new ArrayList<>(List.of(tenantId));
    if (state != null) {
      sql.append(" and state = ?");
      args.add(state);
    }
    if (candidateGroup != null) {
      sql.append(" and ? = any(candidate_groups)");
      args.add(candidateGroup);
    }
    if (businessKey != null) {
      sql.append(" and business_key = ?");
      args.add(businessKey);
    }
    sql.append(" order by created_at desc limit 500");
    return jdbc.query(sql.toString(), this::row, args.toArray());
  }

  /** @throws TaskNotFoundException if the tenant has no such task */
  public TaskView get(String tenantId, UUID taskId) {
    return find(tenantId, taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
  }

  /**
   * Assigns an open task to the user.
   *
   * @throws TaskNotFoundException if the tenant has no such task
   * @throws TaskConflictException if it is not open or someone else holds it
   * @throws SelfApprovalException if the user is the maker of what this task checks
   */
  public TaskView claim(String tenantId, UUID taskId, String user) {
    OpenTask open = requireOpen(tenantId, taskId);
    TaskView task = open.view();
    requireNotMaker(open, user);
    int claimed = jdbc.update("""
        update user_task set assignee = ? where tenant_id = ? and task_id = ? and state = 'CREATED'
          and (assignee is null or assignee = ?)""", user, tenantId, taskId, user);
    if (claimed == 0) {
      throw new TaskConflictException("Task " + taskId + " is assigned to " + task.assignee());
    }
    return get(tenantId, taskId);
  }

  /**
   * Completes an open task with the user's input and completes its job in the engine.
   *
   * @throws TaskNotFoundException if the tenant has no such task
   * @throws TaskConflictException if it is not open, is assigned to someone else, or the engine no longer has it
   * @throws SelfApprovalException if the user is the maker of what this task checks
   * @throws TaskForms.FormValidationException if the input does not satisfy the task's form
   */
  public TaskView complete(String tenantId, UUID taskId, String user, Map<String, Object> input) {
    OpenTask open = requireOpen(tenantId, taskId);
    TaskView task = open.view();
    if (task.assignee() != null && !task.assignee().equals(user)) {
      throw new TaskConflictException("Task " + taskId + " is assigned to " + task.assignee() + ", not " + user);
    }
    requireNotMaker(open, user);
    boolean formed = task.formId() != null && forms.exists(tenantId, task.formId());
    // identity never comes from a completion; approval outcomes only through the platform's approval forms (a
    // tenant's form may not have such fields, ADR 0007), never through a task without a form
    var guarded = formed ? io.talentos.engine.ProcessVariables.IDENTITY : io.talentos.engine.ProcessVariables.GUARDED;
    input.keySet().stream().filter(guarded::contains).findFirst().ifPresent(name -> {
      throw new TaskForms.FormValidationException(String.valueOf(task.formId()),
          List.of("$." + name + ": is set by TalentOS and cannot be set by this task's completion"));
    });
    Map<String, Object> variables = formed ? forms.validate(tenantId, task.formId(), input)
        : new LinkedHashMap<>(input);
    String completedByVariable = open.headers().get("talentos.completedByVariable");
    if (completedByVariable != null) {
      variables.put(completedByVariable, user);
    }
    // who completes is on record before the engine moves on, so the next step can check it (e.g. break-glass grant)
    jdbc.update("update user_task set completed_by = ? where task_id = ? and state = 'CREATED'", user, taskId);
    try {
      client.newCompleteCommand(open.jobKey()).variables(variables).send().join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) { // a timeout may still have completed it
        jdbc.update("update user_task set completed_by = null where task_id = ? and state = 'CREATED'", taskId);
      }
      if (e.getStatusCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw new TaskConflictException("Task " + taskId + " is no longer active in the engine");
      }
      throw e;
    }
    jdbc.update("""
        update user_task set state = 'COMPLETED', completed_at = now(), completed_by = ?, completion = ?::jsonb,
          assignee = coalesce(assignee, ?) where task_id = ? and state = 'CREATED'""",
        user, toJson(variables), user, taskId);
    LOG.info("Task '{}' of {} (tenant {}) completed by {}", task.name(), task.businessKey(), tenantId, user);
    return get(tenantId, taskId);
  }

  /** After a restart, retires tasks of the old engine that no resumed instance re-opened within the grace period. */
  @EventListener
  void onResumeCompleted(ProcessResumer.ResumeCompleted resumed) {
    sweeper.schedule(() -> TenantScope.runAsPlatform(() -> {
      try {
        int retired = jdbc.update("""
            update user_task set state = 'CANCELED' where state = 'CREATED' and engine_epoch <> ?""", resumed.epoch());
        if (retired > 0) {
          LOG.info("Retired {} open tasks that no resumed process instance re-opened", retired);
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not retire the tasks of earlier engine runs; the next start retries", e);
      }
    }), relinkGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the pending sweep with the application, so it never runs against a closed database pool. */
  @PreDestroy
  void stopSweeper() {
    sweeper.shutdownNow();
  }

  /** An open task of the running engine, with what completing it needs. */
  private record OpenTask(TaskView view, long jobKey, Map<String, String> headers) {}

  private OpenTask requireOpen(String tenantId, UUID taskId) {
    TaskView task = get(tenantId, taskId);
    if (!"CREATED".equals(task.state())) {
      throw new TaskConflictException("Task " + taskId + " is already " + task.state());
    }
    var rows = jdbc.queryForList("select job_key, headers::text from user_task where task_id = ? and engine_epoch = ?",
        taskId, epoch);
    if (rows.isEmpty()) {
      throw new TaskConflictException("Task " + taskId + " is being re-linked after an engine restart; retry shortly");
    }
    try {
      Map<String, String> headers = json.readValue((String) rows.getFirst().get("headers"), new TypeReference<>() {});
      return new OpenTask(task, ((Number) rows.getFirst().get("job_key")).longValue(), headers);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Task headers are not JSON", e);
    }
  }

  private void requireNotMaker(OpenTask task, String user) {
    String makers = task.headers().get("talentos.makerVariables");
    if (makers == null) {
      return;
    }
    for (String variable : makers.split(",")) {
      if (user.equals(task.view().variables().get(variable.trim()))) {
        throw new SelfApprovalException(user, task.view().name());
      }
    }
  }

  private Optional<TaskView> find(String tenantId, UUID taskId) {
    return jdbc.query(SELECT + " where tenant_id = ? and task_id = ?", this::row, tenantId, taskId).stream()
        .findFirst();
  }

  private static final String SELECT = """
      select task_id, tenant_id, business_key, bpmn_process_id, element_id, name, candidate_groups, assignee,
             form_key, due_at, state, created_at, completed_at, completed_by, headers->>'talentos.capability',
             variables::text from user_task""";

  private TaskView row(ResultSet rs, int i) throws SQLException {
    try {
      Map<String, Object> variables = json.readValue(rs.getString(16), new TypeReference<>() {});
      return new TaskView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getString(5), rs.getString(6), Arrays.asList((String[]) rs.getArray(7).getArray()), rs.getString(8),
          rs.getString(9), instant(rs, 10), rs.getString(11), instant(rs, 12), instant(rs, 13), rs.getString(14),
          rs.getString(15), variables);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("Task variables are not JSON", e);
    }
  }

  private static String instant(ResultSet rs, int column) throws SQLException {
    var ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant().toString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalArgumentException("Task input is not serialisable as JSON", e);
    }
  }
}
