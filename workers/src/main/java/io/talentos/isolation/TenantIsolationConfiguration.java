package io.talentos.isolation;

import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wraps the application's data source in a {@link TenantScopedDataSource}, so every repository, JdbcTemplate and
 * transaction manager gets connections that carry the tenant scope. Flyway migrates through its own owner connection
 * and is not wrapped.
 */
@Configuration(proxyBeanMethods = false)
class TenantIsolationConfiguration {

  /** Flyway connects as the schema owner ({@code talentos.database.owner-user}), not through the scoped pool. */
  @Bean
  FlywayConfigurationCustomizer migrateAsOwner(@Value("${spring.datasource.url}") String url,
      @Value("${talentos.database.owner-user}") String user,
      @Value("${talentos.database.owner-password:}") String password) {
    return configuration -> configuration.dataSource(url, user, password);
  }

  @Bean
  static BeanPostProcessor tenantScopedDataSourceWrapper() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource pool && !(bean instanceof TenantScopedDataSource)
            ? new TenantScopedDataSource(pool) : bean;
      }
    };
  }
}
