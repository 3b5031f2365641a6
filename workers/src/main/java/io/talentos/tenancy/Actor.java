package io.talentos.tenancy;

import java.util.regex.Pattern;

/**
 * Who is acting. Until Keycloak login lands (issue 3), the caller names the user in the {@code X-User-Id} header;
 * afterwards the token's subject replaces it. The name is checked, never trusted for more than attribution and
 * maker-checker separation in this slice.
 */
public final class Actor {

  /** The request header that names the acting user. */
  public static final String HEADER = "X-User-Id";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private Actor() {}

  /**
   * Returns the user id after checking its form.
   *
   * @throws IllegalArgumentException if it is missing or not 1–64 characters of letters, digits and {@code ._@-}
   */
  public static String require(String userId) {
    if (userId == null || !VALID.matcher(userId).matches()) {
      throw new IllegalArgumentException("Header " + HEADER + " must name the acting user (1-64 characters: letters, "
          + "digits, . _ @ -)");
    }
    return userId;
  }
}
