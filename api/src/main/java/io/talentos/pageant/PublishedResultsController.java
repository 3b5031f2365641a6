package io.talentos.pageant;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.isolation.TenantScope;
import io.talentos.tenancy.TenantGuard;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Published pageant results without a login (issue 6): they exist only once the season is PUBLISHED, which happens
 * when the embargo lifts after the director's and the auditor's approval. Before that, and for an unknown tenant or
 * season, the answer is the same 404 (seed 002 §3.4: premature result leakage). Rate-limited per client address.
 */
@RestController
class PublishedResultsController {

  private final PageantService pageants;
  private final TenantGuard guard;

  PublishedResultsController(PageantService pageants, TenantGuard guard) {
    this.pageants = pageants;
    this.guard = guard;
  }

  @Operation(summary = "A season's published results: ranking, tie-breaks and the result's fingerprint")
  @GetMapping("/api/v1/pageant-results/{tenantId}/{seasonId}")
  ResponseEntity<PageantService.PublishedResults> results(@PathVariable String tenantId, @PathVariable UUID seasonId) {
    try (TenantScope.Binding tenant = guard.enterPublic(tenantId,
        () -> new PageantService.UnknownPageantException("No published results for season " + seasonId))) {
      return ResponseEntity.ok().header("Cache-Control", "no-store").body(pageants.publishedResults(tenantId,
          seasonId));
    }
  }
}
