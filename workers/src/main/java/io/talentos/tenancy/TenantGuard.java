package io.talentos.tenancy;

import io.talentos.isolation.TenantScope;
import java.util.function.Supplier;
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
   * Lets the job run only for an ACTIVE tenant and binds the worker's thread to that tenant until the binding is
   * closed, so the job's queries see only the tenant's rows (row-level security, docs/adr/0006). Use it in a
   * try-with-resources block around the job's work.
   *
   * @throws Tenants.TenantNotActiveException naming the tenant's status
   */
  public TenantScope.Binding enter(String tenantId) {
    requireActive(tenantId);
    return TenantScope.bind(tenantId);
  }

  /**
   * Binds a request without a login (signing links, casting client views, published results) to its path's tenant if
   * that tenant is ACTIVE. Any other tenant gets {@code unknown}: the path's own answer for an unknown link or object,
   * so a public path does not tell which tenants exist. Use it in a try-with-resources block.
   */
  public TenantScope.Binding enterPublic(String tenantId, Supplier<? extends RuntimeException> unknown) {
    if (tenants.find(tenantId).filter(t -> "ACTIVE".equals(t.status())).isEmpty()) {
      throw unknown.get();
    }
    return TenantScope.bind(tenantId);
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
