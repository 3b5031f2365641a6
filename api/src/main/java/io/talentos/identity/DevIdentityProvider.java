package io.talentos.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The {@code --dev-auth} issuer of the embedded default: an in-process OAuth2 server (mock-oauth2-server) on
 * 127.0.0.1 that issues real RS256-signed JWTs for the demo users of {@code dev-users.json}, with their tenant claim
 * and realm roles. A token: {@code POST http://localhost:8090/talentos-dev/token} with
 * {@code grant_type=client_credentials&client_id=<user>&client_secret=dev} (add {@code acr_values=mfa} for a step-up
 * login). Never enable it in production: anyone who reaches it can get any demo user's token.
 */
@Component
@ConditionalOnProperty(name = "talentos.security.dev-auth.enabled", havingValue = "true")
public class DevIdentityProvider implements DisposableBean {

  /** The issuer id of the dev issuer (the last path segment of its issuer URI). */
  public static final String ISSUER_ID = "talentos-dev";

  private static final Logger LOG = LoggerFactory.getLogger(DevIdentityProvider.class);

  /** A demo user: the tenant it belongs to and its realm roles. */
  record DevUser(String tenant, List<String> roles) {}

  private final MockOAuth2Server server;
  private final Map<String, DevUser> users;
  private final String audience;

  DevIdentityProvider(TrustedIssuers issuers, ObjectMapper json,
      @Value("${talentos.security.dev-auth.port:8090}") int port,
      @Value("${talentos.security.audience:talentos-api}") String audience) throws IOException {
    this.audience = audience;
    try (InputStream in = getClass().getResourceAsStream("/dev-users.json")) {
      this.users = json.readValue(in, new TypeReference<LinkedHashMap<String, DevUser>>() {});
    }
    this.server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
        Set.of(new DevUserCallback())));
    server.start(InetAddress.getLoopbackAddress(), port);
    // the server names itself after the host the client used, so trust both loopback spellings
    issuers.trust(issuerUri());
    issuers.trust(issuerUri().replace("://localhost:", "://127.0.0.1:"));
    LOG.info("Dev login (--dev-auth): token endpoint {} for demo users {}", server.tokenEndpointUrl(ISSUER_ID),
        users.keySet());
  }

  /** The issuer URI ({@code iss}) of dev tokens. */
  public String issuerUri() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The token endpoint URL. */
  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /** Issues a token for a demo user, with {@code acr=2, amr=[pwd, otp]} when {@code mfa} (a step-up login). */
  public String token(String user, boolean mfa) {
    return server.issueToken(ISSUER_ID, user, new DevUserCallback(mfa)).serialize();
  }

  /** Issues a token for any user of any tenant with these realm roles (e.g. the owner of a tenant just signed up). */
  public String token(String user, String tenantId, List<String> roles) {
    return server.issueToken(ISSUER_ID, user, new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
        ISSUER_ID, user, "JWT", List.of(audience), Map.of("tenant_id", tenantId, "preferred_username", user,
            "realm_access", Map.of("roles", roles), "acr", "1", "amr", List.of("pwd")), 600)).serialize();
  }

  /** The underlying server, so tests can issue deliberately bad tokens from a trusted issuer. */
  public MockOAuth2Server server() {
    return server;
  }

  @Override
  public void destroy() {
    server.shutdown();
  }

  /** Claims for the demo user named by the token request's client_id (or username). */
  private final class DevUserCallback implements OAuth2TokenCallback {
    private final Boolean forcedMfa;

    DevUserCallback() {
      this(null);
    }

    DevUserCallback(Boolean mfa) {
      this.forcedMfa = mfa;
    }

    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      var client = request.getClientAuthentication() != null ? request.getClientAuthentication().getClientID()
          : request.getClientID();
      return client == null ? "anonymous" : client.getValue();
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(audience);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      List<String> acr = request.getCustomParameters().getOrDefault("acr_values", List.of());
      boolean mfa = forcedMfa != null ? forcedMfa : acr.stream().anyMatch(v -> v.contains("mfa"));
      return claimsFor(subject(request), mfa);
    }

    @Override
    public long tokenExpiry() {
      return 3600;
    }

    Map<String, Object> claimsFor(String user, boolean mfa) {
      DevUser known = users.get(user);
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("preferred_username", user);
      if (known != null) {
        if (known.tenant() != null) {
          claims.put("tenant_id", known.tenant());
        }
        claims.put("realm_access", Map.of("roles", known.roles()));
      }
      claims.put("acr", mfa ? "2" : "1");
      claims.put("amr", mfa ? List.of("pwd", "otp") : List.of("pwd"));
      return claims;
    }
  }
}
