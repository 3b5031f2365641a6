package io.talentos.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.tenancy.Tenants;
import io.talentos.policy.Capabilities;
import io.talentos.policy.AccessPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant lifecycle (seed 003 §3): self-serve signup creates a PENDING tenant owned by the caller; a super admin
 * approves, suspends or terminates it (seed 000 §6.8: suspend and terminate are high risk and need a step-up login).
 */
@RestController
class TenantController {

  /** A signup: the tenant id (2–63 of a-z, 0-9, -), its display name, and its plan (seed 000 §16.2). */
  record SignupRequest(@NotBlank String tenantId, @NotBlank @Size(max = 200) String name, @NotBlank String plan) {}

  /** A lifecycle decision and why. */
  record DecisionRequest(@NotBlank @Size(max = 500) String reason) {}

  private final Tenants tenants;
  private final AccessPolicy policy;

  private final Capabilities capabilities;

  TenantController(Tenants tenants, AccessPolicy policy, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.tenants = tenants;
    this.policy = policy;
  }

  @Operation(summary = "Self-serve signup: creates a PENDING tenant owned by the caller")
  @PostMapping("/api/v1/signups")
  ResponseEntity<Tenants.Tenant> signUp(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody SignupRequest body) {
    Tenants.Tenant tenant = tenants.signUp(body.tenantId(), body.name(), body.plan(), user.userId());
    return ResponseEntity.created(URI.create("/api/v1/platform/tenants/" + tenant.tenantId())).body(tenant);
  }

  @Operation(summary = "Approve (or reinstate) a tenant: super admin")
  @PostMapping("/api/v1/platform/tenants/{tenantId}/approve")
  Tenants.Tenant approve(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody DecisionRequest body) {
    return decide(tenantId, user, Tenants.Transition.APPROVE, "admin.tenant.approve", body.reason());
  }

  @Operation(summary = "Suspend a tenant: super admin with a step-up login; its API and jobs stop, its data stays")
  @PostMapping("/api/v1/platform/tenants/{tenantId}/suspend")
  Tenants.Tenant suspend(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody DecisionRequest body) {
    return decide(tenantId, user, Tenants.Transition.SUSPEND, "admin.tenant.suspend", body.reason());
  }

  @Operation(summary = "Terminate a tenant: super admin with a step-up login")
  @PostMapping("/api/v1/platform/tenants/{tenantId}/terminate")
  Tenants.Tenant terminate(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody DecisionRequest body) {
    return decide(tenantId, user, Tenants.Transition.TERMINATE, "admin.tenant.terminate", body.reason());
  }

  private Tenants.Tenant decide(String tenantId, CurrentUser user, Tenants.Transition transition, String capability,
      String reason) {
    capabilities.require(null, user.userId(), user.roles(), capability); // a platform capability: token roles only
    policy.require(tenantId, user.userId(), user.roles(), user.hasMfa(), capability, "tenant", tenantId,
        new AccessPolicy.Attributes(null, null, null, null, null));
    return tenants.change(tenantId, transition, user.userId(), reason);
  }
}
