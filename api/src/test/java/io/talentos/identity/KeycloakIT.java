package io.talentos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.TalentOsApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Against the real Keycloak (keycloak-quarkus-dist from Maven Central, started and stopped here, bound to 127.0.0.1,
 * realm imported from api/src/main/resources/keycloak/talentos-realm.json): demo users log in with the password grant
 * and the API accepts their tokens, binds them to their tenant, and applies roles and the step-up policy.
 */
class KeycloakIT {

  private static Process keycloak;
  private static ConfigurableApplicationContext app;
  private static int keycloakPort;
  private static int appPort;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"));
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    Files.copy(Path.of("src/main/resources/keycloak/talentos-realm.json"), imports.resolve("talentos-realm.json"),
        StandardCopyOption.REPLACE_EXISTING);
    keycloakPort = freePort();
    int management = freePort();
    Path log = Path.of("target/keycloak-it.log");
    keycloak = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1", "--http-port=" + keycloakPort, "--http-management-port=" + management,
        "--health-enabled=true", "--db=dev-mem", "--import-realm")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (!ready("http://127.0.0.1:" + management + "/health/ready")) {
      if (Instant.now().isAfter(deadline) || !keycloak.isAlive()) {
        throw new IllegalStateException("Keycloak did not become ready; see " + log.toAbsolutePath());
      }
      Thread.sleep(1000);
    }
    // command-line arguments, so they win over application.yml (builder properties are only defaults)
    app = new SpringApplicationBuilder(TalentOsApplication.class).run("--server.port=0",
        "--talentos.embedded-postgres.data-dir=", "--talentos.security.dev-auth.enabled=false",
        "--talentos.security.issuers=http://127.0.0.1:" + keycloakPort + "/realms/talentos");
    appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (app != null) {
      app.close();
    }
    if (keycloak != null) {
      keycloak.destroy(); // SIGTERM: Keycloak shuts down cleanly
      if (!keycloak.waitFor(60, TimeUnit.SECONDS)) {
        keycloak.destroyForcibly();
      }
    }
  }

  private static boolean ready(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String login(String user) throws Exception {
    return token("grant_type=password&client_id=talentos-cli&username=" + user + "&password=demo&scope=openid");
  }

  /** A service identity (seed 000 §6.6) logs in with the client credentials grant of its Keycloak client. */
  private static String serviceLogin(String clientId) throws Exception {
    return token("grant_type=client_credentials&client_id=" + clientId + "&client_secret=dev-only-" + clientId
        + "-secret");
  }

  private static String token(String form) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keycloakPort
            + "/realms/talentos/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static HttpResponse<String> api(String method, String path, String token, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aKeycloakLoginOfTenantAStartsABookingThatTenantBCannotSee() throws Exception {
    String booker = login("booker.asha");
    JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(booker.split("\\.")[1]));
    assertThat(claims.path("tenant_id").asText()).isEqualTo("demo");
    assertThat(claims.path("realm_access").path("roles").toString()).contains("booker");
    assertThat(claims.path("aud").toString()).contains("talentos-api");
    assertThat(claims.path("iss").asText()).isEqualTo("http://127.0.0.1:" + keycloakPort + "/realms/talentos");

    Instant start = Instant.now().plus(30, ChronoUnit.DAYS);
    HttpResponse<String> created = api("POST", "/api/v1/tenants/demo/bookings", booker, Map.of(
        "talentId", "talent-kc-" + UUID.randomUUID(), "clientName", "Keycloak Client", "startsAt", start.toString(),
        "endsAt", start.plusSeconds(3600).toString(), "deliverables", "x",
        "budget", Map.of("amountMinor", 100_000, "currency", "INR"), "commissionModel", "PERCENTAGE"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String bookingId = JSON.readTree(created.body()).path("bookingId").asText();

    String otherTenant = login("booker.omar");
    assertThat(api("GET", "/api/v1/tenants/demo/bookings/" + bookingId, otherTenant, null).statusCode()).isEqualTo(403);
    assertThat(api("GET", "/api/v1/tenants/other-agency/bookings/" + bookingId, otherTenant, null).statusCode())
        .isEqualTo(404);
    assertThat(api("GET", "/api/v1/tenants/demo/ledger/trial-balance", booker, null).statusCode())
        .as("a booker may not read the ledger").isEqualTo(403);
    assertThat(api("GET", "/api/v1/tenants/demo/ledger/trial-balance", login("auditor.ila"), null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> suspend = api("POST", "/api/v1/platform/tenants/other-agency/suspend", login("root.sara"),
        Map.of("reason", "password login only"));
    assertThat(suspend.statusCode()).as("suspending needs a step-up login, a password is not enough").isEqualTo(403);
    assertThat(suspend.body()).contains("REQUIRE_STEP_UP");
    assertThat(api("GET", "/api/v1/tenants/demo/tasks", booker.substring(0, booker.length() - 4) + "abcd", null)
        .statusCode()).as("a token with a broken signature").isEqualTo(401);
  }

  @Test
  void serviceIdentitiesLogInWithClientCredentialsAndGetOnlyTheirCapabilities() throws Exception {
    String finance = serviceLogin("automation-finance");
    JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(finance.split("\\.")[1]));
    assertThat(claims.path("realm_access").path("roles").toString()).contains("automation.finance");
    assertThat(claims.path("tenant_id").asText()).isEqualTo("demo");
    assertThat(api("GET", "/api/v1/tenants/demo/ledger/trial-balance", finance, null).statusCode())
        .as("automation.finance reads the ledger").isEqualTo(200);
    Instant start = Instant.now().plus(50, ChronoUnit.DAYS);
    HttpResponse<String> book = api("POST", "/api/v1/tenants/demo/bookings", finance, Map.of(
        "talentId", "talent-svc", "clientName", "Service Co", "startsAt", start.toString(),
        "endsAt", start.plusSeconds(3600).toString(), "deliverables", "x",
        "budget", Map.of("amountMinor", 100_000, "currency", "INR"), "commissionModel", "PERCENTAGE"));
    assertThat(book.statusCode()).as("automation.finance may not start bookings").isEqualTo(403);
    assertThat(book.body()).contains("booking.booking.create");
    assertThat(api("GET", "/api/v1/tenants/other-agency/ledger/trial-balance", finance, null).statusCode())
        .as("a service identity is bound to its tenant").isEqualTo(403);

    String ops = serviceLogin("automation-ops");
    HttpResponse<String> message = api("POST", "/api/v1/tenants/demo/messages", ops, Map.of("name", "QuoteAccepted",
        "correlationKey", "no-such-booking", "messageId", "svc-1"));
    assertThat(message.statusCode()).as("automation.ops may correlate; nobody waits for this one").isEqualTo(409);
    assertThat(api("GET", "/api/v1/tenants/demo/ledger/trial-balance", ops, null).statusCode())
        .as("automation.ops may not read the ledger").isEqualTo(403);
  }
}
