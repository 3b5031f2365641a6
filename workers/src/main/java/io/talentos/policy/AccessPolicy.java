package io.talentos.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talentos.engine.Decisions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.talentos.isolation.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Attribute-based access decisions (ABAC, seed 000 §7) made by the DMN decision {@code access-policy}
 * (decisions/policy/access-policy.dmn) on the engine. Every decision is logged with its inputs, outcome and the
 * decision's version, so an auditor can see why an action was allowed or refused.
 */
@Component
public class AccessPolicy {

  /** The policy's answer: ALLOW or DENY, why, and the obligation that comes with it (seed 000 §7.3). */
  public record Decision(String decision, String reason, String obligation, int decisionVersion) {
    /** Whether the action may go ahead. */
    public boolean allowed() {
      return "ALLOW".equals(decision);
    }
  }

  /** The policy refused the action (HTTP 403); carries the decision, e.g. obligation REQUIRE_STEP_UP. */
  public static class DeniedException extends RuntimeException {
    private final Decision decision;

    DeniedException(String capability, Decision decision) {
      super("Policy denies " + capability + ": " + decision.reason());
      this.decision = decision;
    }

    /** The decision that refused it. */
    public Decision decision() {
      return decision;
    }
  }

  /**
   * The resource attributes the policy reads (seed 000 §7.2); {@code null} means unknown. {@code amountMinor} is in
   * minor units of the object's currency; {@code evidenceProvided} says whether proof (e.g. of delivery) is on file;
   * {@code verified} whether the party passed KYC or, for a minor, guardian consent.
   */
  public record Attributes(String contractStatus, Boolean disputeOpen, String escrowStatus, Boolean scoresFrozen,
      Boolean ndaSigned, Long amountMinor, Boolean evidenceProvided, Boolean verified) {

    /** Status attributes only; amount, evidence and verification unknown. */
    public Attributes(String contractStatus, Boolean disputeOpen, String escrowStatus, Boolean scoresFrozen,
        Boolean ndaSigned) {
      this(contractStatus, disputeOpen, escrowStatus, scoresFrozen, ndaSigned, null, null, null);
    }
  }

  /** The system roles of seed 000 §6.6: service identities, which run automations and never approve. */
  private static final java.util.Set<String> SERVICE_ROLES = java.util.Set.of("automation.ops", "automation.finance",
      "automation.moderation", "notifications.service", "payments.webhook", "policy.engine", "ai.studio");

  /** Whether the roles make the actor a service identity (the actor attribute is_service_identity of §7.2). */
  static boolean isServiceIdentity(List<String> roles) {
    return roles.stream().anyMatch(SERVICE_ROLES::contains);
  }

  private final Decisions decisions;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  private final BreakGlassService overrides;

  AccessPolicy(Decisions decisions, JdbcTemplate jdbc, ObjectMapper json, BreakGlassService overrides) {
    this.overrides = overrides;
    this.decisions = decisions;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Decides and logs; refuses with {@link DeniedException} when the decision is DENY.
   *
   * @param mfa whether the caller logged in with a second factor (token {@code acr} ≥ 2 or {@code amr} has otp)
   */
  public Decision require(String tenantId, String actor, List<String> roles, boolean mfa, String capability,
      String objectType, String objectId, Attributes attributes) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("capability", capability);
    inputs.put("actorRoles", roles);
    inputs.put("mfa", mfa);
    inputs.put("contractStatus", attributes.contractStatus());
    inputs.put("disputeOpen", attributes.disputeOpen());
    inputs.put("escrowStatus", attributes.escrowStatus());
    inputs.put("scoresFrozen", attributes.scoresFrozen());
    inputs.put("ndaSigned", attributes.ndaSigned());
    inputs.put("isServiceIdentity", isServiceIdentity(roles));
    inputs.put("amountMinor", attributes.amountMinor());
    inputs.put("evidenceProvided", attributes.evidenceProvided());
    inputs.put("verified", attributes.verified());
    Decisions.Result response = decisions.evaluate("access-policy", inputs);
    if (response.failed()) {
      throw new IllegalStateException("access-policy could not decide: " + response.failure());
    }
    try {
      JsonNode out = json.readTree(response.outputJson());
      String inputsJson = json.writeValueAsString(inputs);
      Decision decision = new Decision(out.path("decision").asText(), out.path("reason").asText(),
          out.path("obligation").asText(), response.decisionVersion());
      var override = decision.allowed() ? java.util.Optional.<BreakGlassService.Override>empty()
          : TenantScope.callAs(tenantId, () -> overrides.active(tenantId, actor, capability, objectType, objectId));
      if (override.isPresent()) { // break-glass (seed §7.3): allowed until it expires, each use audited (enhanced)
        decision = new Decision("ALLOW", "Break-glass override " + override.get().overrideId() + " approved by "
            + override.get().decidedBy() + " (policy said: " + decision.reason() + ")", "BREAK_GLASS",
            decision.decisionVersion());
        overrides.used(override.get(), inputs);
      }
      Decision logged = decision;
      // logged in the decided tenant's scope, also when a platform admin decides about a tenant
      TenantScope.runAs(tenantId, () -> jdbc.update("""
          insert into policy_decision (tenant_id, actor, capability, object_type, object_id, inputs, decision, reason,
            obligation, decision_id, decision_version, decision_key)
          values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""",
          tenantId, actor, capability, objectType, objectId, inputsJson, logged.decision(),
          logged.reason(), logged.obligation(), response.decisionId(), response.decisionVersion(),
          response.decisionKey()));
      if (!decision.allowed()) {
        throw new DeniedException(capability, decision);
      }
      return decision;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("access-policy returned no JSON", e);
    }
  }
}
