package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.LIABILITY;
import static io.talentos.finance.BookingAccounts.CASH;

import io.talentos.engine.MessageCorrelation;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Provider refunds (issue 4; seed 000 §8.1, §10.4): every journal entry that gives a client money back (a cancelled
 * booking, a dispute decided for the client, an overpayment returned with the last release) becomes one refund, keyed
 * by that entry's idempotency key, and starts {@code processes/finance/refund.bpmn} (message {@value #REQUESTED}).
 * The process asks the provider the client paid through to refund the payment ({@link PaymentProvider}), waits for
 * the provider's {@code RefundProcessed} or {@code RefundFailed} webhook, and sends anything the provider would not or
 * could not refund to finance, to return by hand.
 *
 * <p>The ledger posts the refund when it is decided (cash leaves with the refund instruction, as the providers deduct
 * it from the balance then). A refund the provider refuses or fails puts the amount back: cash against
 * {@code refund-on-hold:<booking>}, owed to the client, until finance records the return by hand. Amounts are minor
 * units of an ISO 4217 currency.
 */
@Component
public class Refunds {

  /** The message that starts the refund process. */
  public static final String REQUESTED = "RefundRequested";

  /**
   * The message that starts the refund process at its hold: the provider reported a refund failed after it had
   * confirmed it (Stripe: {@code succeeded} then {@code failed}), when no instance waits for it any more.
   */
  public static final String FAILED_AFTER_PROCESSED = "RefundFailedAfterProcessed";

  private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

  /** How a refund goes on after submission: PROVIDER (wait for its webhook), REFUSED, MANUAL or DUPLICATE. */
  public enum Route { PROVIDER, REFUSED, MANUAL, DUPLICATE }

  /** One refund as finance sees it ({@code GET /refunds}). */
  public record RefundView(String refundKey, String bookingId, long amountMinor, String currency, String reason,
      String status, String provider, String paymentId, String providerRefundId, String failureReason,
      String returnedReference, String returnedBy) {}

  /** What submission did: the route, the provider and its refund id (if any), and why not (if not). */
  public record Submission(Route route, String provider, String providerRefundId, String failureReason) {}

  /** No refund with this key for the tenant (HTTP 404). */
  public static class UnknownRefundException extends RuntimeException {
    UnknownRefundException(String tenantId, String refundKey) {
      super("Tenant '" + tenantId + "' has no refund '" + refundKey + "'");
    }
  }

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Ledger ledger;
  private final MessageCorrelation messages;
  private final Map<String, PaymentProvider> providers;
  private final Duration chaseAfter;

  Refunds(JdbcTemplate jdbc, TransactionTemplate tx, Ledger ledger, MessageCorrelation messages,
      List<PaymentProvider> providers, @Value("${talentos.finance.refund-chase-after:P7D}") Duration chaseAfter) {
    this.chaseAfter = chaseAfter;
    this.jdbc = jdbc;
    this.tx = tx;
    this.ledger = ledger;
    this.messages = messages;
    this.providers = providers.stream().collect(Collectors.toMap(PaymentProvider::name, Function.identity()));
  }

  /**
   * Turns the cash the entry {@code entryKey} gave back into a refund and starts its process, once: the amount is the
   * entry's credit to cash, read from the ledger, so a worker that retries after posting asks again for the same
   * refund and nothing more. Call it after every posting that may refund, including a repeat of it.
   *
   * @return the refund, or empty when the entry is not posted or refunds nothing
   */
  public Optional<RefundView> request(String tenantId, String bookingId, String entryKey, String reason) {
    Optional<Ledger.PostedEntry> entry = ledger.entry(tenantId, entryKey);
    long amount = entry.map(e -> e.amountOn(CASH, Posting.Side.CREDIT)).orElse(0L);
    if (amount == 0) {
      return Optional.empty();
    }
    String currency = entry.get().postings().getFirst().currency();
    jdbc.update("""
        insert into provider_refund (tenant_id, refund_key, booking_id, amount_minor, currency, reason, status)
        values (?, ?, ?, ?, ?, ?, 'REQUESTED') on conflict do nothing""",
        tenantId, entryKey, UUID.fromString(bookingId), amount, currency, reason);
    RefundView refund = find(tenantId, entryKey);
    if ("REQUESTED".equals(refund.status())) { // not picked up yet: (re)start it; the message id keeps it to one
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("tenantId", tenantId);
      variables.put("businessKey", bookingId);
      variables.put("bookingId", bookingId);
      variables.put("refundKey", entryKey);
      variables.put("refundAmountMinor", amount);
      variables.put("currency", currency);
      variables.put("refundReason", reason);
      variables.put("refundChaseAfter", chaseAfter.toString()); // the provider's answer is chased after this
      messages.publish(tenantId, REQUESTED, entryKey, "refund:" + entryKey, Duration.ofHours(1), variables);
      LOG.info("Tenant {}: refund {} of {} {} for booking {} requested ({})", tenantId, entryKey, amount, currency,
          bookingId, reason);
    }
    return Optional.of(refund);
  }

  /**
   * Submits the refund to the provider the client paid through, claimed by one process instance: another instance
   * for the same refund (a repeated start) gets DUPLICATE; a retry of the same instance's job gets the recorded
   * answer, or, if the provider's answer was never recorded, first looks for the refund at the provider (by the
   * refund key in its notes/metadata) and only then submits again with the same idempotency key. The payment refunded is the booking's captured
   * payment with the most left to refund; a payment recorded by hand, a provider without API credentials, or a refund
   * larger than any one payment is MANUAL; a provider's refusal is REFUSED.
   *
   * @throws UnknownRefundException if there is no such refund
   * @throws IllegalStateException if the provider cannot be reached (the job retries)
   */
  public Submission submit(String tenantId, String refundKey, long processInstanceKey) {
    boolean retry = jdbc.update("""
        update provider_refund set status = 'SUBMITTING', process_instance_key = ?, updated_at = now()
        where tenant_id = ? and refund_key = ? and status = 'REQUESTED'""", processInstanceKey, tenantId, refundKey) == 0;
    RefundView refund = find(tenantId, refundKey);
    Long owner = jdbc.queryForObject("select process_instance_key from provider_refund where tenant_id = ? and "
        + "refund_key = ?", Long.class, tenantId, refundKey);
    if (owner == null || owner != processInstanceKey) {
      return new Submission(Route.DUPLICATE, refund.provider(), refund.providerRefundId(), null);
    }
    switch (refund.status()) { // a retry of this instance's job whose completion was lost: answer as before
      case "SUBMITTED", "PROCESSED", "FAILED" -> {
        return new Submission(Route.PROVIDER, refund.provider(), refund.providerRefundId(), null);
      }
      case "REFUSED" -> {
        return new Submission(Route.REFUSED, refund.provider(), null, refund.failureReason());
      }
      case "MANUAL", "RETURNED_BY_HAND" -> {
        return new Submission(Route.MANUAL, refund.provider(), null, refund.failureReason());
      }
      default -> { } // SUBMITTING: ask the provider (again, with the same idempotency key)
    }
    Optional<Payment> payment = paymentToRefund(tenantId, refund);
    if (payment.isEmpty()) {
      return settle(tenantId, refundKey, Route.MANUAL, null, null, null, "no single captured payment of the booking "
          + "covers " + refund.amountMinor() + " " + refund.currency());
    }
    Payment paid = payment.get();
    PaymentProvider provider = paid.provider() == null ? null : providers.get(paid.provider());
    if (provider == null) {
      return settle(tenantId, refundKey, Route.MANUAL, null, paid.paymentId(), null, "payment " + paid.paymentId()
          + " was not made through a payment provider");
    }
    Optional<PaymentProvider.ApiAccount> account = apiAccount(tenantId, provider);
    if (account.isEmpty()) {
      return settle(tenantId, refundKey, Route.MANUAL, provider.name(), paid.paymentId(), null, "no " + provider.name()
          + " API key is set for the tenant; PUT …/payment-providers/" + provider.name() + " with apiKeyId and "
          + "apiSecret to refund through it");
    }
    Map<String, String> notes = Map.of("bookingId", refund.bookingId(), "refundKey", refundKey);
    try {
      // a retry whose first answer was lost: the provider may have made the refund (its idempotency keys expire)
      Optional<PaymentProvider.ProviderRefund> made = retry
          ? provider.findRefund(account.get(), paid.paymentId(), refundKey) : Optional.empty();
      PaymentProvider.ProviderRefund answer = made.isPresent() ? made.get() : provider.refund(account.get(),
          new PaymentProvider.RefundOrder(paid.paymentId(), refund.amountMinor(), refund.currency(),
              "refund:" + tenantId + ":" + refundKey, notes));
      return settle(tenantId, refundKey, Route.PROVIDER, provider.name(), paid.paymentId(), answer.providerRefundId(),
          null);
    } catch (PaymentProvider.RefundRefusedException e) {
      return settle(tenantId, refundKey, Route.REFUSED, provider.name(), paid.paymentId(), null, e.getMessage());
    }
  }

  /** Records the provider's confirmation ({@code RefundProcessed}): PROCESSED, with its refund id if it sent one. */
  public RefundView confirm(String tenantId, String refundKey, String providerRefundId) {
    jdbc.update("""
        update provider_refund set status = 'PROCESSED', provider_refund_id = coalesce(?, provider_refund_id),
          updated_at = now() where tenant_id = ? and refund_key = ? and status = 'SUBMITTED'""",
        providerRefundId, tenantId, refundKey);
    return find(tenantId, refundKey);
  }

  /**
   * Puts a refund that did not reach the client back on the books, once (key {@code refund-hold:<refundKey>}): the
   * provider refused or failed it, or could not be asked (MANUAL). Cash against the client's {@code refund-on-hold},
   * until finance records the return by hand.
   *
   * @return the hold entry
   */
  public Ledger.PostResult hold(String tenantId, String refundKey, String failureReason) {
    RefundView refund = find(tenantId, refundKey);
    return tx.execute(status -> {
      jdbc.update("""
          update provider_refund set status = case when status in ('REFUSED', 'MANUAL') then status else 'FAILED' end,
            failure_reason = coalesce(?, failure_reason), updated_at = now()
          where tenant_id = ? and refund_key = ?
            and status in ('SUBMITTED', 'PROCESSED', 'REFUSED', 'FAILED', 'MANUAL')""",
          failureReason, tenantId, refundKey);
      return ledger.post(JournalEntry.builder(tenantId, "refund-hold:" + refundKey, "REFUND_HELD", refund.bookingId(),
              "Refund " + refundKey + " did not reach the client (" + find(tenantId, refundKey).failureReason()
                  + "): held for a return by hand")
          .debit(CASH, ASSET, refund.amountMinor(), refund.currency())
          .credit(BookingAccounts.refundOnHold(refund.bookingId()), LIABILITY, refund.amountMinor(), refund.currency())
          .build());
    });
  }

  /**
   * Records that finance returned the refund by hand, with its reference, once: the held refund leaves the hold
   * (key {@code refund-return:<refundKey>}).
   *
   * @throws IllegalArgumentException if the reference is blank
   */
  public RefundView returnedByHand(String tenantId, String refundKey, String reference, String returnedBy) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("A refund returned by hand needs the payment's reference");
    }
    RefundView refund = find(tenantId, refundKey);
    tx.executeWithoutResult(status -> {
      if (ledger.isPosted(tenantId, "refund-hold:" + refundKey)) {
        ledger.post(JournalEntry.builder(tenantId, "refund-return:" + refundKey, "REFUND_RETURNED",
                refund.bookingId(), "Refund " + refundKey + " returned by hand (" + reference + ") by " + returnedBy)
            .debit(BookingAccounts.refundOnHold(refund.bookingId()), LIABILITY, refund.amountMinor(), refund.currency())
            .credit(CASH, ASSET, refund.amountMinor(), refund.currency())
            .build());
      }
      jdbc.update("""
          update provider_refund set status = 'RETURNED_BY_HAND', returned_reference = ?, returned_by = ?,
            updated_at = now() where tenant_id = ? and refund_key = ? and status <> 'RETURNED_BY_HAND'""",
          reference, returnedBy, tenantId, refundKey);
    });
    return find(tenantId, refundKey);
  }

  /**
   * The tenant's refunds, newest first, optionally of one booking.
   *
   * @param bookingId a booking id, or null for all
   */
  public List<RefundView> list(String tenantId, String bookingId) {
    return jdbc.query(SELECT + " where tenant_id = ? and (?::uuid is null or booking_id = ?::uuid) "
        + "order by requested_at desc, refund_key limit 500", this::view, tenantId, bookingId, bookingId);
  }

  /**
   * One refund.
   *
   * @throws UnknownRefundException if the tenant has no refund with this key
   */
  public RefundView find(String tenantId, String refundKey) {
    return jdbc.query(SELECT + " where tenant_id = ? and refund_key = ?", this::view, tenantId, refundKey).stream()
        .findFirst().orElseThrow(() -> new UnknownRefundException(tenantId, refundKey));
  }

  private static final String SELECT = """
      select refund_key, booking_id, amount_minor, currency, reason, status, provider, payment_id, provider_refund_id,
        failure_reason, returned_reference, returned_by from provider_refund""";

  private RefundView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new RefundView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12));
  }

  private Submission settle(String tenantId, String refundKey, Route route, String provider, String paymentId,
      String providerRefundId, String failureReason) {
    String status = switch (route) {
      case PROVIDER -> "SUBMITTED";
      case REFUSED -> "REFUSED";
      default -> "MANUAL";
    };
    jdbc.update("""
        update provider_refund set status = ?, provider = ?, payment_id = ?, provider_refund_id = ?,
          failure_reason = ?, updated_at = now() where tenant_id = ? and refund_key = ? and status = 'SUBMITTING'""",
        status, provider, paymentId, providerRefundId, failureReason, tenantId, refundKey);
    LOG.info("Tenant {}: refund {} {}{}", tenantId, refundKey, route, failureReason == null ? " (" + provider + " "
        + providerRefundId + ")" : ": " + failureReason);
    return new Submission(route, provider, providerRefundId, failureReason);
  }

  /** A captured payment of the booking: the provider's id, the provider (null when recorded by hand), what is left. */
  private record Payment(String paymentId, String provider, long refundableMinor) {}

  private Optional<Payment> paymentToRefund(String tenantId, RefundView refund) {
    String clientEscrow = BookingAccounts.clientEscrow(refund.bookingId());
    return ledger.entries(tenantId, refund.bookingId()).stream()
        .filter(e -> e.idempotencyKey().startsWith("payment:"))
        .map(e -> {
          String paymentId = e.idempotencyKey().substring("payment:".length());
          Long refunded = jdbc.queryForObject("""
              select coalesce(sum(amount_minor), 0) from provider_refund where tenant_id = ? and payment_id = ?
                and refund_key <> ? and status in ('SUBMITTING', 'SUBMITTED', 'PROCESSED')""",
              Long.class, tenantId, paymentId, refund.refundKey());
          String provider = jdbc.queryForList("""
              select provider from provider_event where tenant_id = ? and message_name = 'PaymentCaptured'
                and variables ->> 'paymentId' = ? and provider <> 'offline'""", String.class, tenantId, paymentId)
              .stream().findFirst().orElse(null);
          return new Payment(paymentId, provider, e.amountOn(clientEscrow, Posting.Side.CREDIT) - refunded);
        })
        .filter(p -> p.refundableMinor() >= refund.amountMinor())
        .max(Comparator.comparingLong(Payment::refundableMinor));
  }

  private Optional<PaymentProvider.ApiAccount> apiAccount(String tenantId, PaymentProvider provider) {
    return jdbc.query("""
        select coalesce(api_base_url, ?), api_key_id, api_secret from payment_provider_account
        where tenant_id = ? and provider = ? and api_secret is not null""",
        (rs, i) -> new PaymentProvider.ApiAccount(rs.getString(1), rs.getString(2), rs.getString(3)),
        provider.defaultApiBaseUrl(), tenantId, provider.name()).stream().findFirst();
  }
}
