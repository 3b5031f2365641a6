package io.talentos.engine;

import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Form;
import io.camunda.client.api.response.Process;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which deployed definition a tenant's new process instances start: the tenant's own version when its process
 * designers deployed one (issue 3, designer deploy API), otherwise the platform's. Instances are started by
 * definition key, never by "latest version", so one tenant's deployment never changes another tenant's processes,
 * even on the in-memory engine that ignores tenant ids; the models bind their decisions, forms and called processes
 * with {@code bindingType="deployment"}, so each instance resolves them inside its own deployment.
 *
 * <p>Keys belong to the running engine and are rebuilt at every start (platform deploy, then each tenant's bundle).
 */
@Component
public class ProcessDefinitions {

  private final ModelCatalog catalog;
  private final Map<String, Long> platformProcesses = new ConcurrentHashMap<>();
  private final Map<String, Long> platformDecisions = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> tenantProcesses = new ConcurrentHashMap<>();

  ProcessDefinitions(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  /** Records the platform's deployment: its process and decision keys and the ids of its form keys. */
  public void platformDeployed(DeploymentEvent deployment) {
    deployment.getProcesses().forEach(p -> platformProcesses.put(p.getBpmnProcessId(), p.getProcessDefinitionKey()));
    deployment.getDecisions().forEach(d -> platformDecisions.put(d.getDmnDecisionId(), d.getDecisionKey()));
    rememberForms(deployment);
  }

  /** Records a tenant's bundle deployment: from now on the tenant's new instances start these definitions. */
  public void tenantDeployed(String tenantId, DeploymentEvent deployment) {
    Map<String, Long> keys = new ConcurrentHashMap<>();
    for (Process process : deployment.getProcesses()) {
      keys.put(process.getBpmnProcessId(), process.getProcessDefinitionKey());
    }
    tenantProcesses.put(tenantId, keys);
    rememberForms(deployment);
  }

  /**
   * The definition key a new instance of {@code bpmnProcessId} starts for this tenant.
   *
   * @throws IllegalStateException if neither the tenant nor the platform deployed such a process
   */
  public long processKey(String tenantId, String bpmnProcessId) {
    Long key = tenantProcesses.getOrDefault(tenantId, Map.of()).get(bpmnProcessId);
    if (key == null) {
      key = platformProcesses.get(bpmnProcessId);
    }
    if (key == null) {
      throw new IllegalStateException("No deployed process '" + bpmnProcessId + "': the models are not deployed yet");
    }
    return key;
  }

  /** The tenant's own definition key of a process, if its designers deployed one. */
  public Optional<Long> tenantProcessKey(String tenantId, String bpmnProcessId) {
    return Optional.ofNullable(tenantProcesses.getOrDefault(tenantId, Map.of()).get(bpmnProcessId));
  }

  /**
   * The platform's key of a decision that TalentOS evaluates outside processes (e.g. the access policy), so that no
   * tenant deployment can replace a platform policy.
   */
  public Optional<Long> platformDecisionKey(String decisionId) {
    return Optional.ofNullable(platformDecisions.get(decisionId));
  }

  private void rememberForms(DeploymentEvent deployment) {
    for (Form form : deployment.getForm()) {
      catalog.rememberForm(form.getFormKey(), form.getFormId());
    }
  }
}
