package io.talentos.identity;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.engine.EngineClock;
import io.talentos.support.TalentOsTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every tenant-scoped API endpoint with tenant B's token against tenant A's objects, both on A's routes and on
 * B's own routes with A's ids. Every answer is 403 or 404 (or an empty list), and no answer contains A's data. The
 * matrix fails when an endpoint exists that it does not cover, so a new endpoint cannot skip this test.
 */
@TalentOsTest
class TenantBoundaryMatrixTest {

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired EngineClock clock;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  private record Probe(HttpMethod method, String path, Object body, MediaType type) {
    Probe(HttpMethod method, String path, Object body) {
      this(method, path, body, null);
    }
  }

  private ResponseEntity<String> call(HttpMethod method, String path, String user, Object body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type != null ? type : body instanceof org.springframework.util.MultiValueMap
        ? MediaType.MULTIPART_FORM_DATA : MediaType.APPLICATION_JSON);
    headers.setBearerAuth(identity.token(user, true));
    return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void tenantBSeesAndTouchesNothingOfTenantA() {
    Instant start = clock.now().plus(25, ChronoUnit.DAYS);
    JsonNode started = http.exchange("/api/v1/tenants/demo/bookings", HttpMethod.POST, new HttpEntity<>(Map.of(
        "talentId", "talent-matrix-" + UUID.randomUUID(), "clientName", "Matrix Co", "startsAt", start.toString(),
        "endsAt", start.plusSeconds(3600).toString(), "deliverables", "x",
        "budget", Map.of("amountMinor", 25_000_000, "currency", "INR"), "commissionModel", "PERCENTAGE"),
        bearer("booker.asha")), JsonNode.class).getBody();
    String booking = started.path("bookingId").asText();
    String contract = await().atMost(AWAIT).until(() -> {
      // refused with 409 until the booking waits for the answer to its quote; the same messageId is safe to repeat
      http.exchange("/api/v1/tenants/demo/messages", HttpMethod.POST, new HttpEntity<>(Map.of("name",
          "QuoteAccepted", "correlationKey", booking, "messageId", "qa-" + booking), bearer("booker.asha")),
          String.class);
      return http.exchange("/api/v1/tenants/demo/contracts?bookingId=" + booking, HttpMethod.GET,
          new HttpEntity<>(bearer("booker.asha")), JsonNode.class).getBody();
    }, list -> list != null && list.size() == 1).get(0).path("contractId").asText();
    http.exchange("/api/v1/tenants/demo/contracts/" + contract + "/signers", HttpMethod.PUT, new HttpEntity<>(List.of(
        Map.of("role", "CLIENT", "name", "Matrix Co", "email", "client-" + booking + "@matrix.example"),
        Map.of("role", "TALENT", "name", "Talent", "email", "talent-" + booking + "@matrix.example"),
        Map.of("role", "AGENCY", "name", "Demo", "email", "agency-" + booking + "@matrix.example")),
        bearer("booker.asha")), String.class);
    http.exchange("/api/v1/tenants/demo/contracts/" + contract + "/submit", HttpMethod.POST,
        new HttpEntity<>(bearer("booker.asha")), String.class);
    String task = await().atMost(AWAIT).until(() -> {
      JsonNode tasks = http.exchange("/api/v1/tenants/demo/tasks?bookingId=" + booking, HttpMethod.GET,
          new HttpEntity<>(bearer("booker.asha")), JsonNode.class).getBody();
      return tasks.isEmpty() ? null : tasks.get(0).path("taskId").asText();
    }, t -> t != null);
    String c = "/contracts/" + contract;
    // a casting call of A with a submission, and a season of A with a registration
    Instant shoot = clock.now().plus(40, ChronoUnit.DAYS);
    Map<String, Object> castingCall = new java.util.HashMap<>(Map.of("title", "Matrix Co campaign", "roleName",
        "Lead", "description", "x", "clientName", "Matrix Co", "clientEmail", "matrix@matrix.example", "quota", 5,
        "closesAt", clock.now().plus(3, ChronoUnit.DAYS).toString(), "shootStartsAt", shoot.toString(),
        "shootEndsAt", shoot.plusSeconds(3600).toString(), "budget", Map.of("amountMinor", 100_000, "currency", "INR")));
    castingCall.putAll(Map.of("commissionModel", "PERCENTAGE", "agencySignerName", "Demo", "agencySignerEmail",
        "agency@matrix.example"));
    String call = http.exchange("/api/v1/tenants/demo/casting/calls", HttpMethod.POST, new HttpEntity<>(castingCall,
        bearer("casting.carla")), JsonNode.class).getBody().path("castingCallId").asText();
    http.exchange("/api/v1/tenants/demo/casting/calls/" + call + "/publish", HttpMethod.POST,
        new HttpEntity<>(bearer("casting.carla")), String.class);
    String submission = http.exchange("/api/v1/tenants/demo/casting/calls/" + call + "/submissions", HttpMethod.POST,
        new HttpEntity<>(Map.of("talentId", "talent-matrix", "talentName", "Matrix Co Talent"),
            bearer("booker.asha")), JsonNode.class).getBody().path("submissionId").asText();
    var criteria = List.of(Map.of("key", "poise", "label", "Poise", "weightPercent", 100));
    String season = http.exchange("/api/v1/tenants/demo/pageant/seasons", HttpMethod.POST, new HttpEntity<>(Map.of(
        "name", "Matrix Co Season", "registrationClosesAt", clock.now().plus(2, ChronoUnit.DAYS).toString(),
        "referenceDate", "2026-11-22", "minAge", 18, "maxAge", 30, "currency", "INR",
        "embargoUntil", clock.now().plus(5, ChronoUnit.DAYS).toString(), "stages", List.of(Map.of("stageKey", "heat",
            "name", "Heat", "weightPercent", 100, "criteria", criteria, "scaleMin", 1, "scaleMax", 10))),
        bearer("director.priya")), JsonNode.class).getBody().path("seasonId").asText();
    http.exchange("/api/v1/tenants/demo/pageant/seasons/" + season + "/open", HttpMethod.POST,
        new HttpEntity<>(bearer("director.priya")), String.class);
    String registration = http.exchange("/api/v1/tenants/demo/pageant/seasons/" + season + "/registrations",
        HttpMethod.POST, new HttpEntity<>(Map.of("fullName", "Matrix Co Contestant", "birthDate", "2000-01-01",
            "region", "Goa"), bearer("director.priya")), JsonNode.class).getBody().path("registrationId").asText();
    String cc = "/casting/calls/" + call;
    String cs = "/casting/submissions/" + submission;
    String ps = "/pageant/seasons/" + season;
    String js = "/judging/seasons/" + season;

    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("POST /api/v1/tenants/{tenantId}/bookings", new Probe(HttpMethod.POST, "/bookings", Map.of()));
    probes.put("GET /api/v1/tenants/{tenantId}/bookings/{bookingId}",
        new Probe(HttpMethod.GET, "/bookings/" + booking, null));
    probes.put("POST /api/v1/tenants/{tenantId}/messages", new Probe(HttpMethod.POST, "/messages", Map.of(
        "name", "QuoteDeclined", "correlationKey", booking, "messageId", "x-" + booking)));
    probes.put("GET /api/v1/tenants/{tenantId}/tasks", new Probe(HttpMethod.GET, "/tasks?bookingId=" + booking, null));
    probes.put("GET /api/v1/tenants/{tenantId}/tasks/{taskId}", new Probe(HttpMethod.GET, "/tasks/" + task, null));
    probes.put("POST /api/v1/tenants/{tenantId}/tasks/{taskId}/claim",
        new Probe(HttpMethod.POST, "/tasks/" + task + "/claim", null));
    probes.put("POST /api/v1/tenants/{tenantId}/tasks/{taskId}/complete",
        new Probe(HttpMethod.POST, "/tasks/" + task + "/complete", Map.of()));
    probes.put("GET /api/v1/tenants/{tenantId}/ledger/balances",
        new Probe(HttpMethod.GET, "/ledger/balances?bookingId=" + booking, null));
    probes.put("GET /api/v1/tenants/{tenantId}/ledger/entries",
        new Probe(HttpMethod.GET, "/ledger/entries?bookingId=" + booking, null));
    probes.put("GET /api/v1/tenants/{tenantId}/ledger/trial-balance",
        new Probe(HttpMethod.GET, "/ledger/trial-balance", null));
    probes.put("GET /api/v1/tenants/{tenantId}/audit/records", new Probe(HttpMethod.GET, "/audit/records", null));
    probes.put("GET /api/v1/tenants/{tenantId}/audit/verification",
        new Probe(HttpMethod.GET, "/audit/verification", null));
    probes.put("GET /api/v1/tenants/{tenantId}/blueprints", new Probe(HttpMethod.GET, "/blueprints", null));
    probes.put("POST /api/v1/tenants/{tenantId}/blueprints/{blueprintId}/install",
        new Probe(HttpMethod.POST, "/blueprints/B1/install", null));
    var model = new org.springframework.util.LinkedMultiValueMap<String, Object>();
    model.add("file", new org.springframework.core.io.FileSystemResource("../processes/booking/booking.bpmn"));
    probes.put("POST /api/v1/tenants/{tenantId}/models", new Probe(HttpMethod.POST, "/models?dryRun=true", model));
    probes.put("GET /api/v1/tenants/{tenantId}/models", new Probe(HttpMethod.GET, "/models", null));
    probes.put("POST /api/v1/tenants/{tenantId}/models/{modelId}/versions/{version}/rollback",
        new Probe(HttpMethod.POST, "/models/booking/versions/1/rollback", null));
    probes.put("GET /api/v1/tenants/{tenantId}/roles", new Probe(HttpMethod.GET, "/roles", null));
    probes.put("PUT /api/v1/tenants/{tenantId}/roles/{role}", new Probe(HttpMethod.PUT, "/roles/spy",
        Map.of("capabilities", List.of("finance.ledger.view"))));
    probes.put("PUT /api/v1/tenants/{tenantId}/roles/{role}/members/{userId}",
        new Probe(HttpMethod.PUT, "/roles/spy/members/booker.omar", null));
    probes.put("DELETE /api/v1/tenants/{tenantId}/roles/{role}/members/{userId}",
        new Probe(HttpMethod.DELETE, "/roles/spy/members/booker.omar", null));
    probes.put("POST /api/v1/tenants/{tenantId}/overrides", new Probe(HttpMethod.POST, "/overrides",
        Map.of("capability", "booking.work.start", "objectType", "task", "objectId", task, "reason",
            "Matrix probe from the other tenant")));
    probes.put("GET /api/v1/tenants/{tenantId}/overrides/{overrideId}",
        new Probe(HttpMethod.GET, "/overrides/" + UUID.randomUUID(), null));
    probes.put("PUT /api/v1/tenants/{tenantId}/tax-profile", new Probe(HttpMethod.PUT, "/tax-profile",
        Map.of("legalName", "Spy", "address", "x", "stateCode", "27", "invoicePrefix", "SPY")));
    probes.put("GET /api/v1/tenants/{tenantId}/tax-profile", new Probe(HttpMethod.GET, "/tax-profile", null));
    probes.put("POST /api/v1/tenants/{tenantId}/settlements", new Probe(HttpMethod.POST, "/settlements",
        "provider,payment_id,amount_minor,fee_minor,currency,settled_on\nrazorpay,pay_x,100,0,INR,2026-11-23\n",
        MediaType.parseMediaType("text/csv")));
    probes.put("GET /api/v1/tenants/{tenantId}/settlements/{importId}",
        new Probe(HttpMethod.GET, "/settlements/" + UUID.randomUUID(), null));
    probes.put("GET /api/v1/tenants/{tenantId}/talents/{talentId}/earnings",
        new Probe(HttpMethod.GET, "/talents/talent-matrix/earnings", null));
    probes.put("PUT /api/v1/tenants/{tenantId}/payment-providers/{provider}",
        new Probe(HttpMethod.PUT, "/payment-providers/razorpay", Map.of("webhookSecret", "spy-secret-123")));
    probes.put("POST /api/v1/tenants/{tenantId}/invoices", new Probe(HttpMethod.POST, "/invoices", Map.of()));
    probes.put("GET /api/v1/tenants/{tenantId}/invoices/{invoiceId}",
        new Probe(HttpMethod.GET, "/invoices/" + UUID.randomUUID(), null));
    probes.put("GET /api/v1/tenants/{tenantId}/invoices/{invoiceId}/pdf",
        new Probe(HttpMethod.GET, "/invoices/" + UUID.randomUUID() + "/pdf", null));
    probes.put("POST /api/v1/tenants/{tenantId}/settlements/provider-events",
        new Probe(HttpMethod.POST, "/settlements/provider-events?date=2026-11-22", null));
    probes.put("PUT /api/v1/tenants/{tenantId}/payout-provider", new Probe(HttpMethod.PUT, "/payout-provider",
        Map.of("apiBaseUrl", "http://127.0.0.1:9", "keyId", "rzp_spy", "keySecret", "spy-secret", "accountNumber", "1")));
    probes.put("PUT /api/v1/tenants/{tenantId}/payees/{talentId}", new Probe(HttpMethod.PUT, "/payees/talent-matrix",
        Map.of("accountReference", "fa_spy")));
    probes.put("GET /api/v1/tenants/{tenantId}/escrows", new Probe(HttpMethod.GET, "/escrows", null));
    probes.put("POST /api/v1/tenants/{tenantId}/payments", new Probe(HttpMethod.POST, "/payments",
        Map.of("bookingId", booking, "reference", "spy-1", "amountMinor", 100, "currency", "INR")));
    probes.put("GET /api/v1/tenants/{tenantId}/finance-settings", new Probe(HttpMethod.GET, "/finance-settings", null));
    probes.put("PUT /api/v1/tenants/{tenantId}/finance-settings", new Probe(HttpMethod.PUT, "/finance-settings",
        Map.of("releaseThresholdMinor", 1, "releaseThresholdCurrency", "INR")));
    probes.put("POST /api/v1/tenants/{tenantId}/payout-batches", new Probe(HttpMethod.POST, "/payout-batches",
        Map.of("currency", "INR")));
    probes.put("GET /api/v1/tenants/{tenantId}/payout-batches", new Probe(HttpMethod.GET, "/payout-batches", null));
    probes.put("GET /api/v1/tenants/{tenantId}/payout-batches/{batchId}",
        new Probe(HttpMethod.GET, "/payout-batches/" + UUID.randomUUID(), null));
    probes.put("POST /api/v1/tenants/{tenantId}/payout-batches/{batchId}/cancel",
        new Probe(HttpMethod.POST, "/payout-batches/" + UUID.randomUUID() + "/cancel", null));
    probes.put("GET /api/v1/tenants/{tenantId}/payout-queue", new Probe(HttpMethod.GET, "/payout-queue", null));
    probes.put("GET /api/v1/tenants/{tenantId}/refunds", new Probe(HttpMethod.GET, "/refunds", null));
    probes.put("GET /api/v1/tenants/{tenantId}/refunds/{refundKey}",
        new Probe(HttpMethod.GET, "/refunds/cancellation:" + UUID.randomUUID(), null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/templates", new Probe(HttpMethod.GET, "/contracts/templates",
        null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/clauses", new Probe(HttpMethod.GET, "/contracts/clauses",
        null));
    probes.put("POST /api/v1/tenants/{tenantId}/contracts", new Probe(HttpMethod.POST, "/contracts", Map.of("type",
        "BOOKING", "bookingId", booking, "variables", Map.of())));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts", new Probe(HttpMethod.GET, "/contracts?bookingId=" + booking,
        null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/{contractId}", new Probe(HttpMethod.GET, c, null));
    probes.put("PUT /api/v1/tenants/{tenantId}/contracts/{contractId}/terms", new Probe(HttpMethod.PUT, c + "/terms",
        Map.of("note", "spy")));
    probes.put("PUT /api/v1/tenants/{tenantId}/contracts/{contractId}/signers", new Probe(HttpMethod.PUT,
        c + "/signers", List.of(Map.of("role", "CLIENT", "name", "Spy", "email", "spy@spy.example"))));
    probes.put("POST /api/v1/tenants/{tenantId}/contracts/{contractId}/submit", new Probe(HttpMethod.POST,
        c + "/submit", null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/{contractId}/versions", new Probe(HttpMethod.GET,
        c + "/versions", null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/{contractId}/redline", new Probe(HttpMethod.GET,
        c + "/redline", null));
    probes.put("POST /api/v1/tenants/{tenantId}/contracts/{contractId}/addenda", new Probe(HttpMethod.POST,
        c + "/addenda", Map.of("note", "spy")));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/{contractId}/evidence", new Probe(HttpMethod.GET,
        c + "/evidence", null));
    probes.put("GET /api/v1/tenants/{tenantId}/contracts/{contractId}/document", new Probe(HttpMethod.GET,
        c + "/document", null));
    probes.put("POST /api/v1/tenants/{tenantId}/contracts/{contractId}/access-links", new Probe(HttpMethod.POST,
        c + "/access-links", Map.of("validFor", "P1D")));
    probes.put("POST /api/v1/tenants/{tenantId}/contracts/{contractId}/obligations/{obligationId}/fulfil",
        new Probe(HttpMethod.POST, c + "/obligations/" + UUID.randomUUID() + "/fulfil", null));
    Map<String, Object> spyCall = new java.util.HashMap<>(castingCall);
    spyCall.putAll(Map.of("title", "Spy campaign", "clientName", "Spy Co"));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/calls", new Probe(HttpMethod.POST, "/casting/calls",
        spyCall));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/calls", new Probe(HttpMethod.GET, "/casting/calls", null));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}", new Probe(HttpMethod.GET, cc, null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/publish",
        new Probe(HttpMethod.POST, cc + "/publish", null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/close-submissions",
        new Probe(HttpMethod.POST, cc + "/close-submissions", null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/submissions",
        new Probe(HttpMethod.POST, cc + "/submissions", Map.of("talentId", "spy", "talentName", "Spy")));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/submissions",
        new Probe(HttpMethod.GET, cc + "/submissions", null));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/auditions",
        new Probe(HttpMethod.GET, cc + "/auditions", null));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/calls/{castingCallId}/offers",
        new Probe(HttpMethod.GET, cc + "/offers", null));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/submissions/{submissionId}", new Probe(HttpMethod.GET, cs,
        null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/submissions/{submissionId}/withdraw",
        new Probe(HttpMethod.POST, cs + "/withdraw", null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/submissions/{submissionId}/shortlist",
        new Probe(HttpMethod.POST, cs + "/shortlist", Map.of("shortlisted", true)));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/submissions/{submissionId}/auditions",
        new Probe(HttpMethod.POST, cs + "/auditions", Map.of("startsAt", shoot.toString(), "endsAt",
            shoot.plusSeconds(600).toString())));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/auditions/{auditionId}/outcome",
        new Probe(HttpMethod.POST, "/casting/auditions/" + UUID.randomUUID() + "/outcome", Map.of("outcome",
            "NO_SHOW")));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/offers/{offerId}/accept",
        new Probe(HttpMethod.POST, "/casting/offers/" + UUID.randomUUID() + "/accept", null));
    probes.put("POST /api/v1/tenants/{tenantId}/casting/offers/{offerId}/decline",
        new Probe(HttpMethod.POST, "/casting/offers/" + UUID.randomUUID() + "/decline", Map.of()));
    probes.put("GET /api/v1/tenants/{tenantId}/casting/kpis", new Probe(HttpMethod.GET, "/casting/kpis", null));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons", new Probe(HttpMethod.POST, "/pageant/seasons",
        Map.of()));
    probes.put("GET /api/v1/tenants/{tenantId}/pageant/seasons", new Probe(HttpMethod.GET, "/pageant/seasons", null));
    probes.put("GET /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}", new Probe(HttpMethod.GET, ps, null));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/open",
        new Probe(HttpMethod.POST, ps + "/open", null));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/close-registration",
        new Probe(HttpMethod.POST, ps + "/close-registration", null));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/registrations",
        new Probe(HttpMethod.POST, ps + "/registrations", Map.of("fullName", "Spy", "birthDate", "2000-01-01",
            "region", "Goa")));
    probes.put("GET /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/registrations",
        new Probe(HttpMethod.GET, ps + "/registrations", null));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/registrations/{registrationId}/verify",
        new Probe(HttpMethod.POST, "/pageant/registrations/" + registration + "/verify", Map.of()));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/stages/{stageKey}/judges",
        new Probe(HttpMethod.POST, ps + "/stages/heat/judges", Map.of("judgeId", "judge.spy")));
    probes.put("POST /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/stages/{stageKey}/close-scoring",
        new Probe(HttpMethod.POST, ps + "/stages/heat/close-scoring", null));
    probes.put("GET /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/results",
        new Probe(HttpMethod.GET, ps + "/results", null));
    probes.put("GET /api/v1/tenants/{tenantId}/pageant/seasons/{seasonId}/score-chain/verification",
        new Probe(HttpMethod.GET, ps + "/score-chain/verification", null));
    probes.put("GET /api/v1/tenants/{tenantId}/judging/assignments", new Probe(HttpMethod.GET, "/judging/assignments",
        null));
    probes.put("GET /api/v1/tenants/{tenantId}/judging/seasons/{seasonId}/stages/{stageKey}/contestants",
        new Probe(HttpMethod.GET, js + "/stages/heat/contestants", null));
    probes.put("POST /api/v1/tenants/{tenantId}/judging/seasons/{seasonId}/stages/{stageKey}/scorecards",
        new Probe(HttpMethod.POST, js + "/stages/heat/scorecards", Map.of("contestantCode", "C-AAAA",
            "criterionScores", Map.of("poise", 5))));
    probes.put("GET /api/v1/tenants/{tenantId}/judging/seasons/{seasonId}/stages/{stageKey}/scorecards",
        new Probe(HttpMethod.GET, js + "/stages/heat/scorecards", null));
    probes.put("POST /api/v1/tenants/{tenantId}/judging/seasons/{seasonId}/conflicts",
        new Probe(HttpMethod.POST, js + "/conflicts", Map.of("contestantCode", "C-AAAA", "reason", "spy")));

    Set<String> endpoints = new TreeSet<>();
    mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
        .filter(p -> p.startsWith("/api/v1/tenants/{tenantId}"))
        .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m + " " + p))));
    assertThat(probes.keySet()).as("every tenant-scoped endpoint is in the tenant-boundary matrix")
        .containsExactlyInAnyOrderElementsOf(endpoints);

    for (var probe : probes.entrySet()) {
      for (String user : new String[] {"booker.omar", "fin.kabir", "casting.olu", "director.kofi"}) {
        Probe p = probe.getValue();
        ResponseEntity<String> onA = call(p.method(), "/api/v1/tenants/demo" + p.path(), user, p.body(), p.type());
        assertThat(onA.getStatusCode().value()).as(user + " on A: " + probe.getKey()).isEqualTo(403);
        // the problem's "instance" echoes the caller's own request path; nothing else may name A's booking
        assertThat(withoutInstance(onA.getBody())).as(user + " on A: " + probe.getKey()).doesNotContain(booking)
            .doesNotContain("Matrix Co");
        ResponseEntity<String> onB = call(p.method(), "/api/v1/tenants/other-agency" + p.path(), user, p.body(),
            p.type());
        int status = onB.getStatusCode().value();
        assertThat(status).as(user + " on B with A's ids: " + probe.getKey() + " " + onB.getBody())
            .isIn(200, 201, 202, 204, 400, 403, 404, 409, 422);
        assertThat(withoutInstance(onB.getBody())).as(user + " on B with A's ids: " + probe.getKey())
            .doesNotContain("Matrix Co").doesNotContain("client-escrow:" + booking)
            .doesNotContain("\"taskId\":\"" + task + "\"");
        if (status == 200 && p.path().startsWith("/tasks?")) {
          assertThat(onB.getBody()).isEqualTo("[]");
        }
      }
    }
  }

  private static String withoutInstance(String body) {
    return body == null ? "" : body.replaceAll("\"instance\":\"[^\"]*\"", "").replaceAll("task [0-9a-f-]{36}", "task")
        .replaceAll("(booking|key) '?[0-9a-f-]{36}'?", "$1");
  }

  private HttpHeaders bearer(String user) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth(identity.token(user, false));
    return headers;
  }
}
