package io.talentos.casting;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.isolation.TenantScope;
import io.talentos.contracts.SignaturePackets;
import io.talentos.tenancy.TenantGuard;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client's view of a shortlist without a login (issue 6; seed 000 §7.4): the emailed, expiring link. Talent
 * details stay redacted until the client's NDA is signed; the body and the {@code X-Watermark} header name the
 * viewer. An unknown tenant and an unknown link get the same 404; the path is rate-limited per client address.
 */
@RestController
class ClientViewController {

  private final ClientViews views;
  private final TenantGuard guard;

  ClientViewController(ClientViews views, TenantGuard guard) {
    this.views = views;
    this.guard = guard;
  }

  @Operation(summary = "Open a client view of a casting call's shortlist (redacted until the NDA is signed)")
  @GetMapping("/api/v1/casting-views/{tenantId}/{token}")
  ResponseEntity<ClientViews.ClientShortlist> open(@PathVariable String tenantId, @PathVariable String token) {
    ClientViews.ClientShortlist shortlist;
    try (TenantScope.Binding tenant = guard.enterPublic(tenantId,
        () -> new SignaturePackets.LinkException(ClientViews.NOT_VALID, false))) {
      shortlist = views.open(tenantId, token);
    }
    return ResponseEntity.ok().header("X-Watermark", shortlist.watermark().replaceAll("[^\\x20-\\x7e]", "?"))
        .header("Cache-Control", "no-store").body(shortlist);
  }
}
