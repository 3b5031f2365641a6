package io.talentos.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.tenancy.Blueprints;
import io.talentos.policy.Capabilities;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Blueprints and templates: the catalogue, a tenant's installs, and installing one (owner or admin). */
@RestController
class BlueprintController {

  private final Blueprints blueprints;

  private final Capabilities capabilities;

  BlueprintController(Blueprints blueprints, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.blueprints = blueprints;
  }

  @Operation(summary = "The catalogue: blueprints B1–B10 and tenant templates T1–T8")
  @GetMapping("/api/v1/blueprints")
  Map<String, Object> catalogue() {
    return Map.of("blueprints", blueprints.blueprints(), "templates", blueprints.templates());
  }

  @Operation(summary = "The tenant's installed blueprints and roles")
  @GetMapping("/api/v1/tenants/{tenantId}/blueprints")
  Map<String, Object> installed(@PathVariable String tenantId) {
    return Map.of("installed", blueprints.installed(tenantId), "roles", blueprints.roles(tenantId));
  }

  @Operation(summary = "Install a blueprint (B1…B10) or a template (T1…T8); installing twice is a no-op")
  @PostMapping("/api/v1/tenants/{tenantId}/blueprints/{blueprintId}/install")
  ResponseEntity<List<Blueprints.Installed>> install(@PathVariable String tenantId, @PathVariable String blueprintId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.tenant.settings.update");
    List<Blueprints.Installed> installed = blueprints.install(tenantId, blueprintId, user.userId());
    boolean anyNew = installed.stream().anyMatch(Blueprints.Installed::newlyInstalled);
    return ResponseEntity.status(anyNew ? HttpStatus.CREATED : HttpStatus.OK).body(installed);
  }
}
