package io.talentos.engine;

import io.camunda.client.CamundaClient;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts a tenant's process instance by definition key: the tenant's own version of the process if its designers
 * deployed one, else the platform's ({@link ProcessDefinitions}), never "the latest version".
 */
@Component
public class ProcessStarter {

  private final CamundaClient client;
  private final ProcessDefinitions definitions;

  ProcessStarter(CamundaClient client, ProcessDefinitions definitions) {
    this.client = client;
    this.definitions = definitions;
  }

  /**
   * Creates an instance of {@code bpmnProcessId} for the tenant with these variables and returns its key.
   *
   * @throws IllegalStateException if the process is not deployed
   * @throws io.camunda.client.api.command.ClientStatusException when the engine refuses or does not answer
   */
  public long start(String tenantId, String bpmnProcessId, Map<String, Object> variables) {
    return client.newCreateInstanceCommand().processDefinitionKey(definitions.processKey(tenantId, bpmnProcessId))
        .variables(variables).send().join().getProcessInstanceKey();
  }
}
