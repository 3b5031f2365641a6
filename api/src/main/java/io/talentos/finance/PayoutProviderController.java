package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's payout provider (RazorpayX) and its talents' fund accounts; without them, payouts are offline. Needs
 * {@code finance.provider.manage} (the owner).
 */
@RestController
class PayoutProviderController {

  /** The RazorpayX API account: base URL (https://api.razorpay.com), key id and secret, the payout account number. */
  record AccountRequest(@NotBlank @Size(max = 200) String apiBaseUrl, @NotBlank @Size(max = 100) String keyId,
      @NotBlank @Size(max = 200) String keySecret, @NotBlank @Size(max = 40) String accountNumber) {}

  /** A talent's RazorpayX fund account id ({@code fa_…}). */
  record PayeeRequest(@NotBlank @Size(max = 64) String accountReference) {}

  private final PayoutProviders providers;
  private final Capabilities capabilities;

  PayoutProviderController(PayoutProviders providers, Capabilities capabilities) {
    this.providers = providers;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Pay talents through RazorpayX: the tenant's API account (owner)")
  @PutMapping("/api/v1/tenants/{tenantId}/payout-provider")
  ResponseEntity<Void> account(@PathVariable String tenantId, @Valid @RequestBody AccountRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.provider.manage");
    providers.saveAccount(tenantId, new PayoutProviders.Account(body.apiBaseUrl(), body.keyId(), body.keySecret(),
        body.accountNumber()));
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "A talent's RazorpayX fund account (owner)")
  @PutMapping("/api/v1/tenants/{tenantId}/payees/{talentId}")
  ResponseEntity<Void> payee(@PathVariable String tenantId, @PathVariable String talentId,
      @Valid @RequestBody PayeeRequest body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.provider.manage");
    providers.savePayee(tenantId, talentId, body.accountReference());
    return ResponseEntity.noContent().build();
  }
}
