package io.backtide.control;

import java.util.regex.Pattern;

/** Masks secrets in text that may be logged or shown: URLs with passwords, keys and tokens. */
public final class Redact {
  static final String MASK = "****";
  private static final Pattern USER_INFO = Pattern.compile("(?i)(//[^/@:\\s]*:)[^/@\\s]*@");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;](?:password|passwd|pwd|secret|token|apikey|api_key|key|signature)=)[^&;\\s]*");

  private Redact() {}

  /**
   * The text with the password of a {@code user:password@} part and the values of secret-looking
   * query parameters ({@code password=}, {@code token=}, ...) replaced by {@code ****}.
   */
  public static String secrets(String text) {
    if (text == null) {
      return null;
    }
    String out = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }
}
