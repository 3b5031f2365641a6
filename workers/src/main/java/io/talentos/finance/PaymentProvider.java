package io.talentos.finance;

import java.util.Map;

/**
 * The payment provider port (issue 4): what TalentOS asks of the provider a client paid through. Today that is a
 * refund of a captured payment; captures arrive as signed webhooks ({@link PaymentWebhooks}). Adapters:
 * {@link RazorpayPayments} and {@link StripePayments}. Amounts are minor units of an ISO 4217 currency.
 */
public interface PaymentProvider {

  /** The provider's name as the webhook path and the provider account use it: {@code razorpay} or {@code stripe}. */
  String name();

  /** The base URL of the provider's public API, used when the tenant's account does not name another. */
  String defaultApiBaseUrl();

  /**
   * Refunds part or all of a captured payment, once per idempotency key (the provider's own idempotency, so a
   * retried job never refunds twice).
   *
   * @throws RefundRefusedException if the provider answers that it will not make this refund (4xx)
   * @throws IllegalStateException if the provider cannot be reached or answers 5xx (the job retries)
   */
  ProviderRefund refund(ApiAccount account, RefundOrder order);

  /**
   * The refund of this payment that carries {@code refundKey} in its notes (Razorpay) or metadata (Stripe), if the
   * provider made one: asked before a retry submits again, since provider idempotency keys expire (Stripe: 24 h).
   *
   * @throws IllegalStateException if the provider cannot be reached or answers 5xx (the job retries)
   */
  java.util.Optional<ProviderRefund> findRefund(ApiAccount account, String paymentId, String refundKey);

  /** The tenant's API credentials with the provider; {@code apiBaseUrl} without a trailing slash. */
  record ApiAccount(String apiBaseUrl, String keyId, String secret) {}

  /**
   * One refund to make: the provider's payment id, the amount (minor units of {@code currency}), the idempotency key
   * and the notes (Razorpay) or metadata (Stripe) the provider echoes in its webhooks.
   */
  record RefundOrder(String paymentId, long amountMinor, String currency, String idempotencyKey,
      Map<String, String> notes) {}

  /** The provider's answer: its refund id and status ({@code processed}, {@code pending}, {@code succeeded} …). */
  record ProviderRefund(String providerRefundId, String status) {}

  /** The provider will not make the refund (already refunded, amount above the payment, bad key); says why. */
  class RefundRefusedException extends RuntimeException {
    public RefundRefusedException(String message) {
      super(message);
    }
  }
}
