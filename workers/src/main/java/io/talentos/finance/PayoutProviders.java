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
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The payout provider port (issue 4): a tenant with a RazorpayX account ({@code PUT /payout-provider}) pays its
 * talents through the RazorpayX Payouts API ({@code POST /v1/payouts}, basic auth with the key id and secret, the
 * {@code X-Payout-Idempotency} header so a retried job never pays twice); every other tenant uses the offline provider
 * (finance pays by hand; the payout id is the ledger entry's). The official razorpay-java SDK has no Payouts API, so
 * the adapter is a plain JDK HTTP call with Jackson. Amounts are minor units of an ISO 4217 currency.
 */
@Component
public class PayoutProviders {

  /** One payout to one payee: who, how much (minor units), and the idempotency key of the booking's payout. */
  public record PayoutRequest(String tenantId, String bookingId, String talentId, long amountMinor, String currency,
      String idempotencyKey) {}

  /** The provider's answer: its name, its payout id and status; null id for the offline provider. */
  public record ProviderPayout(String provider, String providerPayoutId, String status) {}

  /** A tenant's RazorpayX API account; the secret is never returned by the API. */
  public record Account(String apiBaseUrl, String keyId, String keySecret, String accountNumber) {}

  /** The payout cannot be made as asked (no fund account, the provider refused it); the message says why. */
  public static class PayoutRefusedException extends RuntimeException {
    PayoutRefusedException(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ProviderApiBases apiBases;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PayoutProviders(JdbcTemplate jdbc, ObjectMapper json, ProviderApiBases apiBases) {
    this.apiBases = apiBases;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Stores the tenant's RazorpayX account.
   *
   * @throws IllegalArgumentException for a base URL the platform does not allow ({@link ProviderApiBases}) or a
   *     blank key, secret or account number
   */
  public void saveAccount(String tenantId, Account account) {
    if (isBlank(account.keyId()) || isBlank(account.keySecret()) || isBlank(account.accountNumber())) {
      throw new IllegalArgumentException("A RazorpayX account needs an apiBaseUrl, keyId, keySecret and "
          + "accountNumber");
    }
    String base = apiBases.require(account.apiBaseUrl());
    jdbc.update("""
        insert into payout_provider_account (tenant_id, provider, api_base_url, key_id, key_secret, account_number)
        values (?, 'razorpayx', ?, ?, ?, ?) on conflict (tenant_id) do update set api_base_url = excluded.api_base_url,
          key_id = excluded.key_id, key_secret = excluded.key_secret, account_number = excluded.account_number,
          updated_at = now()""", tenantId, base, account.keyId(),
        account.keySecret(), account.accountNumber());
  }

  /**
   * Registers a talent's RazorpayX fund account id ({@code fa_…}).
   *
   * @throws IllegalArgumentException for a blank reference
   */
  public void savePayee(String tenantId, String talentId, String accountReference) {
    if (isBlank(accountReference) || accountReference.length() > 64) {
      throw new IllegalArgumentException("accountReference must be 1–64 characters");
    }
    jdbc.update("""
        insert into payee_account (tenant_id, talent_id, provider, account_reference) values (?, ?, 'razorpayx', ?)
        on conflict (tenant_id, talent_id, provider) do update set account_reference = excluded.account_reference,
          updated_at = now()""", tenantId, talentId, accountReference);
  }

  /**
   * Pays through the tenant's provider. Offline: nothing to call, the caller records the payout. RazorpayX: one
   * call with the idempotency key, its answer kept in {@code provider_payout}; a retry returns the kept answer (and
   * if the answer was lost, the provider's idempotency returns the same payout).
   *
   * @throws PayoutRefusedException if the talent has no fund account or the provider answers 4xx
   * @throws IllegalStateException if the provider cannot be reached or answers 5xx (the job retries)
   */
  public ProviderPayout pay(PayoutRequest request) {
    List<Account> accounts = jdbc.query("""
        select api_base_url, key_id, key_secret, account_number from payout_provider_account where tenant_id = ?""",
        (rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        request.tenantId());
    if (accounts.isEmpty()) {
      return new ProviderPayout("offline", null, "PAID");
    }
    var earlier = recorded(request.tenantId(), request.idempotencyKey());
    if (earlier.isPresent()) {
      return earlier.get(); // a retried job: the provider already has this payout
    }
    Account account = accounts.getFirst();
    String fundAccount = jdbc.queryForList("""
        select account_reference from payee_account where tenant_id = ? and talent_id = ? and provider = 'razorpayx'""",
        String.class, request.tenantId(), request.talentId()).stream().findFirst()
        .orElseThrow(() -> new PayoutRefusedException("Talent " + request.talentId() + " has no RazorpayX fund "
            + "account; PUT …/payees/" + request.talentId() + " first"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("account_number", account.accountNumber());
    body.put("fund_account_id", fundAccount);
    body.put("amount", request.amountMinor());
    body.put("currency", request.currency());
    body.put("mode", "IMPS");
    body.put("purpose", "payout");
    body.put("queue_if_low_balance", true);
    body.put("reference_id", request.bookingId());
    body.put("narration", "TalentOS booking payout");
    try {
      HttpRequest call = HttpRequest.newBuilder(URI.create(account.apiBaseUrl() + "/v1/payouts"))
          .timeout(Duration.ofSeconds(20))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (account.keyId() + ":" + account.keySecret()).getBytes(StandardCharsets.UTF_8)))
          .header("Content-Type", "application/json")
          .header("X-Payout-Idempotency", request.idempotencyKey())
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
      HttpResponse<String> response = http.send(call, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 500) {
        throw new IllegalStateException("RazorpayX answered " + response.statusCode() + "; the job retries");
      }
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() >= 400) {
        throw new PayoutRefusedException("RazorpayX refused the payout of booking " + request.bookingId() + ": "
            + answer.path("error").path("description").asText(response.body()));
      }
      ProviderPayout payout = new ProviderPayout("razorpayx", answer.path("id").asText(),
          answer.path("status").asText());
      jdbc.update("""
          insert into provider_payout (tenant_id, idempotency_key, provider, provider_payout_id, status, amount_minor,
            currency) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", request.tenantId(),
          request.idempotencyKey(), payout.provider(), payout.providerPayoutId(), payout.status(),
          request.amountMinor(), request.currency());
      return payout;
    } catch (IOException e) {
      throw new IllegalStateException("RazorpayX could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling RazorpayX", e);
    }
  }

  /** The idempotency key (the ledger's payout key) under which the provider made this payout, if it did. */
  public java.util.Optional<String> keyOf(String tenantId, String providerPayoutId) {
    return jdbc.queryForList("""
        select idempotency_key from provider_payout where tenant_id = ? and provider_payout_id = ?""", String.class,
        tenantId, providerPayoutId).stream().findFirst();
  }

  /** The payout a provider answered for this idempotency key, if one did. */
  public java.util.Optional<ProviderPayout> recorded(String tenantId, String idempotencyKey) {
    return jdbc.query("""
        select provider, provider_payout_id, status from provider_payout where tenant_id = ? and idempotency_key = ?""",
        (rs, i) -> new ProviderPayout(rs.getString(1), rs.getString(2), rs.getString(3)), tenantId, idempotencyKey)
        .stream().findFirst();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
