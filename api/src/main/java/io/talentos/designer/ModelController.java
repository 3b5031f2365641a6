package io.talentos.designer;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The designer deploy API: a tenant's process designers deploy their own version of a blueprint's BPMN, DMN or form
 * (a multipart upload of the file the Camunda Modeler saved), check it with a dry run, list versions and roll back.
 * Problems come back as 422 problem+json with one entry per element ({@code violations}).
 */
@RestController
class ModelController {

  private final TenantModels models;
  private final Capabilities capabilities;

  ModelController(TenantModels models, Capabilities capabilities) {
    this.capabilities = capabilities;
    this.models = models;
  }

  @Operation(summary = "Deploy (or with dryRun=true only check) a BPMN, DMN or form file as the tenant's next "
      + "version of that model; running instances stay on their version (after a restart of the embedded engine "
      + "they resume on the tenant's current bundle)")
  @PostMapping(path = "/api/v1/tenants/{tenantId}/models", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<TenantModels.Outcome> deploy(@PathVariable String tenantId, @RequestPart("file") MultipartFile file,
      @RequestParam(defaultValue = "false") boolean dryRun, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) throws IOException {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.workflow.deploy");
    TenantModels.Outcome outcome = models.deploy(tenantId, file.getOriginalFilename(), file.getBytes(), dryRun,
        user.userId());
    request.setAttribute(AuditLog.REQUEST_AFTER, outcome);
    return ResponseEntity.status(outcome.deployed() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome);
  }

  @Operation(summary = "The tenant's versions of its models, newest first per model")
  @GetMapping("/api/v1/tenants/{tenantId}/models")
  Map<String, List<TenantModels.ModelVersion>> versions(@PathVariable String tenantId,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.workflow.view");
    return Map.of("versions", models.versions(tenantId));
  }

  @Operation(summary = "Roll back: deploy an earlier version's content again as a new version")
  @PostMapping("/api/v1/tenants/{tenantId}/models/{modelId}/versions/{version}/rollback")
  ResponseEntity<TenantModels.Outcome> rollback(@PathVariable String tenantId, @PathVariable String modelId,
      @PathVariable int version, @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), "admin.workflow.deploy");
    TenantModels.Outcome outcome = models.rollback(tenantId, modelId, version, user.userId());
    request.setAttribute(AuditLog.REQUEST_AFTER, outcome);
    return ResponseEntity.status(outcome.deployed() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome);
  }
}
