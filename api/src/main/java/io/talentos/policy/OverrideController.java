package io.talentos.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Break-glass overrides (seed 000 §6.8, §7.3): ask to act although a policy rule refuses, with a reason; the tenant
 * owner decides in the task list ("Approve break-glass override", step-up login); the answer is time-boxed.
 */
@RestController
class OverrideController {

  /** What to override: a capability on one object (e.g. {@code booking.work.start} on a task), and why. */
  record OverrideRequest(@NotBlank @Size(max = 100) String capability, @NotBlank @Size(max = 50) String objectType,
      @NotBlank @Size(max = 100) String objectId, @NotBlank @Size(min = 10, max = 2000) String reason) {}

  private final BreakGlassService overrides;
  private final Capabilities capabilities;

  OverrideController(BreakGlassService overrides, Capabilities capabilities) {
    this.overrides = overrides;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Ask for a break-glass override; 202 while the owner decides")
  @PostMapping("/api/v1/tenants/{tenantId}/overrides")
  ResponseEntity<BreakGlassService.Override> request(@PathVariable String tenantId,
      @Valid @RequestBody OverrideRequest body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.policy.override");
    BreakGlassService.Override override = overrides.request(tenantId, user.userId(), body.capability(),
        body.objectType(), body.objectId(), body.reason());
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/tenants/" + tenantId + "/overrides/" + override.overrideId())).body(override);
  }

  @Operation(summary = "One override and where it stands (REQUESTED, GRANTED until expiresAt, REFUSED, ENDED)")
  @GetMapping("/api/v1/tenants/{tenantId}/overrides/{overrideId}")
  BreakGlassService.Override get(@PathVariable String tenantId, @PathVariable UUID overrideId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.policy.override");
    return overrides.find(tenantId, overrideId);
  }
}
