package io.talentos.finance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The Razorpay adapter of the payment provider port: {@code POST /v1/payments/{id}/refund} with basic auth (key id
 * and secret) and the {@code X-Refund-Idempotency} header (Razorpay Refunds API, "Create a Normal Refund (Idempotent
 * Request)"). The official razorpay-java SDK verifies the webhooks, but its client always calls api.razorpay.com, so
 * it cannot be pointed at a local stub of the API; this adapter is a plain JDK HTTP call with Jackson instead.
 */
@Component
class RazorpayPayments implements PaymentProvider {

  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RazorpayPayments(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String name() {
    return "razorpay";
  }

  @Override
  public String defaultApiBaseUrl() {
    return "https://api.razorpay.com";
  }

  /**
   * {@inheritDoc} Razorpay wants an idempotency key of letters, digits, hyphens and underscores, at least 10 long:
   * the key sent is a name-based UUID of the order's key, the same for every retry.
   */
  @Override
  public ProviderRefund refund(ApiAccount account, RefundOrder order) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amount", order.amountMinor());
    body.put("speed", "normal");
    body.put("notes", order.notes());
    try {
      HttpRequest call = HttpRequest.newBuilder(URI.create(account.apiBaseUrl() + "/v1/payments/"
              + order.paymentId() + "/refund"))
          .timeout(Duration.ofSeconds(20))
          .header("Authorization", basic(account))
          .header("Content-Type", "application/json")
          .header("X-Refund-Idempotency", idempotencyHeader(order.idempotencyKey()))
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
      HttpResponse<String> response = http.send(call, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 500 || response.statusCode() == 409 || response.statusCode() == 429) {
        // 409: the first request is still running; 429: rate limited
        throw new IllegalStateException("Razorpay answered " + response.statusCode() + "; the job retries");
      }
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() >= 400) {
        throw new RefundRefusedException("Razorpay refused the refund of payment " + order.paymentId() + ": "
            + answer.path("error").path("description").asText(response.body()));
      }
      return new ProviderRefund(answer.path("id").asText(), answer.path("status").asText());
    } catch (IOException e) {
      throw new IllegalStateException("Razorpay could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling Razorpay", e);
    }
  }

  /** {@inheritDoc} Razorpay: {@code GET /v1/payments/{id}/refunds}, matched on {@code notes.refundKey}. */
  @Override
  public Optional<ProviderRefund> findRefund(ApiAccount account, String paymentId, String refundKey) {
    try {
      HttpRequest call = HttpRequest.newBuilder(URI.create(account.apiBaseUrl() + "/v1/payments/" + paymentId
              + "/refunds?count=100"))
          .timeout(Duration.ofSeconds(20)).header("Authorization", basic(account)).GET().build();
      HttpResponse<String> response = http.send(call, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new IllegalStateException("Razorpay answered " + response.statusCode() + " listing the refunds of "
            + paymentId + "; the job retries");
      }
      for (JsonNode refund : json.readTree(response.body()).path("items")) {
        if (refundKey.equals(refund.path("notes").path("refundKey").asText(null))) {
          return Optional.of(new ProviderRefund(refund.path("id").asText(), refund.path("status").asText()));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("Razorpay could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling Razorpay", e);
    }
  }

  private static String basic(ApiAccount account) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (account.keyId() + ":" + account.secret()).getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code X-Refund-Idempotency} value for a TalentOS key: a name-based (type 3) UUID of it. */
  static String idempotencyHeader(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
