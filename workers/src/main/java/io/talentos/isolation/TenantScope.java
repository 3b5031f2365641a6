package io.talentos.isolation;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for, which {@link TenantScopedDataSource} hands to PostgreSQL with every
 * connection so that row-level security (migration V9) filters every query to that tenant's rows.
 *
 * <p>There are three states: a tenant (an API request after its tenant check, a job worker for the job's tenant),
 * the platform (the engine journal, restart, the demo seeder and other system components that work across tenants by
 * design), and none, in which PostgreSQL shows no tenant rows at all and refuses every insert. Scopes nest; closing a
 * binding restores the one before. Bind before a transaction starts: a transaction that is already open keeps its
 * connection and so its tenant, which is why components that write for another scope (the engine journal, the audit
 * log) run in a transaction of their own. See docs/adr/0006-row-level-tenant-isolation.md.
 */
public final class TenantScope {

  /** What a thread is bound to: a tenant id, or the platform (tenantId null). */
  record Scope(String tenantId, boolean platform) {}

  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private TenantScope() {}

  /** An open binding; {@link #close()} restores the scope that was current before it. */
  public static final class Binding implements AutoCloseable {
    private final Scope previous;

    private Binding(Scope previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * Binds the thread to one tenant until the binding is closed.
   *
   * @throws IllegalArgumentException when the tenant id is null or blank
   */
  public static Binding bind(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("A tenant scope needs a tenant id");
    }
    return push(new Scope(tenantId, false));
  }

  /** Binds the thread to the platform (every tenant's rows) until the binding is closed; for system components. */
  public static Binding bindPlatform() {
    return push(new Scope(null, true));
  }

  /** Runs the work for one tenant and restores the previous scope. */
  public static <T> T callAs(String tenantId, Supplier<T> work) {
    try (Binding ignored = bind(tenantId)) {
      return work.get();
    }
  }

  /** Runs the work for one tenant and restores the previous scope. */
  public static void runAs(String tenantId, Runnable work) {
    try (Binding ignored = bind(tenantId)) {
      work.run();
    }
  }

  /** Runs system work across tenants and restores the previous scope. */
  public static <T> T callAsPlatform(Supplier<T> work) {
    try (Binding ignored = bindPlatform()) {
      return work.get();
    }
  }

  /** Runs system work across tenants and restores the previous scope. */
  public static void runAsPlatform(Runnable work) {
    try (Binding ignored = bindPlatform()) {
      work.run();
    }
  }

  /** The tenant the thread is bound to; empty for the platform and for no scope. */
  public static Optional<String> tenantId() {
    Scope scope = CURRENT.get();
    return scope == null ? Optional.empty() : Optional.ofNullable(scope.tenantId());
  }

  /** Whether the thread works for the platform. */
  public static boolean isPlatform() {
    Scope scope = CURRENT.get();
    return scope != null && scope.platform();
  }

  private static Binding push(Scope scope) {
    Binding binding = new Binding(CURRENT.get());
    CURRENT.set(scope);
    return binding;
  }
}
