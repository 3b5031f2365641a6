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
}
