package io.talentos.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.talentos.identity.DevIdentityProvider;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** JSON calls to the running app as a demo user with a real signed token (no step-up), or without a login. */
public final class ApiCalls {

  private final TestRestTemplate http;
  private final DevIdentityProvider identity;

  public ApiCalls(TestRestTemplate http, DevIdentityProvider identity) {
    this.http = http;
    this.identity = identity;
  }

  /** The raw answer; {@code user} null calls without a token (the public paths). */
  public ResponseEntity<String> call(HttpMethod method, String path, String user, Object body) {
    return http.exchange(path, method, new HttpEntity<>(body, headers(user)), String.class);
  }

  /** The answer's body as JSON. */
  public JsonNode json(HttpMethod method, String path, String user, Object body) {
    return http.exchange(path, method, new HttpEntity<>(body, headers(user)), JsonNode.class).getBody();
  }

  private HttpHeaders headers(String user) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (user != null) {
      headers.setBearerAuth(identity.token(user, false));
    }
    return headers;
  }
}
