package io.talentos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * TalentOS: the multi-tenant operating system for the talent industry, on Camunda 8. By default it runs the embedded
 * engine and an embedded PostgreSQL; see README.md for running it against a real cluster.
 */
@SpringBootApplication
public class TalentOsApplication {

  private static final Logger LOG = LoggerFactory.getLogger(TalentOsApplication.class);

  /** Starts the app. */
  public static void main(String[] args) {
    SpringApplication.run(TalentOsApplication.class, args);
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      int port = web.getWebServer().getPort();
      LOG.info("TalentOS is listening on http://localhost:{}/api/v1 (OpenAPI: http://localhost:{}/v3/api-docs, "
          + "Swagger UI: http://localhost:{}/swagger-ui.html)", port, port, port);
    }
  }
}
