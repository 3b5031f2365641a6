package io.talentos.identity;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The allow-list of token issuers ({@code talentos.security.issuers}, comma-separated issuer URIs; the dev issuer of
 * the embedded default adds itself). A token from any other issuer is refused with 401.
 */
@Component
public class TrustedIssuers {

  private final Set<String> issuers = ConcurrentHashMap.newKeySet();

  TrustedIssuers(@Value("${talentos.security.issuers:}") String configured) {
    Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(issuers::add);
  }

  /** Whether tokens of this issuer ({@code iss}) are accepted. */
  public boolean trusts(String issuer) {
    return issuer != null && issuers.contains(issuer);
  }

  /** Adds an issuer at start-up (the dev issuer). */
  void trust(String issuer) {
    issuers.add(issuer);
  }
}
