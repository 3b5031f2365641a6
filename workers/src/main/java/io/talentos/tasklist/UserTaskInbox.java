package io.talentos.tasklist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.talentos.engine.EngineEpoch;
import io.talentos.engine.ModelCatalog;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.talentos.isolation.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Takes job-based user tasks ({@code io.camunda.zeebe:userTask}) from the engine into the durable task table, with
 * tenant, business key, candidate groups, assignee, form, due date and variables. The job stays activated (long
 * lease) until a person completes the task through {@link TaskList}. After a restart of the embedded engine, a
 * resumed instance re-creates its user task with a new job key; the inbox re-links it to the open task row of the
 * same booking and element, so task ids, claims and links stay valid.
 */
@Component
public class UserTaskInbox {

  /** The job type the engine gives job-based user tasks. */
  static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private static final Logger LOG = LoggerFactory.getLogger(UserTaskInbox.class);
  /**
   * How long the inbox holds a user-task job before the engine hands it out again (an upsert then). Long, because
   * a person may take days; mass re-activation of every open task makes large job batches for nothing.
   */
  private static final long LEASE_MS = 30L * 24 * 3600 * 1000;

  private final JdbcTemplate jdbc;
  private final ModelCatalog catalog;
  private final ObjectMapper json;
  private final String epoch;

  UserTaskInbox(JdbcTemplate jdbc, ModelCatalog catalog, ObjectMapper json, EngineEpoch epoch) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.json = json;
    this.epoch = epoch.value();
  }

  /** Stores or re-links the user task behind this job; the job stays open until the task is completed. */
  @JobWorker(type = USER_TASK_JOB_TYPE, autoComplete = false, timeout = LEASE_MS, fetchAllVariables = true)
  public void onUserTask(ActivatedJob job) throws Exception {
    Map<String, Object> variables = job.getVariablesAsMap();
    Map<String, String> headers = job.getCustomHeaders();
    String tenantId = (String) variables.get("tenantId");
    String businessKey = (String) variables.get("businessKey");
    if (tenantId == null || businessKey == null) {
      throw new IllegalStateException("User task " + job.getElementId() + " of " + job.getBpmnProcessId()
          + " has no tenantId/businessKey variables; every process must be started with them");
    }
    try (TenantScope.Binding tenant = TenantScope.bind(tenantId)) {
      record(job, variables, headers, tenantId, businessKey);
    }
  }

  private void record(ActivatedJob job, Map<String, Object> variables, Map<String, String> headers, String tenantId,
      String businessKey) throws Exception {
    String variablesJson = json.writeValueAsString(variables);
    String headersJson = json.writeValueAsString(headers);
    String[] groups = candidateGroups(headers.get("io.camunda.zeebe:candidateGroups"));
    String formId = catalog.formIdOf(headers.get("io.camunda.zeebe:formKey"));
    String due = headers.get("io.camunda.zeebe:dueDate");
    Timestamp dueAt = due == null || due.isBlank() ? null : Timestamp.from(OffsetDateTime.parse(due).toInstant());

    int known = jdbc.update("""
        update user_task set variables = ?::jsonb where engine_epoch = ? and job_key = ?""",
        variablesJson, epoch, job.getKey());
    if (known > 0) {
      return; // the same job again (its timeout ran out): nothing new
    }
    int relinked = jdbc.update("""
        update user_task set job_key = ?, engine_epoch = ?, process_instance_key = ?, variables = ?::jsonb,
          headers = ?::jsonb
        where task_id = (select task_id from user_task
          where tenant_id = ? and business_key = ? and bpmn_process_id = ? and element_id = ?
            and state = 'CREATED' and engine_epoch <> ? order by created_at desc limit 1)""",
        job.getKey(), epoch, job.getProcessInstanceKey(), variablesJson, headersJson, tenantId, businessKey,
        job.getBpmnProcessId(), job.getElementId(), epoch);
    if (relinked > 0) {
      LOG.info("Re-linked open task '{}' of {} (tenant {}) to resumed job {}", job.getElementId(), businessKey,
          tenantId, job.getKey());
      return;
    }
    jdbc.update("""
        insert into user_task (task_id, tenant_id, business_key, job_key, engine_epoch, process_instance_key,
          bpmn_process_id, element_id, name, candidate_groups, assignee, form_key, due_at, variables, headers, state)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, 'CREATED')""",
        UUID.randomUUID(), tenantId, businessKey, job.getKey(), epoch, job.getProcessInstanceKey(),
        job.getBpmnProcessId(), job.getElementId(), catalog.nameOf(job.getBpmnProcessId(), job.getElementId()),
        groups, headers.get("io.camunda.zeebe:assignee"), formId, dueAt, variablesJson, headersJson);
    LOG.info("Task '{}' opened for {} (tenant {}), groups {}", catalog.nameOf(job.getBpmnProcessId(),
        job.getElementId()), businessKey, tenantId, List.of(groups));
  }

  private String[] candidateGroups(String header) throws Exception {
    if (header == null || header.isBlank()) {
      return new String[0];
    }
    return json.readValue(header, new TypeReference<List<String>>() {}).toArray(String[]::new);
  }
}
