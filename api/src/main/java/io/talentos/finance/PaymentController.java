package io.talentos.finance;

import io.swagger.v3.oas.annotations.Operation;
import io.talentos.audit.AuditLog;
import io.talentos.identity.CurrentUser;
import io.talentos.policy.Capabilities;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The "offline" payment provider of the embedded default (issue 4): finance records a payment received by hand (bank
 * transfer, cash, cheque) and the booking takes it as {@code PaymentCaptured}, once per reference.
 */
@RestController
class PaymentController {

  /** A payment received by hand: minor units of an ISO 4217 currency, the finance team's own reference. */
  record OfflinePayment(@NotNull UUID bookingId, @NotBlank @Pattern(regexp = "[A-Za-z0-9._/-]{1,64}") String reference,
      @NotNull @Positive Long amountMinor, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency) {}

  private final PaymentWebhooks payments;
  private final Capabilities capabilities;

  PaymentController(PaymentWebhooks payments, Capabilities capabilities) {
    this.payments = payments;
    this.capabilities = capabilities;
  }

  @Operation(summary = "Record a payment received by hand (offline provider); a repeated reference has no effect")
  @PostMapping("/api/v1/tenants/{tenantId}/payments")
  PaymentWebhooks.Receipt record(@PathVariable String tenantId, @Valid @RequestBody OfflinePayment body,
      @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    capabilities.require(tenantId, user.userId(), user.roles(), "finance.payment.record");
    var receipt = payments.recordOffline(tenantId, body.bookingId().toString(), body.reference(), body.amountMinor(),
        body.currency(), user.userId());
    request.setAttribute(AuditLog.REQUEST_AFTER, Map.of("payment", body, "duplicate", receipt.duplicate()));
    return receipt;
  }
}
