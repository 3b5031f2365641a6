package io.talentos.tenancy;

import org.springframework.stereotype.Component;

/**
 * Stops the work of a tenant that is not ACTIVE: a job worker calls {@link #requireActive} first, and a suspended or
 * terminated tenant's job fails; once its retries are used up the engine raises an incident whose message says why.
 * The tenant's data stays as it is.
 */
@Component
public class TenantGuard {

  private final Tenants tenants;

  TenantGuard(Tenants tenants) {
    this.tenants = tenants;
  }

  /**
   * Lets the job run only for an ACTIVE tenant.
   *
   * @throws Tenants.TenantNotActiveException naming the tenant's status
   */
  public void requireActive(String tenantId) {
    String status = tenants.find(tenantId).map(Tenants.Tenant::status).orElse("UNKNOWN");
    if (!"ACTIVE".equals(status)) {
      throw new Tenants.TenantNotActiveException("Tenant '" + tenantId + "' is " + status + ": its jobs are stopped "
          + "until a platform admin reinstates it; resolve this incident afterwards");
    }
  }
}
