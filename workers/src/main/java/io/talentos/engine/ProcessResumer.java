package io.talentos.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1.CreateProcessInstanceCommandStep3;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.talentos.isolation.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Brings back the process instances a stopped embedded engine forgot. For every root instance the journal still
 * has as ACTIVE from an earlier epoch, it creates a new instance of the same process with the stored variables and
 * start instructions ({@code startBeforeElement}) for each wait state that was active. Deadlines are absolute
 * date-time variables, so timers keep their original due time. A called process restarts from its start event; its
 * steps are idempotent. Against a real cluster instances survive and there is nothing to resume.
 */
@Component
public class ProcessResumer {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessResumer.class);

  /** One resumed instance: the business it belongs to, where it resumed and its new engine key. */
  public record Resumed(String tenantId, String businessKey, String bpmnProcessId, List<String> elementIds,
      long previousKey, long processInstanceKey) {}

  /** Published after a resume run, so the task list can retire tasks no resumed instance re-opened. */
  public record ResumeCompleted(String epoch, List<Resumed> resumed) {}

  private record OpenInstance(String epoch, long key, String processId, String tenantId, String businessKey,
      String variables) {}

  private record ActiveElement(long key, long flowScopeKey, String elementId, String type) {}

  private final CamundaClient client;
  private final JdbcTemplate jdbc;
  private final EngineJournal journal;
  private final ObjectMapper json;
  private final ApplicationEventPublisher events;
  private final String epoch;
  private final ProcessDefinitions definitions;

  ProcessResumer(CamundaClient client, JdbcTemplate jdbc, EngineJournal journal, ObjectMapper json,
      ApplicationEventPublisher events, EngineEpoch epoch, ProcessDefinitions definitions) {
    this.definitions = definitions;
    this.client = client;
    this.jdbc = jdbc;
    this.journal = journal;
    this.json = json;
    this.events = events;
    this.epoch = epoch.value();
  }

  /** Resumes every open root process instance of earlier epochs and logs each one. */
  public List<Resumed> resumeAll() {
    // restart works across every tenant's instances: platform scope (docs/adr/0006)
    return TenantScope.callAsPlatform(this::resumeAllTenants);
  }

  private List<Resumed> resumeAllTenants() {
    if (!journal.isMirroring()) {
      return List.of();
    }
    jdbc.update("delete from message_subscription where engine_epoch <> ?", epoch);
    List<OpenInstance> open = jdbc.query("""
        select engine_epoch, process_instance_key, bpmn_process_id, tenant_id, business_key, variables::text
        from process_instance
        where state = 'ACTIVE' and parent_process_instance_key is null and engine_epoch <> ?
        order by started_at""",
        (rs, i) -> new OpenInstance(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), epoch);
    List<Resumed> resumed = open.stream().map(this::resume).filter(r -> r != null).toList();
    if (!open.isEmpty()) {
      LOG.info("Resumed {} of {} open process instances from earlier engine runs", resumed.size(), open.size());
    }
    events.publishEvent(new ResumeCompleted(epoch, resumed));
    return resumed;
  }

  private Resumed resume(OpenInstance instance) {
    List<ActiveElement> active = jdbc.query("""
        select element_instance_key, flow_scope_key, element_id, element_type from active_element
        where engine_epoch = ? and process_instance_key = ?""",
        (rs, i) -> new ActiveElement(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
        instance.epoch(), instance.key());
    Set<Long> scopes = new HashSet<>();
    active.forEach(a -> scopes.add(a.flowScopeKey()));
    List<String> waitStates = active.stream().filter(a -> !scopes.contains(a.key())).map(ActiveElement::elementId)
        .distinct().toList();
    if (waitStates.isEmpty()) {
      LOG.error("Cannot resume {} {} (tenant {}): no active element was recorded", instance.processId(),
          instance.businessKey(), instance.tenantId());
      retire(instance, null, "TERMINATED", "not resumable: no active element recorded");
      return null;
    }
    try {
      Map<String, Object> variables = json.readValue(instance.variables(), new TypeReference<>() {});
      CreateProcessInstanceCommandStep3 command = client.newCreateInstanceCommand()
          .processDefinitionKey(definitions.processKey(instance.tenantId(), instance.processId())).variables(variables);
      for (String elementId : waitStates) {
        command = command.startBeforeElement(elementId);
      }
      ProcessInstanceEvent created = command.send().join();
      retire(instance, created.getProcessInstanceKey(), "SUPERSEDED",
          "resumed as " + created.getProcessInstanceKey() + " before " + waitStates);
      LOG.info("Resumed {} {} (tenant {}) before {} as process instance {}", instance.processId(),
          instance.businessKey(), instance.tenantId(), waitStates, created.getProcessInstanceKey());
      return new Resumed(instance.tenantId(), instance.businessKey(), instance.processId(), waitStates,
          instance.key(), created.getProcessInstanceKey());
    } catch (Exception e) {
      LOG.error("Could not resume {} {} (tenant {}) before {}; it stays open for the next start",
          instance.processId(), instance.businessKey(), instance.tenantId(), waitStates, e);
      return null;
    }
  }

  private void retire(OpenInstance instance, Long successor, String state, String detail) {
    jdbc.update("""
        update process_instance set state = ?, superseded_by = ?, ended_at = now()
        where engine_epoch = ? and root_process_instance_key = ? and state = 'ACTIVE'""",
        state, successor, instance.epoch(), instance.key());
    jdbc.update("delete from active_element where engine_epoch = ? and process_instance_key in "
        + "(select process_instance_key from process_instance where engine_epoch = ? and root_process_instance_key = ?)",
        instance.epoch(), instance.epoch(), instance.key());
    jdbc.update("""
        insert into process_event (engine_epoch, process_instance_key, bpmn_process_id, element_id, element_name,
          element_type, intent, detail, occurred_at) values (?, ?, ?, ?, 'Engine restart', 'PROCESS', ?, ?, now())""",
        instance.epoch(), instance.key(), instance.processId(), instance.processId(),
        "SUPERSEDED".equals(state) ? "RESUMED" : "NOT_RESUMED", detail);
  }
}
