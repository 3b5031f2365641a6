package io.talentos.engine;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start-up, in this order: deploy the models, then resume what an earlier run of the embedded engine left open.
 */
@Component
@Order(10)
class EngineBootstrap implements ApplicationRunner {

  private final ModelDeployer deployer;
  private final EngineJournal journal;
  private final ProcessResumer resumer;

  private final org.springframework.context.ApplicationEventPublisher events;

  EngineBootstrap(ModelDeployer deployer, EngineJournal journal, ProcessResumer resumer,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.deployer = deployer;
    this.journal = journal;
    this.resumer = resumer;
  }

  @Override
  public void run(ApplicationArguments args) {
    deployer.deployAll();
    events.publishEvent(new ModelDeployer.PlatformModelsDeployed()); // tenants' own model versions deploy here
    journal.catchUp();
    resumer.resumeAll();
  }
}
