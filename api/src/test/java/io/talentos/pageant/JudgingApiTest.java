package io.talentos.pageant;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.engine.EngineClock;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ApiCalls;
import io.talentos.support.TalentOsTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The pageant over HTTP with real signed tokens (issue 6): the director builds a season, registers and verifies
 * contestants and assigns judges; a judge's every answer carries codes and never a contestant's name (blind scoring,
 * seed 003 §11), only their assigned stages, and bad input gets problem+json; results stay hidden before publication,
 * from the public and from judges; the other tenant sees nothing.
 */
@TalentOsTest
class JudgingApiTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired EngineClock clock;

  private ApiCalls api;

  @BeforeEach
  void client() {
    api = new ApiCalls(http, identity);
  }

  @Test
  void judgesSeeCodesOnlyOnTheirAssignedStages_andResultsStayHiddenBeforePublication() {
    String base = "/api/v1/tenants/demo/pageant";
    var rules = Map.of("criteria", List.of(Map.of("key", "poise", "label", "Poise", "weightPercent", 100)),
        "scaleMin", 1, "scaleMax", 10, "dropHighLow", false, "tieBreakCriteria", List.of());
    JsonNode season = api.json(HttpMethod.POST, base + "/seasons", "director.priya", Map.of("name", "Blind Cup",
        "registrationClosesAt", clock.now().plus(Duration.ofHours(2)).toString(),
        "referenceDate", LocalDate.ofInstant(clock.now(), ZoneOffset.UTC).toString(), "minAge", 18, "maxAge", 30,
        "currency", "INR", "embargoUntil", clock.now().plus(Duration.ofHours(4)).toString(), "stages", List.of(
            Map.of("stageKey", "heat", "name", "Heat", "weightPercent", 50, "criteria", rules.get("criteria"),
                "scaleMin", 1, "scaleMax", 10),
            Map.of("stageKey", "gala", "name", "Gala", "weightPercent", 50, "criteria", rules.get("criteria"),
                "scaleMin", 1, "scaleMax", 10))));
    String seasonId = season.path("seasonId").asText();
    assertThat(api.call(HttpMethod.POST, base + "/seasons/" + seasonId + "/open", "director.priya", null)
        .getStatusCode().value()).isEqualTo(200);
    List<String> names = List.of("Meera Iyer", "Sana Qureshi", "Tara Nair");
    List<String> codes = new ArrayList<>();
    for (String name : names) {
      JsonNode reg = api.json(HttpMethod.POST, base + "/seasons/" + seasonId + "/registrations", "director.priya",
          Map.of("fullName", name, "birthDate", "2001-05-04", "region", "Goa", "priorTitles", 0));
      codes.add(api.json(HttpMethod.POST, base + "/registrations/" + reg.path("registrationId").asText() + "/verify",
          "director.priya", Map.of("guardianConsent", false)).path("contestantCode").asText());
    }
    assertThat(api.call(HttpMethod.POST, base + "/seasons/" + seasonId + "/stages/heat/judges", "judge.arun",
        Map.of("judgeId", "judge.arun")).getStatusCode().value()).as("judges do not assign themselves")
        .isEqualTo(403);
    assertThat(api.call(HttpMethod.POST, base + "/seasons/" + seasonId + "/stages/heat/judges", "director.priya",
        Map.of("judgeId", "judge.arun")).getStatusCode().value()).isEqualTo(204);
    api.call(HttpMethod.POST, base + "/seasons/" + seasonId + "/close-registration", "director.priya", null);
    String stage = "/api/v1/tenants/demo/judging/seasons/" + seasonId + "/stages/heat";
    await().atMost(AWAIT).until(() -> api.json(HttpMethod.GET, base + "/seasons/" + seasonId, "director.priya", null)
        .path("stages").get(0).path("status").asText().equals("SCORING"));

    List<ResponseEntity<String>> judgeAnswers = new ArrayList<>();
    judgeAnswers.add(api.call(HttpMethod.GET, "/api/v1/tenants/demo/judging/assignments", "judge.arun", null));
    judgeAnswers.add(api.call(HttpMethod.GET, stage + "/contestants", "judge.arun", null));
    judgeAnswers.add(api.call(HttpMethod.POST, stage + "/scorecards", "judge.arun", Map.of("contestantCode",
        codes.get(0), "criterionScores", Map.of("poise", 8))));
    judgeAnswers.add(api.call(HttpMethod.POST, stage + "/scorecards", "judge.arun", Map.of("contestantCode",
        codes.get(0), "criterionScores", Map.of("poise", 9))));
    judgeAnswers.add(api.call(HttpMethod.POST, stage + "/scorecards", "judge.arun", Map.of("contestantCode",
        codes.get(1), "criterionScores", Map.of("poise", 12))));
    judgeAnswers.add(api.call(HttpMethod.POST, stage + "/scorecards", "judge.arun", "{\"contestantCode\": "));
    judgeAnswers.add(api.call(HttpMethod.POST, stage + "/scorecards", "judge.arun", Map.of("contestantCode", "C-ZZZZ",
        "criterionScores", Map.of("poise", 5))));
    judgeAnswers.add(api.call(HttpMethod.GET, stage + "/scorecards", "judge.arun", null));
    judgeAnswers.add(api.call(HttpMethod.POST, "/api/v1/tenants/demo/judging/seasons/" + seasonId + "/conflicts",
        "judge.arun", Map.of("contestantCode", codes.get(2), "reason", "Trained her")));
    judgeAnswers.add(api.call(HttpMethod.GET, "/api/v1/tenants/demo/judging/seasons/" + seasonId
        + "/stages/gala/contestants", "judge.arun", null));
    judgeAnswers.add(api.call(HttpMethod.GET, base + "/seasons/" + seasonId + "/registrations", "judge.arun", null));
    judgeAnswers.add(api.call(HttpMethod.GET, base + "/seasons/" + seasonId + "/results", "judge.arun", null));

    assertThat(judgeAnswers).extracting(r -> r.getStatusCode().value())
        .containsExactly(200, 200, 201, 409, 422, 400, 404, 200, 204, 403, 403, 403);
    judgeAnswers.forEach(answer -> names.forEach(name -> assertThat(String.valueOf(answer.getBody())).as("blind")
        .doesNotContain(name).doesNotContain("Goa").doesNotContain("registrationId")));
    assertThat(judgeAnswers.get(1).getBody()).contains(codes.get(0)).contains(codes.get(1)).contains(codes.get(2));
    assertThat(judgeAnswers.get(3).getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(judgeAnswers.get(0).getBody()).contains("heat").doesNotContain("gala");
    assertThat(api.json(HttpMethod.GET, stage + "/contestants", "judge.arun", null).toString())
        .contains("\"conflictOfInterest\":true");

    // results: not public before publication, the same 404 as for an unknown season or tenant
    for (String path : List.of("/api/v1/pageant-results/demo/" + seasonId,
        "/api/v1/pageant-results/demo/" + UUID.randomUUID(), "/api/v1/pageant-results/nobody/" + seasonId)) {
      ResponseEntity<String> hidden = api.call(HttpMethod.GET, path, null, null);
      assertThat(hidden.getStatusCode().value()).isEqualTo(404);
      assertThat(hidden.getBody()).doesNotContain("Blind Cup");
    }
    // the other tenant: its director and judges reach nothing of this season
    assertThat(api.call(HttpMethod.GET, base + "/seasons/" + seasonId, "director.kofi", null).getStatusCode().value())
        .isEqualTo(403);
    assertThat(api.call(HttpMethod.GET, "/api/v1/tenants/other-agency/pageant/seasons/" + seasonId, "director.kofi",
        null).getStatusCode().value()).isEqualTo(404);
    ResponseEntity<String> verification = api.call(HttpMethod.GET, base + "/seasons/" + seasonId
        + "/score-chain/verification", "auditor.ila", null);
    assertThat(verification.getBody()).contains("\"intact\":true").contains("\"rowsChecked\":1");
  }
}
