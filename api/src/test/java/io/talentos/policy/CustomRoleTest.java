package io.talentos.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.TalentOsTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Seed 003 §4, seed 000 §6.7: roles are bundles of capabilities, and a tenant owner adds custom roles from the
 * tenant capabilities of the catalogue and assigns them to users; what a user may do follows at once.
 */
@TalentOsTest
class CustomRoleTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange("/api/v1/tenants/demo" + path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private Map<String, Object> inquiry() {
    Instant start = Instant.now().plus(40, ChronoUnit.DAYS);
    return Map.of("talentId", "talent-role-" + UUID.randomUUID(), "clientName", "Role Co",
        "startsAt", start.toString(), "endsAt", start.plusSeconds(3600).toString(), "deliverables", "x",
        "budget", Map.of("amountMinor", 100_000, "currency", "INR"), "commissionModel", "PERCENTAGE");
  }

  @Test
  void anOwnersCustomRoleGrantsExactlyItsCapabilitiesToItsMembers() {
    String owner = identity.token("owner.devi", false);
    String role = "coordinator-" + UUID.randomUUID().toString().substring(0, 6);
    String coordinator = identity.token("coord.zoe", "demo", List.of()); // a staff login with no realm role

    var refused = call(HttpMethod.POST, "/bookings", coordinator, inquiry());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody().path("detail").asText()).contains("booking.booking.create");

    var defined = call(HttpMethod.PUT, "/roles/" + role, owner, Map.of("description", "Books and follows up",
        "capabilities", List.of("booking.booking.create", "automation.message.correlate")));
    assertThat(defined.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(defined.getBody().path("custom").asBoolean()).isTrue();
    assertThat(call(HttpMethod.PUT, "/roles/" + role + "/members/coord.zoe", owner, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(call(HttpMethod.POST, "/bookings", coordinator, inquiry()).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(call(HttpMethod.GET, "/ledger/trial-balance", coordinator, null).getStatusCode())
        .as("the role does not grant finance.ledger.view").isEqualTo(HttpStatus.FORBIDDEN);

    JsonNode roles = call(HttpMethod.GET, "/roles", owner, null).getBody();
    JsonNode mine = StreamSupport.stream(roles.path("roles").spliterator(), false)
        .filter(r -> r.path("name").asText().equals(role)).findFirst().orElseThrow();
    assertThat(mine.path("members").toString()).isEqualTo("[\"coord.zoe\"]");
    assertThat(roles.path("capabilities").path("admin.tenant.suspend").path("platform").asBoolean()).isTrue();

    // taking the role away takes the capability away
    assertThat(call(HttpMethod.DELETE, "/roles/" + role + "/members/coord.zoe", owner, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(call(HttpMethod.POST, "/bookings", coordinator, inquiry()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void customRolesCannotTakePlatformPowersOrBuiltInNames_andOnlyRoleManagersDefineThem() {
    String owner = identity.token("owner.devi", false);
    var platform = call(HttpMethod.PUT, "/roles/tenant-killer", owner,
        Map.of("capabilities", List.of("admin.tenant.suspend")));
    assertThat(platform.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(platform.getBody().path("detail").asText()).contains("platform");
    assertThat(call(HttpMethod.PUT, "/roles/booker", owner, Map.of("capabilities",
        List.of("booking.booking.create"))).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.PUT, "/roles/helper", owner, Map.of("capabilities",
        List.of("booking.everything.do"))).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.PUT, "/roles/helper", owner, Map.of("capabilities", List.of())).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.PUT, "/roles/nobody/members/coord.zoe", owner, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(call(HttpMethod.PUT, "/roles/deputy", owner, Map.of("capabilities",
        List.of("admin.role.manage"))).getStatusCode()).as("role management is not delegable")
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    // a role manager cannot give itself a role
    assertThat(call(HttpMethod.PUT, "/roles/helper", owner, Map.of("capabilities",
        List.of("booking.booking.create"))).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(call(HttpMethod.PUT, "/roles/helper/members/owner.devi", owner, null).getStatusCode())
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.PUT, "/roles/helper", identity.token("booker.asha", false), Map.of("capabilities",
        List.of("booking.booking.create"))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
