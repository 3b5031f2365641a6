package io.talentos.finance;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Stripe adapter of the payment provider port, on the official stripe-java SDK: {@code refunds().create} for the
 * payment intent ({@code pi_…}) or charge ({@code ch_…}), with the SDK's idempotency key and the tenant's secret key.
 * The SDK's API base is the account's, so tests point it at a local stub.
 */
@Component
class StripePayments implements PaymentProvider {

  @Override
  public String name() {
    return "stripe";
  }

  @Override
  public String defaultApiBaseUrl() {
    return "https://api.stripe.com";
  }

  /** {@inheritDoc} Stripe: the payment's refunds ({@code refunds().list}), matched on {@code metadata.refundKey}. */
  @Override
  public Optional<ProviderRefund> findRefund(ApiAccount account, String paymentId, String refundKey) {
    RefundListParams.Builder params = RefundListParams.builder().setLimit(100L);
    if (paymentId.startsWith("ch_")) {
      params.setCharge(paymentId);
    } else {
      params.setPaymentIntent(paymentId);
    }
    try {
      return client(account).refunds().list(params.build()).getData().stream()
          .filter(r -> r.getMetadata() != null && refundKey.equals(r.getMetadata().get("refundKey")))
          .findFirst().map(r -> new ProviderRefund(r.getId(), r.getStatus()));
    } catch (StripeException e) {
      throw new IllegalStateException("Stripe could not list the refunds of " + paymentId + ": " + e.getMessage(), e);
    }
  }

  private static StripeClient client(ApiAccount account) {
    return StripeClient.builder().setApiKey(account.secret()).setApiBase(account.apiBaseUrl())
        .setConnectTimeout(5_000).setReadTimeout(20_000).setMaxNetworkRetries(0).build(); // the job retries
  }

  @Override
  public ProviderRefund refund(ApiAccount account, RefundOrder order) {
    StripeClient stripe = client(account);
    RefundCreateParams.Builder params = RefundCreateParams.builder().setAmount(order.amountMinor());
    if (order.paymentId().startsWith("ch_")) {
      params.setCharge(order.paymentId());
    } else {
      params.setPaymentIntent(order.paymentId());
    }
    order.notes().forEach(params::putMetadata);
    try {
      Refund refund = stripe.refunds().create(params.build(),
          RequestOptions.builder().setIdempotencyKey(order.idempotencyKey()).build());
      return new ProviderRefund(refund.getId(), refund.getStatus());
    } catch (ApiConnectionException e) {
      throw new IllegalStateException("Stripe could not be reached: " + e.getMessage(), e);
    } catch (StripeException e) {
      Integer status = e.getStatusCode();
      if (status == null || status >= 500 || status == 409 || status == 429) {
        throw new IllegalStateException("Stripe answered " + status + "; the job retries", e);
      }
      throw new RefundRefusedException("Stripe refused the refund of " + order.paymentId() + ": "
          + (e.getStripeError() != null && e.getStripeError().getMessage() != null
              ? e.getStripeError().getMessage() : e.getMessage()));
    }
  }
}
