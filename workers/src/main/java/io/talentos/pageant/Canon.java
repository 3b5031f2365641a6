package io.talentos.pageant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers for canonical text and SHA-256 fingerprints (seed 000 §9.3 Pageant Integrity Pack, issue 6). */
final class Canon {

  private Canon() {
  }

  /**
   * Escapes a value so that the separators of canonical text stay unambiguous: backslash, '|', ',', ':', newline
   * and carriage return are written as {@code \\ \| \, \: \n \r}. {@code null} becomes "-" (callers only use it
   * for values that cannot otherwise be "-").
   */
  static String esc(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '|' -> out.append("\\|");
        case ',' -> out.append("\\,");
        case ':' -> out.append("\\:");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Escaped values joined with ','. */
  static String list(List<String> values) {
    return values.stream().map(Canon::esc).collect(Collectors.joining(","));
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
