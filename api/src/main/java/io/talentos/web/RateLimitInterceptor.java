package io.talentos.web;

import io.github.bucket4j.Bandwidth;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.talentos.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Per-tenant and per-user rate limits on the API (seed 002 §3.2 D: per-tenant rate limits), and per client address
 * on the paths without a login (signing links, contract access links), with bucket4j token buckets refilled every
 * minute. A limited request gets 429 with {@code Retry-After} (seconds) and a problem body.
 */
@Component
class RateLimitInterceptor implements HandlerInterceptor {

  /**
   * Buckets of callers seen in the last two minutes. A bucket idle for longer than its one-minute refill is full
   * again, so dropping it loses nothing and the map never grows with every user there ever was.
   */
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2))
      .maximumSize(1_000_000).build();
  private final long perTenant;
  private final long perUser;
  private final long perAddress;

  RateLimitInterceptor(@Value("${talentos.api.rate-limit.per-tenant-per-minute:6000}") long perTenant,
      @Value("${talentos.api.rate-limit.per-user-per-minute:1200}") long perUser,
      @Value("${talentos.api.rate-limit.public-per-address-per-minute:60}") long perAddress) {
    this.perAddress = perAddress;
    this.perTenant = perTenant;
    this.perUser = perUser;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    @SuppressWarnings("unchecked")
    var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    var auth = SecurityContextHolder.getContext().getAuthentication();
    if (!request.getServletPath().startsWith("/api/v1/tenants/")) { // signing and access links: no login
      ConsumptionProbe byAddress = bucket("address|" + request.getRemoteAddr(), perAddress)
          .tryConsumeAndReturnRemaining(1);
      if (byAddress.isConsumed()) {
        return true;
      }
      long retryAfter = Math.max(1, Duration.ofNanos(byAddress.getNanosToWaitForRefill()).toSeconds());
      response.setHeader("Retry-After", String.valueOf(retryAfter));
      ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", "Rate limit of "
          + perAddress + " requests per minute from one address reached; retry in " + retryAfter + " s",
          request.getRequestURI());
      return false;
    }
    if (variables == null || !variables.containsKey("tenantId") || auth == null
        || !(auth.getPrincipal() instanceof CurrentUser user)) {
      return true;
    }
    String tenant = variables.get("tenantId");
    ConsumptionProbe byUser = bucket("user|" + tenant + "|" + user.userId(), perUser).tryConsumeAndReturnRemaining(1);
    ConsumptionProbe byTenant = byUser.isConsumed()
        ? bucket("tenant|" + tenant, perTenant).tryConsumeAndReturnRemaining(1) : byUser;
    if (byUser.isConsumed() && byTenant.isConsumed()) {
      return true;
    }
    long retryAfter = Math.max(1, Duration.ofNanos(byTenant.getNanosToWaitForRefill()).toSeconds());
    response.setHeader("Retry-After", String.valueOf(retryAfter));
    ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", "Rate limit of "
        + (byUser.isConsumed() ? "tenant " + tenant + " (" + perTenant : "user " + user.userId() + " (" + perUser)
        + " requests per minute) reached; retry in " + retryAfter + " s", request.getRequestURI());
    return false;
  }

  private Bucket bucket(String key, long perMinute) {
    return buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)).build())
        .build());
  }
}
