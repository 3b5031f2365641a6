package io.talentos.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.TalentOsTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Seed 000 §3–§4: a tenant installs blueprints; installing twice is a no-op, a later blueprint only adds roles, and a
 * blueprint whose processes are not built yet installs what exists and lists what is missing (B8 here).
 */
@TalentOsTest
class BlueprintInstallTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired Tenants tenants;

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return http.exchange(path, method, new HttpEntity<>(headers), JsonNode.class);
  }

  @Test
  void installingB1ThenT3AddsWithoutBreaking_andReportsWhatIsMissing() {
    String tenant = "bp-" + UUID.randomUUID().toString().substring(0, 8);
    tenants.ensure(tenant, "Blueprint Agency", "GROWTH");
    String owner = identity.token("owner.bp", tenant, List.of("tenant-owner"));
    String base = "/api/v1/tenants/" + tenant + "/blueprints";

    JsonNode catalogue = call(HttpMethod.GET, "/api/v1/blueprints", owner).getBody();
    assertThat(catalogue.path("blueprints")).hasSize(10);
    assertThat(catalogue.path("templates")).hasSize(8);

    ResponseEntity<JsonNode> first = call(HttpMethod.POST, base + "/B1/install", owner);
    assertThat(first.getStatusCode().value()).isEqualTo(201);
    assertThat(first.getBody().get(0).path("missing")).isEmpty();
    assertThat(first.getBody().get(0).path("available").toString()).contains("process:booking")
        .contains("decision:commission-split").contains("form:approve-payout");
    ResponseEntity<JsonNode> again = call(HttpMethod.POST, base + "/B1/install", owner);
    assertThat(again.getStatusCode().value()).as("installing twice is a no-op").isEqualTo(200);
    assertThat(again.getBody().get(0).path("newlyInstalled").asBoolean()).isFalse();
    JsonNode rolesAfterB1 = call(HttpMethod.GET, base, owner).getBody().path("roles");

    ResponseEntity<JsonNode> t3 = call(HttpMethod.POST, base + "/T3/install", owner);
    assertThat(t3.getStatusCode().value()).isEqualTo(201);
    assertThat(t3.getBody()).extracting(b -> b.path("blueprintId").asText()).containsExactly("B3", "B8");
    assertThat(t3.getBody().get(0).path("missing")).as("B3 is built").isEmpty();
    assertThat(t3.getBody().get(0).path("available").toString()).contains("process:pageant-season")
        .contains("decision:pageant-eligibility").contains("form:approve-results").contains("decision:access-policy");
    assertThat(t3.getBody().get(1).path("missing").toString()).as("B8 is not built yet")
        .contains("process:community-moderation");

    JsonNode after = call(HttpMethod.GET, base, owner).getBody();
    assertThat(after.path("installed")).extracting(b -> b.path("blueprintId").asText())
        .containsExactly("B1", "B3", "B8");
    rolesAfterB1.forEach(role -> assertThat(after.path("roles").toString()).contains(role.asText()));
    assertThat(after.path("roles").toString()).contains("judge").contains("pageant-director").contains("moderator");

    assertThat(call(HttpMethod.POST, base + "/B42/install", owner).getStatusCode().value()).isEqualTo(404);
    String booker = identity.token("booker.asha", false);
    assertThat(call(HttpMethod.POST, "/api/v1/tenants/demo/blueprints/B1/install", booker).getStatusCode().value())
        .as("only the owner or an admin installs").isEqualTo(403);
  }
}
