package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.identity.CurrentUser;
import io.talentos.isolation.TenantScope;
import io.talentos.policy.Capabilities;
import io.talentos.tenancy.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payment provider webhooks (issue 4). Providers call {@code POST /api/v1/webhooks/{provider}/{tenantId}} without a
 * token; the request is authenticated by the provider's signature over the raw body, checked with the provider SDK
 * against the tenant's secret, which its owner sets with {@code PUT …/payment-providers/{provider}}.
 */
@RestController
class WebhookController {

  /**
   * The signing secret the provider shows for this tenant's webhook endpoint and, to refund through the provider's
   * API, its key id (Razorpay), secret key and (optionally, e.g. a test stub) API base URL.
   */
  record ProviderAccount(String webhookSecret, String apiKeyId, String apiSecret, String apiBaseUrl) {}

  private final PaymentWebhooks webhooks;
  private final Tenants tenants;
  private final Capabilities capabilities;

  WebhookController(PaymentWebhooks webhooks, Tenants tenants, Capabilities capabilities) {
    this.webhooks = webhooks;
    this.tenants = tenants;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Set the tenant's webhook signing secret, and API keys to refund through, for razorpay or "
      + "stripe (owner)")
  @PutMapping("/api/v1/tenants/{tenantId}/payment-providers/{provider}")
  ResponseEntity<Void> account(@PathVariable String tenantId, @PathVariable String provider,
      @RequestBody ProviderAccount body, @AuthenticationPrincipal CurrentUser user) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.provider.manage");
    webhooks.saveAccount(tenantId, provider, body.webhookSecret(), body.apiKeyId(), body.apiSecret(),
        body.apiBaseUrl());
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "A provider's webhook delivery (signed); 200 with the receipt, duplicate: true for a repeat")
  @PostMapping("/api/v1/webhooks/{provider}/{tenantId}")
  PaymentWebhooks.Receipt receive(@PathVariable String provider, @PathVariable String tenantId,
      @RequestBody String payload, HttpServletRequest request) {
    try {
      tenants.requireActive(tenantId);
    } catch (Tenants.UnknownTenantException | Tenants.TenantNotActiveException e) {
      throw refused(provider); // an unauthenticated caller learns nothing about which tenants exist
    }
    Map<String, String> headers = new TreeMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
    }
    try (TenantScope.Binding tenant = TenantScope.bind(tenantId)) {
      return webhooks.receive(tenantId, provider, payload, headers);
    } catch (PaymentWebhooks.UnknownProviderAccountException e) {
      throw refused(provider);
    }
  }

  private static PaymentWebhooks.InvalidWebhookException refused(String provider) {
    return new PaymentWebhooks.InvalidWebhookException("No webhook endpoint here accepts this " + provider
        + " delivery");
  }
}
