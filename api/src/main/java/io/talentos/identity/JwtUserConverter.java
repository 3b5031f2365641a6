package io.talentos.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads a verified JWT into a {@link CurrentUser}: Keycloak's {@code realm_access.roles} become {@code ROLE_*}
 * authorities, and the tenant comes from the configured tenant claim ({@code tenant_id}).
 */
final class JwtUserConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final String tenantClaim;

  JwtUserConverter(String tenantClaim) {
    this.tenantClaim = tenantClaim;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    List<String> roles = roles(jwt);
    Collection<GrantedAuthority> authorities = roles.stream()
        .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
    String user = jwt.getClaimAsString("preferred_username") != null ? jwt.getClaimAsString("preferred_username")
        : jwt.getSubject();
    CurrentUser current = new CurrentUser(user, jwt.getClaimAsString(tenantClaim), roles,
        jwt.getClaimAsString("acr"), jwt.hasClaim("amr") ? jwt.getClaimAsStringList("amr") : List.of());
    return new UserAuthentication(jwt, authorities, current);
  }

  @SuppressWarnings("unchecked")
  private static List<String> roles(Jwt jwt) {
    Object realm = jwt.getClaims().get("realm_access");
    if (realm instanceof Map<?, ?> access && access.get("roles") instanceof List<?> list) {
      return ((List<Object>) list).stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  /** A JWT authentication whose principal is the {@link CurrentUser}. */
  static final class UserAuthentication extends JwtAuthenticationToken {
    private final CurrentUser user;

    UserAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, CurrentUser user) {
      super(jwt, authorities, user.userId());
      this.user = user;
    }

    @Override
    public Object getPrincipal() {
      return user;
    }
  }
}
