package io.talentos.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Seeds the demo tenants of the embedded default ({@code talentos.demo.seed=true}): a modelling agency and a second one. */
@Component
@Order(1)
@ConditionalOnProperty(name = "talentos.demo.seed", havingValue = "true", matchIfMissing = true)
class DemoTenantSeeder implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DemoTenantSeeder.class);

  private final Tenants tenants;

  DemoTenantSeeder(Tenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public void run(ApplicationArguments args) {
    tenants.ensure("demo", "Demo Modelling Agency", "GROWTH");
    tenants.ensure("other-agency", "Other Talent Agency", "PRO");
    LOG.info("Demo tenants ready: demo, other-agency");
  }
}
