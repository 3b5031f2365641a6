package io.talentos.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's roles (seed 003 §4): the capability catalogue, the built-in roles, and the tenant's custom roles, which
 * its owner defines from the catalogue's tenant capabilities and assigns to users. Needs {@code admin.role.manage}.
 */
@RestController
class RoleController {

  /** A custom role: what it is for and its capabilities ({@code domain.resource.action}). */
  record RoleRequest(@Size(max = 200) String description, @NotEmpty List<@Size(max = 100) String> capabilities) {}

  private static final String MANAGE = "admin.role.manage";

  private final Capabilities capabilities;

  RoleController(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Operation(summary = "The capability catalogue, the built-in roles and the tenant's custom roles with members")
  @GetMapping("/api/v1/tenants/{tenantId}/roles")
  Map<String, Object> roles(@PathVariable String tenantId, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), MANAGE);
    return Map.of("capabilities", capabilities.catalogue(), "roles", capabilities.roles(tenantId));
  }

  @Operation(summary = "Create or replace a custom role from tenant capabilities")
  @PutMapping("/api/v1/tenants/{tenantId}/roles/{role}")
  Capabilities.Role define(@PathVariable String tenantId, @PathVariable String role,
      @Valid @RequestBody RoleRequest body, @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), MANAGE);
    Capabilities.Role defined = capabilities.defineRole(tenantId, role, body.description(), body.capabilities(),
        capabilities.of(tenantId, user.userId(), user.roles()));
    request.setAttribute(AuditLog.REQUEST_AFTER, defined);
    return defined;
  }

  @Operation(summary = "Assign a custom role to a user of the tenant (a no-op when already assigned)")
  @PutMapping("/api/v1/tenants/{tenantId}/roles/{role}/members/{userId}")
  ResponseEntity<Void> assign(@PathVariable String tenantId, @PathVariable String role, @PathVariable String userId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), MANAGE);
    capabilities.assign(tenantId, role, userId, user.userId());
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Take a custom role away from a user")
  @DeleteMapping("/api/v1/tenants/{tenantId}/roles/{role}/members/{userId}")
  ResponseEntity<Void> unassign(@PathVariable String tenantId, @PathVariable String role, @PathVariable String userId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), MANAGE);
    capabilities.unassign(tenantId, role, userId);
    return ResponseEntity.noContent().build();
  }
}
