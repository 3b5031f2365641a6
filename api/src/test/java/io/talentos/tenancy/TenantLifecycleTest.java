package io.talentos.tenancy;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.engine.EngineClock;
import io.talentos.engine.EngineJournal;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.TalentOsTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seed 003 §3: signup creates a PENDING tenant; a super admin approves it (and needs a step-up login to suspend it);
 * a suspended tenant is blocked in the API and in its workers, where its jobs end in an incident that says why, and
 * its data stays intact.
 */
@TalentOsTest
class TenantLifecycleTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired EngineClock clock;
  @Autowired EngineJournal journal;
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Autowired
  void ownerDatabase(org.springframework.core.env.Environment env) {
    jdbc = io.talentos.support.OwnerDatabase.jdbc(env); // every tenant's rows, and the right to tamper
  }

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth(token);
    return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  /** A token for a user of the new tenant (not one of the static demo users). */
  private String memberToken(String tenant, String user, String role) {
    return identity.token(user, tenant, List.of(role));
  }

  @Test
  void signupApproveSuspend_blocksTheApiAndTheWorkersButKeepsTheData() {
    String tenant = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
    String owner = memberToken(tenant, "owner.new", "tenant-owner");
    var signup = call(HttpMethod.POST, "/api/v1/signups", owner, Map.of("tenantId", tenant, "name", "New Agency",
        "plan", "STARTER"));
    assertThat(signup.getStatusCode().value()).isEqualTo(201);
    assertThat(signup.getBody().path("status").asText()).isEqualTo("PENDING");
    assertThat(call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/tasks", owner, null).getStatusCode().value())
        .as("a PENDING tenant cannot use the API").isEqualTo(401);
    assertThat(call(HttpMethod.POST, "/api/v1/signups", owner, Map.of("tenantId", tenant, "name", "Again",
        "plan", "STARTER")).getStatusCode().value()).isEqualTo(409);

    String root = identity.token("root.sara", false);
    String rootMfa = identity.token("root.sara", true);
    Map<String, String> why = Map.of("reason", "KYB verified");
    assertThat(call(HttpMethod.POST, "/api/v1/platform/tenants/" + tenant + "/approve", owner, why)
        .getStatusCode().value()).as("only a super admin approves").isEqualTo(403);
    assertThat(call(HttpMethod.POST, "/api/v1/platform/tenants/" + tenant + "/approve", root, why).getBody()
        .path("status").asText()).isEqualTo("ACTIVE");

    Instant start = clock.now().plus(30, ChronoUnit.DAYS);
    String booker = memberToken(tenant, "booker.new", "booker");
    String bookingId = call(HttpMethod.POST, "/api/v1/tenants/" + tenant + "/bookings", booker, Map.of(
        "talentId", "talent-" + tenant, "clientName", "First Client", "startsAt", start.toString(),
        "endsAt", start.plusSeconds(3600).toString(), "deliverables", "x",
        "budget", Map.of("amountMinor", 100_000, "currency", "INR"), "commissionModel", "PERCENTAGE"))
        .getBody().path("bookingId").asText();
    await().atMost(AWAIT).until(() -> "QUOTE_SENT".equals(call(HttpMethod.GET,
        "/api/v1/tenants/" + tenant + "/bookings/" + bookingId, booker, null).getBody().path("status").asText()));

    var noStepUp = call(HttpMethod.POST, "/api/v1/platform/tenants/" + tenant + "/suspend", root,
        Map.of("reason", "chargeback fraud"));
    assertThat(noStepUp.getStatusCode().value()).isEqualTo(403);
    assertThat(noStepUp.getBody().path("obligation").asText()).isEqualTo("REQUIRE_STEP_UP");
    assertThat(call(HttpMethod.POST, "/api/v1/platform/tenants/" + tenant + "/suspend", rootMfa,
        Map.of("reason", "chargeback fraud")).getBody().path("status").asText()).isEqualTo("SUSPENDED");

    var blocked = call(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/bookings/" + bookingId, booker, null);
    assertThat(blocked.getStatusCode().value()).isEqualTo(401);
    assertThat(blocked.getBody().path("detail").asText()).contains("no active tenant");

    // the quote reminder job of the suspended tenant's booking fails into an incident that says why
    clock.advance(Duration.ofHours(25));
    await().atMost(AWAIT).until(() -> {
      journal.catchUp();
      return jdbc.queryForList("""
          select e.detail from process_event e join process_instance p
            on p.engine_epoch = e.engine_epoch and p.process_instance_key = e.process_instance_key
          where p.tenant_id = ? and e.intent = 'INCIDENT'""", String.class, tenant);
    }, details -> details.stream().anyMatch(d -> d.contains("is SUSPENDED: its jobs are stopped")));
    assertThat(jdbc.queryForObject("select count(*) from booking where tenant_id = ?", Integer.class, tenant))
        .as("the suspended tenant's data is intact").isEqualTo(1);
    assertThat(jdbc.queryForList("select to_status from tenant_status_change where tenant_id = ? order by id",
        String.class, tenant)).containsExactly("PENDING", "ACTIVE", "SUSPENDED");
    assertThat(call(HttpMethod.POST, "/api/v1/platform/tenants/" + tenant + "/suspend", rootMfa,
        Map.of("reason", "again")).getStatusCode().value()).isEqualTo(409);
  }
}
