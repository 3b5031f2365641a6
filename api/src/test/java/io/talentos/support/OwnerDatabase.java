package io.talentos.support;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The schema owner's connection (Flyway's user), which row-level security does not bind: tests read every tenant's
 * rows with it to assert what was stored, and use it to simulate tampering by hand. The application never uses it.
 */
public final class OwnerDatabase {

  private OwnerDatabase() {}

  /** A JdbcTemplate logged in as the owner of the application's database. */
  public static JdbcTemplate jdbc(Environment env) {
    return new JdbcTemplate(new DriverManagerDataSource(env.getRequiredProperty("spring.datasource.url"),
        env.getRequiredProperty("talentos.database.owner-user"),
        env.getRequiredProperty("talentos.database.owner-password")));
  }
}
