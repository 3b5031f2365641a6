package io.talentos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** A user over their per-minute limit gets 429 with Retry-After; another user of the same tenant is not affected. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "talentos.embedded-postgres.data-dir=", "talentos.security.dev-auth.port=0",
    "talentos.api.rate-limit.per-user-per-minute=5", "talentos.api.rate-limit.per-tenant-per-minute=8",
    "logging.level.io.talentos=WARN"})
class RateLimitTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  private ResponseEntity<JsonNode> tasks(String user) {
    // a plain JDK client: Apache HttpClient would wait out Retry-After and retry a 429 by itself
    http.getRestTemplate().setRequestFactory(new org.springframework.http.client.SimpleClientHttpRequestFactory());
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(identity.token(user, false));
    return http.exchange("/api/v1/tenants/demo/tasks", HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
  }

  @Test
  void aUserOverTheLimitGets429WithRetryAfter_thenTheTenantLimitApplies() {
    for (int i = 0; i < 5; i++) {
      assertThat(tasks("booker.asha").getStatusCode().value()).isEqualTo(200);
    }
    ResponseEntity<JsonNode> limited = tasks("booker.asha");
    assertThat(limited.getStatusCode().value()).isEqualTo(429);
    assertThat(Long.parseLong(limited.getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.getBody().path("detail").asText()).contains("user booker.asha");

    for (int i = 0; i < 3; i++) {
      assertThat(tasks("fin.ravi").getStatusCode().value()).as("request %d of another user", i).isEqualTo(200);
    }
    ResponseEntity<JsonNode> tenantLimited = tasks("fin.meera");
    assertThat(tenantLimited.getStatusCode().value()).isEqualTo(429);
    assertThat(tenantLimited.getBody().path("detail").asText()).contains("tenant demo");
  }
}
