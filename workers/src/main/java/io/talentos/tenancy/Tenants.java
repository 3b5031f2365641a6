package io.talentos.tenancy;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The tenant registry. Every request and every job names its tenant, and this is where that name is checked. */
@Component
public class Tenants {

  /** A tenant as the rest of TalentOS sees it. {@code plan} is one of STARTER, GROWTH, PRO, ENTERPRISE (seed §16.2). */
  public record Tenant(String tenantId, String name, String status, String plan) {}

  /** No tenant has this id (HTTP 404). */
  public static class UnknownTenantException extends RuntimeException {
    UnknownTenantException(String tenantId) {
      super("Unknown tenant '" + tenantId + "'");
    }
  }

  /** The tenant exists but is not ACTIVE, for example SUSPENDED (HTTP 403). */
  public static class TenantNotActiveException extends RuntimeException {
    TenantNotActiveException(Tenant tenant) {
      super("Tenant '" + tenant.tenantId() + "' is " + tenant.status());
    }
  }

  private final JdbcTemplate jdbc;

  Tenants(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Returns the active tenant.
   *
   * @throws UnknownTenantException if it does not exist
   * @throws TenantNotActiveException if it is not ACTIVE
   */
  public Tenant requireActive(String tenantId) {
    List<Tenant> found = jdbc.query("select tenant_id, name, status, plan from tenant where tenant_id = ?",
        (rs, i) -> new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), tenantId);
    if (found.isEmpty()) {
      throw new UnknownTenantException(tenantId);
    }
    Tenant tenant = found.getFirst();
    if (!"ACTIVE".equals(tenant.status())) {
      throw new TenantNotActiveException(tenant);
    }
    return tenant;
  }

  /** Whether a tenant with this id exists and is ACTIVE. */
  public boolean isActive(String tenantId) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from tenant where tenant_id = ? and status = 'ACTIVE')", Boolean.class, tenantId));
  }

  /** Creates the tenant if it does not exist yet; an existing tenant is left as it is. */
  public void ensure(String tenantId, String name, String plan) {
    jdbc.update("insert into tenant (tenant_id, name, plan) values (?, ?, ?) on conflict (tenant_id) do nothing",
        tenantId, name, plan);
  }
}
