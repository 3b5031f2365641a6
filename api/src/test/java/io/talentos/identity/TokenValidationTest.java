package io.talentos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.talentos.support.TalentOsTest;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every bad token gets a clear 401 problem: none, expired, an issuer not on the allow-list, the wrong audience, a
 * tenant claim that names no tenant, and a signature from another key. A valid token of another tenant gets 403.
 */
@TalentOsTest
class TokenValidationTest {

  private static final String TASKS = "/api/v1/tenants/demo/tasks";

  @Autowired TestRestTemplate http;
  @Autowired DevIdentityProvider identity;

  private ResponseEntity<JsonNode> getTasks(String token) {
    HttpHeaders headers = new HttpHeaders();
    if (token != null) {
      headers.setBearerAuth(token);
    }
    return http.exchange(TASKS, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
  }

  private String token(String issuerId, List<String> audience, Map<String, Object> claims, long expirySeconds) {
    return identity.server().issueToken(issuerId, "booker.asha", new DefaultOAuth2TokenCallback(issuerId,
        "booker.asha", "JWT", audience, claims, expirySeconds)).serialize();
  }

  private static void assertUnauthorized(ResponseEntity<JsonNode> response, String reason) {
    assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(401);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(response.getBody().path("detail").asText()).containsIgnoringCase(reason);
  }

  private static final Map<String, Object> DEMO_BOOKER = Map.of("tenant_id", "demo",
      "realm_access", Map.of("roles", List.of("booker")));

  @Test
  void aValidTokenOfTheTenantIsAccepted() {
    assertThat(getTasks(token(DevIdentityProvider.ISSUER_ID, List.of("talentos-api"), DEMO_BOOKER, 300))
        .getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void noTokenIsRefused() {
    assertUnauthorized(getTasks(null), "bearer token is required");
  }

  @Test
  void anExpiredTokenIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> claims = new java.util.HashMap<>(DEMO_BOOKER);
    claims.putAll(Map.of("iss", identity.issuerUri(), "sub", "booker.asha", "aud", List.of("talentos-api"),
        "iat", now - 7200, "nbf", now - 7200, "exp", now - 3600));
    String expired = identity.server().getConfig().getTokenProvider()
        .jwt(claims, java.time.Duration.ofHours(-1), DevIdentityProvider.ISSUER_ID).serialize();
    assertUnauthorized(getTasks(expired), "expired");
  }

  @Test
  void aTokenFromAnIssuerNotOnTheAllowListIsRefused() {
    assertUnauthorized(getTasks(token("someone-else", List.of("talentos-api"), DEMO_BOOKER, 300)),
        "Invalid issuer");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    assertUnauthorized(getTasks(token(DevIdentityProvider.ISSUER_ID, List.of("another-api"), DEMO_BOOKER, 300)),
        "audience");
  }

  @Test
  void aTenantClaimNamingNoTenantIsRefused() {
    assertUnauthorized(getTasks(token(DevIdentityProvider.ISSUER_ID, List.of("talentos-api"),
        Map.of("tenant_id", "no-such-agency"), 300)), "tenant claim");
    assertUnauthorized(getTasks(token(DevIdentityProvider.ISSUER_ID, List.of("talentos-api"), Map.of(), 300)),
        "no tenant claim");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
    RSAKey otherKey = new RSAKeyGenerator(2048).keyID("mock-oauth2-server-key").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherKey.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(identity.issuerUri()).subject("booker.asha").audience("talentos-api")
            .claim("tenant_id", "demo").expirationTime(new Date(System.currentTimeMillis() + 300_000)).build());
    forged.sign(new RSASSASigner(otherKey));
    assertUnauthorized(getTasks(forged.serialize()), "Signed JWT rejected");
  }

  @Test
  void aValidTokenOfAnotherTenantIsForbidden() {
    ResponseEntity<JsonNode> response = getTasks(identity.token("booker.omar", false));
    assertThat(response.getStatusCode().value()).isEqualTo(403);
    assertThat(response.getBody().path("detail").asText()).contains("not a member of tenant 'demo'");
  }

  @Test
  void theDevIssuerServesTokensOverItsTokenEndpoint() throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    var response = new org.springframework.web.client.RestTemplate().postForEntity(identity.tokenEndpoint(),
        new HttpEntity<>("grant_type=client_credentials&client_id=fin.meera&client_secret=dev&acr_values=mfa", headers),
        JsonNode.class);
    String token = response.getBody().path("access_token").asText();
    assertThat(getTasks(token).getStatusCode().value()).isEqualTo(200);
    var claims = com.nimbusds.jwt.JWTParser.parse(token);
    assertThat(uncheckedClaims(claims)).containsEntry("tenant_id", "demo").containsEntry("acr", "2")
        .containsEntry("preferred_username", "fin.meera");
  }

  private static Map<String, Object> uncheckedClaims(com.nimbusds.jwt.JWT jwt) {
    try {
      return jwt.getJWTClaimsSet().getClaims();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
