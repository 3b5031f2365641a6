package io.talentos.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API is an OAuth2 resource server: every {@code /api/**} request needs a bearer JWT from an allow-listed issuer
 * ({@link TrustedIssuers}), signed by that issuer's key (JWKS from its discovery document), unexpired, and with the
 * audience {@code talentos.security.audience}. Failures are 401/403 problem+json (RFC 9457) with the reason.
 */
@Configuration
class SecurityConfig {

  private final ObjectMapper json;

  SecurityConfig(ObjectMapper json) {
    this.json = json;
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http, TrustedIssuers issuers,
      @Value("${talentos.security.audience:talentos-api}") String audience,
      @Value("${talentos.security.tenant-claim:tenant_id}") String tenantClaim) throws Exception {
    Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();
    AuthenticationManagerResolver<String> byIssuer = issuer -> issuers.trusts(issuer)
        ? managers.computeIfAbsent(issuer, i -> manager(i, audience, tenantClaim)) : null;
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a
            // provider webhooks carry the provider's signature instead of a token (PaymentWebhooks verifies it)
            .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/webhooks/*/*").permitAll()
            // signers and access links prove themselves with the single-use link and the emailed one-time password
            .requestMatchers("/api/v1/signing/*/*", "/api/v1/signing/*/*/*", "/api/v1/contract-links/*/*",
                "/api/v1/contract-seal/certificate", "/api/v1/casting-views/*/*", "/api/v1/pageant-results/*/*").permitAll()
            .requestMatchers("/api/**").authenticated().anyRequest().permitAll())
        .oauth2ResourceServer(o -> o.authenticationManagerResolver(new JwtIssuerAuthenticationManagerResolver(byIssuer))
            .authenticationEntryPoint((request, response, e) -> problem(response, request, HttpStatus.UNAUTHORIZED,
                "Unauthorized", "A valid bearer token is required: " + e.getMessage()))
            .accessDeniedHandler((request, response, e) -> problem(response, request, HttpStatus.FORBIDDEN,
                "Forbidden", e.getMessage())))
        .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problem(response, request,
            HttpStatus.UNAUTHORIZED, "Unauthorized", "A bearer token is required")));
    return http.build();
  }

  private static AuthenticationManager manager(String issuer, String audience, String tenantClaim) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
        (Jwt jwt) -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                "The token's audience does not include " + audience, null))));
    JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
    provider.setJwtAuthenticationConverter(new JwtUserConverter(tenantClaim));
    return provider::authenticate;
  }

  private void problem(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String title,
      String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setInstance(java.net.URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
