package io.talentos.casting;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.engine.EngineClock;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ApiCalls;
import io.talentos.support.TalentOsTest;
import io.talentos.support.TestSmtp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The casting pipeline over HTTP with real signed tokens (issue 6): a casting director posts a role, a talent submits
 * for herself and an agent for another talent, the quota closes submissions, the shortlist goes to the client by an
 * emailed link that works without a login, carries the viewer's watermark and hides the talent until the NDA is
 * signed; bad input gets problem+json, and the other tenant reaches nothing.
 */
@TalentOsTest
class CastingApiTest {

  private static final Pattern VIEW_LINK = Pattern.compile("/api/v1/casting-views/([^/\\s]+)/([A-Za-z0-9_-]+)");

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired EngineClock clock;

  private ApiCalls api;

  @BeforeEach
  void client() {
    api = new ApiCalls(http, identity);
  }

  @Test
  void aRolePostedSubmittedToAndSharedWithTheClientThroughAWatermarkedRedactedLink() {
    String base = "/api/v1/tenants/demo/casting";
    String client = "client-" + UUID.randomUUID().toString().substring(0, 8) + "@brand.example";
    Instant shoot = clock.now().plus(Duration.ofDays(45));
    Map<String, Object> request = new java.util.HashMap<>(Map.of("title", "Festive film", "roleName", "Lead",
        "description", "Two days in Jaipur", "clientName", "Kesar Brands", "clientEmail", client, "quota", 2,
        "closesAt", clock.now().plus(Duration.ofDays(3)).toString(), "shootStartsAt", shoot.toString(),
        "shootEndsAt", shoot.plus(Duration.ofHours(9)).toString(),
        "budget", Map.of("amountMinor", 9_000_000, "currency", "INR")));
    request.putAll(Map.of("commissionModel", "PERCENTAGE", "agencySignerName", "Carla Mendes",
        "agencySignerEmail", "carla@lumen.example"));
    assertThat(api.call(HttpMethod.POST, base + "/calls", "booker.asha", request).getStatusCode().value())
        .as("bookers do not post roles").isEqualTo(403);
    ResponseEntity<String> invalid = api.call(HttpMethod.POST, base + "/calls", "casting.carla",
        Map.of("title", "x", "quota", 0));
    assertThat(invalid.getStatusCode().value()).isEqualTo(400);
    assertThat(invalid.getHeaders().getContentType().toString()).contains("application/problem+json");
    String callId = api.json(HttpMethod.POST, base + "/calls", "casting.carla", request).path("castingCallId").asText();
    assertThat(api.call(HttpMethod.POST, base + "/calls/" + callId + "/publish", "casting.carla", null)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(api.call(HttpMethod.POST, base + "/calls/" + callId + "/publish", "casting.carla", null)
        .getStatusCode().value()).as("published once").isEqualTo(409);

    // a talent submits for herself only; the agent submits for another talent; the quota of two closes the role
    ResponseEntity<String> forOther = api.call(HttpMethod.POST, base + "/calls/" + callId + "/submissions",
        "talent.ria",
        Map.of("talentId", "talent.zoe", "talentName", "Zoe Das"));
    assertThat(forOther.getStatusCode().value()).isEqualTo(422);
    assertThat(api.call(HttpMethod.POST, base + "/calls/" + callId + "/submissions", "talent.ria", Map.of("talentId",
        "talent.ria", "talentName", "Ria Sen", "media", List.of("ftp://nope"))).getStatusCode().value())
        .isEqualTo(422);
    JsonNode ria = api.json(HttpMethod.POST, base + "/calls/" + callId + "/submissions", "talent.ria",
        Map.of("talentId", "talent.ria", "talentName", "Ria Sen", "media", List.of("https://media.example/ria.mp4")));
    JsonNode kabir = api.json(HttpMethod.POST, base + "/calls/" + callId + "/submissions", "booker.asha",
        Map.of("talentId", "talent-kabir-" + callId, "talentName", "Kabir Rao"));
    await().atMost(AWAIT).until(() -> api.json(HttpMethod.GET, base + "/calls/" + callId, "casting.carla", null)
        .path("status").asText().equals("SHORTLIST"));
    assertThat(api.call(HttpMethod.POST, base + "/submissions/" + kabir.path("submissionId").asText() + "/withdraw",
        "talent.ria", null).getStatusCode().value()).as("only who submitted withdraws").isEqualTo(409);
    for (JsonNode s : List.of(ria, kabir)) {
      assertThat(api.call(HttpMethod.POST, base + "/submissions/" + s.path("submissionId").asText() + "/shortlist",
          "casting.carla", Map.of("shortlisted", true)).getStatusCode().value()).isEqualTo(200);
    }
    String task = await().atMost(AWAIT).until(() -> {
      JsonNode open = api.json(HttpMethod.GET, "/api/v1/tenants/demo/tasks?bookingId=" + callId, "casting.carla", null);
      return open.isEmpty() ? null : open.get(0).path("taskId").asText();
    }, t -> t != null);
    assertThat(api.call(HttpMethod.POST, "/api/v1/tenants/demo/tasks/" + task + "/complete", "casting.carla",
        Map.of("shortlistReady", true)).getStatusCode().value()).isEqualTo(200);

    // the client's link: no login, watermarked with the viewer, talent hidden until the NDA is signed
    Matcher link = VIEW_LINK.matcher(TestSmtp.awaitMail(client, "Shortlist", 1).text());
    assertThat(link.find()).isTrue();
    ResponseEntity<String> view = api.call(HttpMethod.GET, "/api/v1/casting-views/demo/" + link.group(2), null, null);
    assertThat(view.getStatusCode().value()).isEqualTo(200);
    assertThat(view.getHeaders().getFirst("X-Watermark")).contains(client);
    assertThat(view.getHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(view.getBody()).contains("\"redacted\":true").contains("Talent 1").contains("Talent 2")
        .doesNotContain("Ria Sen").doesNotContain("Kabir Rao").doesNotContain("talent.ria")
        .doesNotContain("media.example");
    for (String path : List.of("/api/v1/casting-views/demo/" + "x".repeat(43),
        "/api/v1/casting-views/other-agency/" + link.group(2), "/api/v1/casting-views/nobody/" + link.group(2))) {
      ResponseEntity<String> refused = api.call(HttpMethod.GET, path, null, null);
      assertThat(refused.getStatusCode().value()).as(path).isEqualTo(404);
      assertThat(refused.getBody()).doesNotContain("Kesar").doesNotContain("Festive");
    }

    // the other tenant's casting director reaches nothing of this call
    assertThat(api.call(HttpMethod.GET, base + "/calls/" + callId, "casting.olu", null).getStatusCode().value())
        .isEqualTo(403);
    ResponseEntity<String> own = api.call(HttpMethod.GET, "/api/v1/tenants/other-agency/casting/calls/" + callId,
        "casting.olu", null);
    assertThat(own.getStatusCode().value()).isEqualTo(404);
    assertThat(api.call(HttpMethod.GET, "/api/v1/tenants/other-agency/casting/calls", "casting.olu", null).getBody())
        .doesNotContain(callId);
    assertThat(api.json(HttpMethod.GET, base + "/kpis", "casting.carla", null).path("noShowTargetBasisPoints").asInt())
        .isEqualTo(800);
  }
}
