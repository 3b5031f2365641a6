package io.talentos.policy;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Seed 000 §6.8 and §7.3: a break-glass override needs the owner's approval (never the requester's, always with a
 * step-up login) and a reason; it is time-boxed, lets exactly the requester act on exactly the object, and every
 * step is in the audit log at the enhanced level. Runs processes/policy/break-glass.bpmn on the engine.
 */
@TalentOsTest
class BreakGlassTest extends ProcessTestSupport {

  private static final AccessPolicy.Attributes NOT_FUNDED =
      new AccessPolicy.Attributes(null, null, "PARTLY_FUNDED", null, null);

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;
  @Autowired AccessPolicy policy;

  private ResponseEntity<JsonNode> call(HttpMethod method, String path, String caller, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth(identity.token(caller.replace("+mfa", ""), caller.endsWith("+mfa")));
    return http.exchange("/api/v1/tenants/" + TENANT + path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private AccessPolicy.Decision startWork(String user, String taskId) {
    return policy.require(TENANT, user, List.of("booker"), false, "booking.work.start", "task", taskId, NOT_FUNDED);
  }

  private UUID requestOverride(String caller, String taskId) {
    var asked = call(HttpMethod.POST, "/overrides", caller, Map.of("capability", "booking.work.start",
        "objectType", "task", "objectId", taskId, "reason", "Client's bank transfer is in transit; shoot is tomorrow"));
    assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(asked.getBody().path("status").asText()).isEqualTo("REQUESTED");
    return UUID.fromString(asked.getBody().path("overrideId").asText());
  }

  private String status(UUID overrideId) {
    return call(HttpMethod.GET, "/overrides/" + overrideId, "owner.devi", null).getBody().path("status").asText();
  }

  @Test
  void anApprovedOverrideLetsTheRequesterActUntilItExpires_andEveryStepIsAuditedAtTheEnhancedLevel() {
    String deliveryTask = UUID.randomUUID().toString();
    assertThatThrownBy(() -> startWork("booker.asha", deliveryTask)).isInstanceOf(AccessPolicy.DeniedException.class)
        .hasMessageContaining("FUNDED");
    UUID id = requestOverride("booker.asha", deliveryTask);

    String approveUrl = "/tasks/" + awaitTask(id, "Task_ApproveOverride").taskId() + "/complete";
    Map<String, Object> approve = Map.of("overrideApproved", true, "decisionComment", "Bank confirmed the transfer");
    assertThat(call(HttpMethod.POST, approveUrl, "booker.asha+mfa", approve).getStatusCode())
        .as("only the owner's group may decide").isEqualTo(HttpStatus.FORBIDDEN);
    var noStepUp = call(HttpMethod.POST, approveUrl, "owner.devi", approve);
    assertThat(noStepUp.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(noStepUp.getBody().path("title").asText()).isEqualTo("Step-up authentication required");
    assertThat(call(HttpMethod.POST, approveUrl, "owner.devi+mfa", approve).getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(AWAIT).until(() -> status(id).equals("GRANTED"));

    AccessPolicy.Decision allowed = startWork("booker.asha", deliveryTask);
    assertThat(allowed.obligation()).isEqualTo("BREAK_GLASS");
    assertThat(allowed.reason()).contains(id.toString()).contains("owner.devi");
    assertThatThrownBy(() -> startWork("booker.ravi", deliveryTask)).as("only the requester")
        .isInstanceOf(AccessPolicy.DeniedException.class);
    assertThatThrownBy(() -> startWork("booker.asha", UUID.randomUUID().toString())).as("only that object")
        .isInstanceOf(AccessPolicy.DeniedException.class);
    assertThat(jdbc.queryForList("""
        select obligation from policy_decision where tenant_id = ? and object_id = ? and actor = 'booker.asha'
        order by id""", String.class, TENANT, deliveryTask)).containsExactly("NONE", "BREAK_GLASS");

    // time-boxed: after the expiry the process ends the override and the rule applies again
    advance(Duration.ofHours(2));
    await().atMost(AWAIT).until(() -> status(id).equals("ENDED"));
    assertThatThrownBy(() -> startWork("booker.asha", deliveryTask)).isInstanceOf(AccessPolicy.DeniedException.class);
    awaitEnded(id);
    assertThat(hasEvent(id, "Task_GrantOverride", "COMPLETED")).isTrue();
    assertThat(hasEvent(id, "EndEvent_OverrideEnded", "COMPLETED")).isTrue();
    assertThat(hasEvent(id, "Task_RecordRefusal", "ENTERED")).isFalse();

    List<Map<String, Object>> audit = jdbc.queryForList("""
        select outcome, actor, after_state->>'auditLevel' as level, after_state->>'reason' as reason from audit_record
        where tenant_id = ? and capability = 'admin.policy.emergency_override' and object_id = ? order by id""",
        TENANT, id.toString());
    assertThat(audit).extracting(r -> r.get("outcome") + " by " + r.get("actor")).containsExactly(
        "BREAK_GLASS_REQUESTED by booker.asha", "BREAK_GLASS_GRANTED by owner.devi", "BREAK_GLASS_USED by booker.asha",
        "BREAK_GLASS_ENDED by automation.ops");
    assertThat(audit).allSatisfy(r -> {
      assertThat(r.get("level")).isEqualTo("ENHANCED");
      assertThat((String) r.get("reason")).contains("in transit");
    });
  }

  @Test
  void aRefusedOverrideGrantsNothing_theRequesterCanNeverApproveIt_andOnlyOverridableCapabilitiesQualify() {
    String deliveryTask = UUID.randomUUID().toString();
    UUID refused = requestOverride("booker.asha", deliveryTask);
    String url = "/tasks/" + awaitTask(refused, "Task_ApproveOverride").taskId() + "/complete";
    assertThat(call(HttpMethod.POST, url, "owner.devi+mfa", Map.of("overrideApproved", false)).getStatusCode())
        .as("a refusal needs a comment too").isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    var hijack = call(HttpMethod.POST, url, "owner.devi+mfa", Map.of("overrideApproved", false,
        "decisionComment", "Wait for the payment", "tenantId", "other-agency"));
    assertThat(hijack.getStatusCode()).as("no completion may move an instance to another tenant")
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(hijack.getBody().path("detail").asText()).contains("tenantId");
    assertThat(call(HttpMethod.POST, url, "owner.devi+mfa", Map.of("overrideApproved", false,
        "decisionComment", "Wait for the payment")).getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(AWAIT).until(() -> status(refused).equals("REFUSED"));
    awaitEnded(refused);
    assertThat(hasEvent(refused, "EndEvent_OverrideRefused", "COMPLETED")).isTrue();
    assertThat(hasEvent(refused, "Task_GrantOverride", "ENTERED")).isFalse();
    assertThatThrownBy(() -> startWork("booker.asha", deliveryTask)).isInstanceOf(AccessPolicy.DeniedException.class);

    // the owner asks: the owner can never approve it (maker-checker)
    UUID own = requestOverride("owner.devi", UUID.randomUUID().toString());
    var self = call(HttpMethod.POST, "/tasks/" + awaitTask(own, "Task_ApproveOverride").taskId() + "/complete",
        "owner.devi+mfa", Map.of("overrideApproved", true, "decisionComment", "I approve myself"));
    assertThat(self.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(self.getBody().path("detail").asText()).contains("owner.devi");

    assertThat(call(HttpMethod.POST, "/overrides", "booker.asha", Map.of("capability", "finance.payout.approve",
        "objectType", "task", "objectId", "t-1", "reason", "I want to approve my own payout")).getStatusCode())
        .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(call(HttpMethod.POST, "/overrides", "booker.asha", Map.of("capability", "booking.work.start",
        "objectType", "task", "objectId", "t-1", "reason", "short")).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.GET, "/overrides/" + UUID.randomUUID(), "owner.devi", null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }
}
