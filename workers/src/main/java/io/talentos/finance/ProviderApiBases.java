package io.talentos.finance;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The provider API base URLs a tenant may point its payment or payout account at (seed 002: tenant input never
 * chooses where the platform sends a secret). The platform sets them with {@code talentos.payments.allowed-api-bases}
 * (default: the public Razorpay and Stripe APIs); tests add their local stub's {@code http://localhost}.
 */
@Component
public class ProviderApiBases {

  private final List<String> allowed;

  ProviderApiBases(@Value("${talentos.payments.allowed-api-bases:https://api.razorpay.com,https://api.stripe.com}")
      List<String> allowed) {
    this.allowed = allowed.stream().map(String::strip).map(b -> b.replaceAll("/+$", "")).toList();
  }

  /**
   * The URL without a trailing slash, if it is one of the allowed bases (or a port or path of one).
   *
   * @throws IllegalArgumentException for any other URL (HTTP 400)
   */
  public String require(String apiBaseUrl) {
    String url = apiBaseUrl == null ? "" : apiBaseUrl.strip().replaceAll("/+$", "");
    for (String base : allowed) {
      if (url.equals(base) || url.startsWith(base + ":") || url.startsWith(base + "/")) {
        return url;
      }
    }
    throw new IllegalArgumentException("apiBaseUrl must be one of the provider API bases the platform allows "
        + "(talentos.payments.allowed-api-bases): " + allowed);
  }
}
