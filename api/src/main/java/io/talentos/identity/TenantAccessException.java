package io.talentos.identity;

/**
 * The token may not act on the tenant in the path: its tenant claim is missing or names no active tenant (HTTP 401),
 * or it names another tenant (HTTP 403).
 */
public class TenantAccessException extends RuntimeException {

  private final boolean authenticationProblem;

  private TenantAccessException(String message, boolean authenticationProblem) {
    super(message);
    this.authenticationProblem = authenticationProblem;
  }

  /** The token's tenant claim is missing or names no active tenant (401). */
  public static TenantAccessException invalidClaim(String detail) {
    return new TenantAccessException(detail, true);
  }

  /** The caller belongs to another tenant (403). */
  public static TenantAccessException otherTenant(String tenantId) {
    return new TenantAccessException("The caller is not a member of tenant '" + tenantId + "'", false);
  }

  /** True for a 401 (bad claim), false for a 403 (other tenant). */
  public boolean isAuthenticationProblem() {
    return authenticationProblem;
  }
}
