package io.talentos.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deploys every shipped model (BPMN, DMN, forms) to the engine in one deployment. The engine versions a resource
 * only when its content changed, so deploying again on every start is cheap and safe.
 */
@Component
public class ModelDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);

  /** Published (synchronously) at start-up after the platform's models are deployed and before instances resume. */
  public record PlatformModelsDeployed() {}

  private final CamundaClient client;
  private final ModelCatalog catalog;
  private final ProcessDefinitions definitions;

  ModelDeployer(CamundaClient client, ModelCatalog catalog, ProcessDefinitions definitions) {
    this.client = client;
    this.catalog = catalog;
    this.definitions = definitions;
  }

  /**
   * Deploys all models and records the definition and form keys the engine assigned ({@link ProcessDefinitions}).
   *
   * @throws io.camunda.client.api.command.ClientStatusException if the engine rejects a model
   */
  public DeploymentEvent deployAll() {
    var resources = catalog.resources();
    DeployResourceCommandStep2 command = null;
    for (var resource : resources) {
      command = command == null
          ? client.newDeployResourceCommand().addResourceBytes(resource.content(), resource.name())
          : command.addResourceBytes(resource.content(), resource.name());
    }
    if (command == null) {
      throw new IllegalStateException("No model files found on the classpath under processes/, decisions/, forms/");
    }
    DeploymentEvent deployment = command.send().join();
    definitions.platformDeployed(deployment);
    LOG.info("Deployed {} processes, {} decisions and {} forms from {} model files",
        deployment.getProcesses().size(), deployment.getDecisions().size(), deployment.getForm().size(),
        resources.size());
    return deployment;
  }
}
