package io.talentos.tenancy;

import io.talentos.isolation.TenantScope;
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

    TenantNotActiveException(String message) {
      super(message);
    }
  }

  /** The requested lifecycle change is not allowed from the tenant's current status (HTTP 409). */
  public static class TransitionException extends RuntimeException {
    TransitionException(String message) {
      super(message);
    }
  }

  /** Lifecycle actions of seed 003 §3 and the statuses each may start from. */
  public enum Transition {
    APPROVE("ACTIVE", "PENDING", "SUSPENDED"),
    SUSPEND("SUSPENDED", "ACTIVE"),
    TERMINATE("TERMINATED", "PENDING", "ACTIVE", "SUSPENDED");

    private final String target;
    private final java.util.Set<String> from;

    Transition(String target, String... from) {
      this.target = target;
      this.from = java.util.Set.of(from);
    }
  }

  private final JdbcTemplate jdbc;
  private final org.springframework.transaction.support.TransactionTemplate tx;

  Tenants(JdbcTemplate jdbc, org.springframework.transaction.support.TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Self-serve signup: creates a PENDING tenant owned by {@code ownerUser} (seed 003 §3).
   *
   * @throws TransitionException if the tenant id is taken
   * @throws IllegalArgumentException if the id is not 2–63 lowercase letters, digits and dashes or the plan is unknown
   */
  public Tenant signUp(String tenantId, String name, String plan, String ownerUser) {
    if (tenantId == null || !tenantId.matches("[a-z0-9][a-z0-9-]{1,62}")) {
      throw new IllegalArgumentException("tenantId must be 2-63 lowercase letters, digits and dashes");
    }
    if (!java.util.Set.of("STARTER", "GROWTH", "PRO", "ENTERPRISE").contains(plan)) {
      throw new IllegalArgumentException("plan must be STARTER, GROWTH, PRO or ENTERPRISE");
    }
    return TenantScope.callAsPlatform(() -> tx.execute(status -> {
      int created = jdbc.update("""
          insert into tenant (tenant_id, name, status, plan, owner_user) values (?, ?, 'PENDING', ?, ?)
          on conflict (tenant_id) do nothing""", tenantId, name, plan, ownerUser);
      if (created == 0) {
        throw new TransitionException("Tenant id '" + tenantId + "' is taken");
      }
      jdbc.update("insert into tenant_status_change (tenant_id, to_status, actor, reason) values (?, 'PENDING', ?, ?)",
          tenantId, ownerUser, "self-serve signup");
      return find(tenantId).orElseThrow();
    }));
  }

  /**
   * Applies a lifecycle action by a platform admin and records it.
   *
   * @throws UnknownTenantException if the tenant does not exist
   * @throws TransitionException if the action is not allowed from the current status
   */
  public Tenant change(String tenantId, Transition transition, String actor, String reason) {
    return TenantScope.callAsPlatform(() -> tx.execute(status -> {
      Tenant tenant = find(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId));
      if (!transition.from.contains(tenant.status())) {
        throw new TransitionException("Cannot " + transition.name().toLowerCase() + " tenant '" + tenantId
            + "' while it is " + tenant.status());
      }
      jdbc.update("update tenant set status = ?, status_reason = ? where tenant_id = ?", transition.target, reason,
          tenantId);
      jdbc.update("""
          insert into tenant_status_change (tenant_id, from_status, to_status, actor, reason) values (?, ?, ?, ?, ?)""",
          tenantId, tenant.status(), transition.target, actor, reason);
      return find(tenantId).orElseThrow();
    }));
  }

  /** The tenant, whatever its status. */
  public java.util.Optional<Tenant> find(String tenantId) {
    return jdbc.query("select tenant_id, name, status, plan from tenant where tenant_id = ?",
        (rs, i) -> new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), tenantId).stream()
        .findFirst();
  }

  /**
   * Returns the active tenant.
   *
   * @throws UnknownTenantException if it does not exist
   * @throws TenantNotActiveException if it is not ACTIVE
   */
  public Tenant requireActive(String tenantId) {
    Tenant tenant = find(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId));
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
