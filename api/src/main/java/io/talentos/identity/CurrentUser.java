package io.talentos.identity;

import java.util.List;

/**
 * The authenticated caller, from a verified JWT: the user id ({@code preferred_username}, else {@code sub}), the
 * tenant named by the tenant claim, the realm roles (seed 000 §6.2–6.6), and the authentication context
 * ({@code acr}, {@code amr}) for step-up checks.
 */
public record CurrentUser(String userId, String tenantId, List<String> roles, String acr, List<String> amr) {

  /** Whether the caller holds a realm role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Whether the login used a second factor: {@code acr} of 2 or more (Keycloak's step-up levels) or an {@code amr}
   * of {@code otp}, {@code mfa} or {@code hwk} (RFC 8176).
   */
  public boolean hasMfa() {
    boolean strongAcr = acr != null && acr.chars().allMatch(Character::isDigit) && !acr.isEmpty()
        && Integer.parseInt(acr) >= 2;
    return strongAcr || amr.stream().anyMatch(m -> m.equals("otp") || m.equals("mfa") || m.equals("hwk"));
  }
}
