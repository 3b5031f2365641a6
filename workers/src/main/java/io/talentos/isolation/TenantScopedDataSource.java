package io.talentos.isolation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands the thread's {@link TenantScope} to PostgreSQL on every connection checkout, as the session settings
 * {@code talentos.tenant_id} and {@code talentos.platform} that the row-level security policies of migration V9 read.
 * A transaction holds one connection from start to end, so the tenant is fixed per transaction; a connection taken
 * without a scope gets empty settings and sees no tenant rows.
 */
public class TenantScopedDataSource extends DelegatingDataSource {

  private static final String APPLY =
      "select set_config('talentos.tenant_id', ?, false), set_config('talentos.platform', ?, false)";

  /** Wraps the application's pool. */
  public TenantScopedDataSource(DataSource pool) {
    super(pool);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return apply(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return apply(super.getConnection(username, password));
  }

  private static Connection apply(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
      statement.setString(1, TenantScope.tenantId().orElse(""));
      statement.setString(2, TenantScope.isPlatform() ? "on" : "off");
      statement.execute();
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}
