package io.talentos.audit;

import io.talentos.finance.PaymentWebhooks;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every verified payment provider delivery in the tenant's audit log, as the service identity
 * {@code payments.webhook} (seed 000 §6.6): the provider's event id, its type, the message it became, and whether
 * it was a repeat.
 */
@Component
class PaymentAuditor {

  private final AuditLog audit;

  PaymentAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void on(PaymentWebhooks.ProviderEventReceived received) {
    var receipt = received.receipt();
    audit.append(new AuditLog.Entry(received.tenantId(), "payments.webhook:" + receipt.provider(),
        "finance.payment.webhook", "provider-event", receipt.eventId(),
        receipt.duplicate() ? "DUPLICATE" : "RECEIVED", null, receipt, null));
  }
}
