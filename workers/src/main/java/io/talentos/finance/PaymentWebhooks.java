package io.talentos.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.razorpay.RazorpayException;
import com.razorpay.Utils;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.talentos.engine.MessageCorrelation;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Provider webhooks (issue 4; seed 002 §3.3): each event is verified with the provider SDK's own signature check
 * (Razorpay {@code Utils.verifyWebhookSignature}, Stripe {@code Webhook.constructEvent}) against the tenant's signing
 * secret, stored once per provider event id (taken from the signed body), and published as {@code PaymentCaptured},
 * {@code PaymentFailed}, {@code RefundProcessed}, {@code RefundFailed}, {@code ChargebackOpened} or
 * {@code PayoutFailed}, with a time to live: an event that arrives before its process waits for it is kept by the
 * engine and correlated when the process gets there (events out of order).
 *
 * <p>The correlation key is the booking named in the notes/metadata, except for a refund TalentOS asked for, whose
 * notes/metadata carry the refund's key: its {@code refund.bpmn} instance waits for it. The booking waits for
 * {@code PaymentCaptured} and {@code PaymentFailed} while the deposit is due and for {@code ChargebackOpened} while
 * delivery awaits acceptance (and, as a message boundary event, while a release waits for approval); a chargeback
 * after a release, when the booking no longer waits for it, starts {@code chargeback.bpmn} instead
 * ({@code ChargebackAfterRelease}); {@code PayoutFailed} starts {@code payout-failure.bpmn}; a refund failure after
 * the provider had confirmed the refund starts {@code refund.bpmn} at its hold ({@code RefundFailedAfterProcessed}).
 * Events without a booking reference (e.g. Stripe disputes, whose objects carry no metadata) are recorded, not
 * published. The Stripe fee is read from the payment intent's {@code metadata.feeMinor}; the balance transaction is
 * not fetched. Amounts are minor units, currencies ISO 4217.
 */
@Component
public class PaymentWebhooks {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentWebhooks.class);

  /** What happened to one delivery: the provider's event id and type, the message it became, whether a repeat. */
  public record Receipt(String provider, String eventId, String eventType, String messageName, String bookingId,
      boolean duplicate) {}

  /** Published for every verified delivery, for the audit log (actor {@code payments.webhook}, seed 000 §6.6). */
  public record ProviderEventReceived(String tenantId, Receipt receipt) {}

  /** The signature does not verify, or the payload is not the provider's JSON (HTTP 400). */
  public static class InvalidWebhookException extends RuntimeException {
    public InvalidWebhookException(String message) {
      super(message);
    }
  }

  /** An offline payment that cannot be recorded; the message says why (HTTP 422). */
  public static class InvalidPaymentException extends RuntimeException {
    InvalidPaymentException(String message) {
      super(message);
    }
  }

  /** The tenant has no account with this provider (HTTP 404). */
  public static class UnknownProviderAccountException extends RuntimeException {
    UnknownProviderAccountException(String tenantId, String provider) {
      super("Tenant '" + tenantId + "' has no " + provider + " account; PUT …/payment-providers/" + provider
          + " with its webhook secret first");
    }
  }

  private final JdbcTemplate jdbc;
  private final MessageCorrelation messages;
  private final ObjectMapper json;
  private final Duration keepFor;
  private final ApplicationEventPublisher events;
  private final ProviderApiBases apiBases;

  PaymentWebhooks(JdbcTemplate jdbc, MessageCorrelation messages, ObjectMapper json, ApplicationEventPublisher events,
      ProviderApiBases apiBases, @Value("${talentos.payments.keep-unmatched-events:P7D}") Duration keepFor) {
    this.apiBases = apiBases;
    this.events = events;
    this.jdbc = jdbc;
    this.messages = messages;
    this.json = json;
    this.keepFor = keepFor;
  }

  /**
   * Stores the tenant's webhook signing secret for a provider, without API credentials (refunds then go to finance,
   * to return by hand).
   *
   * @throws IllegalArgumentException for a provider other than razorpay or stripe, or a secret under 8 characters
   */
  public void saveAccount(String tenantId, String provider, String webhookSecret) {
    saveAccount(tenantId, provider, webhookSecret, null, null, null);
  }

  /**
   * Stores the tenant's webhook signing secret for a provider and, optionally, the API credentials TalentOS refunds
   * through: the key id (Razorpay; Stripe needs none), the secret key, and the API base URL (default: the provider's
   * public API). Omitting the secret key removes the credentials.
   *
   * @throws IllegalArgumentException for a provider other than razorpay or stripe, a webhook secret under 8
   *     characters, a Razorpay API secret without a key id, or a base URL the platform does not allow
   *     ({@link ProviderApiBases})
   */
  public void saveAccount(String tenantId, String provider, String webhookSecret, String apiKeyId, String apiSecret,
      String apiBaseUrl) {
    requireProvider(provider);
    if (webhookSecret == null || webhookSecret.length() < 8) {
      throw new IllegalArgumentException("webhookSecret must have at least 8 characters");
    }
    boolean hasApi = apiSecret != null && !apiSecret.isBlank();
    if (hasApi && "razorpay".equals(provider) && (apiKeyId == null || apiKeyId.isBlank())) {
      throw new IllegalArgumentException("A Razorpay API secret needs its apiKeyId");
    }
    String base = hasApi && apiBaseUrl != null ? apiBases.require(apiBaseUrl) : null;
    jdbc.update("""
        insert into payment_provider_account (tenant_id, provider, webhook_secret, api_key_id, api_secret,
          api_base_url) values (?, ?, ?, ?, ?, ?)
        on conflict (tenant_id, provider) do update set webhook_secret = excluded.webhook_secret,
          api_key_id = excluded.api_key_id, api_secret = excluded.api_secret, api_base_url = excluded.api_base_url,
          updated_at = now()""",
        tenantId, provider, webhookSecret, hasApi ? apiKeyId : null, hasApi ? apiSecret : null, base);
  }

  /**
   * Verifies, records and publishes one delivery. A repeated event id is answered as a duplicate and has no effect.
   *
   * @param headers the request headers, names in lower case
   * @throws UnknownProviderAccountException if the tenant has no account with the provider
   * @throws InvalidWebhookException if the signature does not verify or the payload is not JSON
   */
  public Receipt receive(String tenantId, String provider, String payload, Map<String, String> headers) {
    requireProvider(provider);
    String secret = jdbc.queryForList("""
        select webhook_secret from payment_provider_account where tenant_id = ? and provider = ?""", String.class,
        tenantId, provider).stream().findFirst()
        .orElseThrow(() -> new UnknownProviderAccountException(tenantId, provider));
    Event event = "razorpay".equals(provider) ? razorpay(payload, headers, secret) : stripe(payload, headers, secret);
    return record(tenantId, provider, event, payload);
  }

  /**
   * The "offline" provider of the embedded default (issue 4): a payment received by hand (bank transfer, cash,
   * cheque) that finance records through the API. It is stored and published like a provider event, as
   * {@code PaymentCaptured} with payment id {@code offline:<reference>} and no processor fee; the reference counts
   * once, so recording it again has no effect.
   *
   * @param bookingId the booking's id (a UUID)
   * @param amountMinor the amount received, minor units of {@code currency} (ISO 4217)
   * @throws InvalidPaymentException if the reference is malformed, the amount not positive, the booking unknown to
   *     the tenant or in another currency
   * @throws Ledger.IdempotencyConflictException if the reference was recorded for another booking or amount
   */
  public Receipt recordOffline(String tenantId, String bookingId, String reference, long amountMinor,
      String currency, String recordedBy) {
    if (reference == null || !reference.matches("[A-Za-z0-9._/-]{1,64}")) {
      throw new InvalidPaymentException("reference must be 1–64 letters, digits or ._/-");
    }
    if (amountMinor <= 0) {
      throw new InvalidPaymentException("amountMinor must be positive");
    }
    String bookingCurrency = jdbc.queryForList("select currency from booking where tenant_id = ? and booking_id = ?",
        String.class, tenantId, java.util.UUID.fromString(bookingId)).stream().findFirst()
        .orElseThrow(() -> new InvalidPaymentException("Tenant " + tenantId + " has no booking " + bookingId));
    if (!bookingCurrency.equals(currency)) {
      throw new InvalidPaymentException("Booking " + bookingId + " is in " + bookingCurrency + ", not " + currency);
    }
    var earlier = jdbc.queryForList("""
        select booking_id, (variables ->> 'paymentAmountMinor')::bigint as amount from provider_event
        where tenant_id = ? and provider = 'offline' and event_id = ?""", tenantId, reference);
    if (!earlier.isEmpty() && (!bookingId.equals(earlier.getFirst().get("booking_id"))
        || ((Number) earlier.getFirst().get("amount")).longValue() != amountMinor)) {
      throw new Ledger.IdempotencyConflictException("offline:" + reference); // one reference, one payment (409)
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("paymentId", "offline:" + reference);
    variables.put("paymentAmountMinor", amountMinor);
    variables.put("paymentCurrency", currency);
    variables.put("paymentFeeMinor", 0);
    String payload = toJson(Map.of("reference", reference, "bookingId", bookingId, "amountMinor", amountMinor,
        "currency", currency, "recordedBy", recordedBy));
    return record(tenantId, "offline", new Event(reference, "payment.recorded", "PaymentCaptured", bookingId,
        variables), payload);
  }

  private Receipt record(String tenantId, String provider, Event event, String payload) {
    boolean seen = Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from provider_event where tenant_id = ? and provider = ? and event_id = ?)",
        Boolean.class, tenantId, provider, event.id()));
    if (seen) {
      Receipt repeat = new Receipt(provider, event.id(), event.type(), event.message(), event.bookingId(), true);
      events.publishEvent(new ProviderEventReceived(tenantId, repeat));
      return repeat;
    }
    // publish before recording: if publishing fails the provider retries and the retry is not taken for a repeat;
    // the message id makes a second publish of a buffered message a no-op in the engine
    if ("ChargebackOpened".equals(event.message()) && event.bookingId() != null
        && releasedAndNoLongerWaiting(tenantId, event.bookingId(),
            String.valueOf(event.variables().get("disputeReference")))) {
      event = event.after(ChargebackWorkers.AFTER_RELEASE, String.valueOf(event.variables().get("disputeReference")));
      event.variables().put("currency", jdbc.queryForObject("""
          select currency from booking where tenant_id = ? and booking_id = ?::uuid""", String.class, tenantId,
          event.bookingId()));
    }
    if ("RefundFailed".equals(event.message()) && !event.correlationKey().equals(event.bookingId())) {
      // the refund's instance ended (the provider had confirmed it): the first failure event claims the refund and
      // starts its compensation; a second one (Stripe sends refund.updated and refund.failed) finds it claimed
      String refundKey = event.correlationKey();
      boolean claimed = jdbc.update("""
          update provider_refund set status = 'FAILED', failure_reason = ?, updated_at = now()
          where tenant_id = ? and refund_key = ? and status = 'PROCESSED'""",
          event.variables().get("refundFailureReason"), tenantId, refundKey) == 1;
      if (claimed) {
        event = event.after(Refunds.FAILED_AFTER_PROCESSED, refundKey).withId("failed-after:" + refundKey);
        event.variables().put("refundKey", refundKey);
      } else if ("FAILED".equals(jdbc.queryForList("select status from provider_refund where tenant_id = ? and "
          + "refund_key = ?", String.class, tenantId, refundKey).stream().findFirst().orElse(null))) {
        event = event.after(null, refundKey); // already failed: recorded, not published again
      }
    }
    if (event.message() != null && event.bookingId() != null) {
      if (Set.of("PayoutFailed", ChargebackWorkers.AFTER_RELEASE, Refunds.FAILED_AFTER_PROCESSED)
          .contains(event.message())) {
        // starts payout-failure or chargeback: the new instance needs its identity
        event.variables().put("tenantId", tenantId);
        event.variables().put("businessKey", event.bookingId());
        event.variables().put("bookingId", event.bookingId());
      }
      messages.publish(tenantId, event.message(), event.correlationKey(),
          event.messageId() != null ? event.messageId() : provider + ":" + event.id(), keepFor, event.variables());
      LOG.info("Tenant {}: {} event {} ({}) published as {} to {}", tenantId, provider, event.id(),
          event.type(), event.message(), event.correlationKey());
    } else {
      LOG.info("Tenant {}: {} event {} ({}) recorded; no booking to tell", tenantId, provider, event.id(),
          event.type());
    }
    int fresh = jdbc.update("""
        insert into provider_event (tenant_id, provider, event_id, event_type, message_name, booking_id, payload,
          variables) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) on conflict do nothing""",
        tenantId, provider, event.id(), event.type(), event.message(), event.bookingId(), payload,
        toJson(event.variables()));
    Receipt receipt = new Receipt(provider, event.id(), event.type(), event.message(), event.bookingId(), fresh == 0);
    events.publishEvent(new ProviderEventReceived(tenantId, receipt));
    return receipt;
  }

  /**
   * Whether a chargeback on this booking comes after money left its escrow: some milestone was released, the
   * booking no longer waits for {@code ChargebackOpened} (it is paying out or has ended), and its own dispute does not
   * already hold this chargeback (a redelivery after the first copy reached the booking). Such a chargeback cannot
   * lock the escrow; it starts {@code chargeback.bpmn} instead. Before any release it goes to the booking, which
   * keeps it until it waits for it.
   */
  private boolean releasedAndNoLongerWaiting(String tenantId, String bookingId, String reference) {
    return Boolean.TRUE.equals(jdbc.queryForObject("""
        select exists (select 1 from journal_entry where tenant_id = ? and business_key = ? and kind = 'ESCROW_RELEASED')""",
        Boolean.class, tenantId, bookingId)) && !messages.isWaiting(tenantId, "ChargebackOpened", bookingId)
        && !Boolean.TRUE.equals(jdbc.queryForObject("""
            select exists (select 1 from process_instance where tenant_id = ? and business_key = ?
              and bpmn_process_id = 'booking' and variables ->> 'disputeReference' = ?)""", Boolean.class, tenantId,
            bookingId, reference)); // a repeat of a chargeback the booking's own dispute already holds
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A verified provider event, reduced to what TalentOS tells the process: the booking it names and the correlation
   * key of the message (the booking's id, or for a refund TalentOS asked for, the refund's key).
   */
  private record Event(String id, String type, String message, String bookingId, String correlationKey,
      Map<String, Object> variables, String messageId) {

    Event(String id, String type, String message, String bookingId, Map<String, Object> variables) {
      this(id, type, message, bookingId, bookingId, variables, null);
    }

    Event(String id, String type, String message, String bookingId, String correlationKey,
        Map<String, Object> variables) {
      this(id, type, message, bookingId, correlationKey, variables, null);
    }

    /** The same event as another message (null: none) with another correlation key. */
    Event after(String otherMessage, String otherCorrelationKey) {
      return new Event(id, type, otherMessage, bookingId, otherCorrelationKey, variables, messageId);
    }

    /** The same event published under a message id of TalentOS's choosing, so two provider events count once. */
    Event withId(String otherMessageId) {
      return new Event(id, type, message, bookingId, correlationKey, variables, otherMessageId);
    }
  }

  private Event razorpay(String payload, Map<String, String> headers, String secret) {
    String signature = headers.get("x-razorpay-signature");
    try {
      if (signature == null || !Utils.verifyWebhookSignature(payload, signature, secret)) {
        throw new InvalidWebhookException("The X-Razorpay-Signature does not verify with the tenant's secret");
      }
    } catch (RazorpayException e) {
      throw new InvalidWebhookException("The X-Razorpay-Signature does not verify: " + e.getMessage());
    }
    JsonNode root = parse(payload);
    String type = root.path("event").asText("");
    JsonNode payment = root.path("payload").path("payment").path("entity");
    JsonNode refund = root.path("payload").path("refund").path("entity");
    JsonNode dispute = root.path("payload").path("dispute").path("entity");
    JsonNode payoutEntity = root.path("payload").path("payout").path("entity");
    // the id comes from the signed body (the X-Razorpay-Event-Id header is not signed, so it cannot be trusted to
    // tell a replay from a new event): event type, entity id and creation time, or the body's hash
    String entity = text(refund.path("id"), dispute.path("id"), payoutEntity.path("id"), payment.path("id"));
    String id = entity == null ? DigestUtils.sha256Hex(payload) : type + ":" + entity + ":" + root.path("created_at").asText("");
    String booking = text(payment.path("notes").path("bookingId"), refund.path("notes").path("bookingId"),
        payoutEntity.path("notes").path("bookingId"));
    String refundKey = text(refund.path("notes").path("refundKey")); // set when TalentOS asked for the refund
    Map<String, Object> variables = new HashMap<>();
    String message = switch (type) {
      case "payment.captured" -> {
        variables.put("paymentId", payment.path("id").asText());
        variables.put("paymentAmountMinor", payment.path("amount").asLong());
        variables.put("paymentCurrency", payment.path("currency").asText().toUpperCase(Locale.ROOT));
        variables.put("paymentFeeMinor", payment.path("fee").asLong(0));
        yield "PaymentCaptured";
      }
      case "payment.failed" -> {
        variables.put("paymentId", payment.path("id").asText());
        variables.put("paymentFailureReason", payment.path("error_description").asText(""));
        yield "PaymentFailed";
      }
      case "refund.processed" -> {
        variables.put("refundId", refund.path("id").asText());
        variables.put("refundProcessedMinor", refund.path("amount").asLong());
        yield "RefundProcessed";
      }
      case "refund.failed" -> {
        variables.put("refundId", refund.path("id").asText());
        variables.put("refundFailureReason", "Razorpay reported refund " + refund.path("id").asText() + " failed");
        yield "RefundFailed";
      }
      case "payout.failed" -> { // RazorpayX: the payout to the talent's bank failed; compensation process
        variables.put("providerPayoutId", payoutEntity.path("id").asText());
        variables.put("payoutFailureReason", payoutEntity.path("failure_reason").asText(""));
        yield "PayoutFailed";
      }
      case "payment.dispute.created" -> {
        variables.put("disputeReference", dispute.path("id").asText());
        variables.put("disputedAmountMinor", dispute.path("amount").asLong());
        variables.put("disputeSource", "CHARGEBACK");
        yield "ChargebackOpened";
      }
      default -> null;
    };
    return new Event(id, type, message, booking, refundKey != null ? refundKey : booking, variables);
  }

  private Event stripe(String payload, Map<String, String> headers, String secret) {
    String signature = headers.get("stripe-signature");
    try {
      Webhook.constructEvent(payload, signature == null ? "" : signature, secret);
    } catch (SignatureVerificationException e) {
      throw new InvalidWebhookException("The Stripe-Signature does not verify: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new InvalidWebhookException("Not a Stripe event: " + e.getMessage());
    }
    JsonNode root = parse(payload);
    String type = root.path("type").asText("");
    JsonNode object = root.path("data").path("object");
    String booking = text(object.path("metadata").path("bookingId"));
    Map<String, Object> variables = new HashMap<>();
    String message = switch (type) {
      case "payment_intent.succeeded" -> {
        variables.put("paymentId", object.path("id").asText());
        variables.put("paymentAmountMinor", object.path("amount_received").asLong());
        variables.put("paymentCurrency", object.path("currency").asText().toUpperCase(Locale.ROOT));
        variables.put("paymentFeeMinor", object.path("metadata").path("feeMinor").asLong(0));
        yield "PaymentCaptured";
      }
      case "payment_intent.payment_failed" -> {
        variables.put("paymentId", object.path("id").asText());
        variables.put("paymentFailureReason", object.path("last_payment_error").path("message").asText(""));
        yield "PaymentFailed";
      }
      case "charge.refunded" -> { // a charge's refunds so far: the running total, not this refund alone
        variables.put("refundedChargeId", object.path("id").asText());
        variables.put("refundedTotalMinor", object.path("amount_refunded").asLong());
        yield "RefundProcessed";
      }
      case "refund.created", "refund.updated", "refund.failed" -> { // a refund object: its own id and metadata
        variables.put("refundId", object.path("id").asText());
        String status = object.path("status").asText("");
        if ("succeeded".equals(status)) {
          variables.put("refundProcessedMinor", object.path("amount").asLong());
          yield "RefundProcessed";
        }
        if ("failed".equals(status) || "canceled".equals(status) || "refund.failed".equals(type)) {
          variables.put("refundFailureReason", "Stripe reported refund " + object.path("id").asText() + " "
              + status + (object.path("failure_reason").isTextual() ? ": " + object.path("failure_reason").asText()
              : ""));
          yield "RefundFailed";
        }
        yield null; // pending: the provider tells again when it settles
      }
      case "charge.dispute.created" -> {
        variables.put("disputeReference", object.path("id").asText());
        variables.put("disputedAmountMinor", object.path("amount").asLong());
        variables.put("disputeSource", "CHARGEBACK");
        yield "ChargebackOpened";
      }
      default -> null;
    };
    String refundKey = type.startsWith("refund.") ? text(object.path("metadata").path("refundKey")) : null;
    return new Event(root.path("id").asText(), type, message, booking, refundKey != null ? refundKey : booking,
        variables);
  }

  private JsonNode parse(String payload) {
    try {
      return json.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidWebhookException("The payload is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode... candidates) {
    for (JsonNode node : candidates) {
      if (node.isTextual() && !node.asText().isBlank()) {
        return node.asText();
      }
    }
    return null;
  }

  private static void requireProvider(String provider) {
    if (!"razorpay".equals(provider) && !"stripe".equals(provider)) {
      throw new IllegalArgumentException("provider must be razorpay or stripe, got '" + provider + "'");
    }
  }
}
