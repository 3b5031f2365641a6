package io.talentos.finance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The provider API base URLs a tenant may point its payment or payout account at (seed 002: tenant input never
 * chooses where the platform sends a secret). The platform sets them with {@code talentos.payments.allowed-api-bases}
 * (default: the public Razorpay and Stripe APIs); tests add their local stub's {@code http://localhost}. A URL matches
 * a base when scheme and host are the same, it carries no user info, its port is the base's (any port if the base
 * names none) and its path starts with the base's path.
 */
@Component
public class ProviderApiBases {

  private final List<URI> allowed;

  ProviderApiBases(@Value("${talentos.payments.allowed-api-bases:https://api.razorpay.com,https://api.stripe.com}")
      List<String> allowed) {
    this.allowed = allowed.stream().map(String::strip).map(ProviderApiBases::parse).toList();
  }

  /**
   * The URL without a trailing slash, if an allowed base covers it.
   *
   * @throws IllegalArgumentException for any other URL (HTTP 400)
   */
  public String require(String apiBaseUrl) {
    String url = apiBaseUrl == null ? "" : apiBaseUrl.strip().replaceAll("/+$", "");
    URI candidate = parseOrNull(url);
    if (candidate != null && candidate.getRawUserInfo() == null && candidate.getHost() != null
        && allowed.stream().anyMatch(base -> covers(base, candidate))) {
      return url;
    }
    throw new IllegalArgumentException("apiBaseUrl must be one of the provider API bases the platform allows "
        + "(talentos.payments.allowed-api-bases): " + allowed);
  }

  private static boolean covers(URI base, URI url) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return base.getScheme().equalsIgnoreCase(url.getScheme())
        && base.getHost().toLowerCase(Locale.ROOT).equals(url.getHost().toLowerCase(Locale.ROOT))
        && (base.getPort() == -1 || base.getPort() == url.getPort())
        && (basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/"))
        && url.getRawQuery() == null && url.getRawFragment() == null;
  }

  private static URI parseOrNull(String url) {
    try {
      return parse(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static URI parse(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?")) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
  }
}
