package dev.onyx.deploy.core;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * How the value of a {@linkplain Secret#generated(String) generated} secret is made: its length,
 * the characters it is drawn from, which characters may come first, and the character sets each of
 * which must appear at least once (software such as OpenSearch insists on an upper-case letter, a
 * lower-case letter, a digit and a special character). Every path that makes a value follows these
 * rules: the compose project writer, the engine backend, a bundle's loader and its {@code sh} and
 * PowerShell scripts (which read them from the bundle's manifest).
 *
 * <p>The characters are ASCII letters, digits and {@code - _ .} only, which need no quoting in
 * {@code .env} files, URLs, connection strings or shells.
 *
 * @param length the number of characters, at least 16
 * @param alphabet the characters of the value
 * @param first the characters the first one is drawn from (a subset of {@code alphabet})
 * @param required character sets that must each appear at least once (subsets of {@code alphabet})
 */
public record SecretRules(int length, String alphabet, String first, List<String> required) {
  /** Upper-case ASCII letters. */
  public static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  /** Lower-case ASCII letters. */
  public static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  /** ASCII digits. */
  public static final String DIGITS = "0123456789";
  /** The special characters a generated value may hold. */
  public static final String SYMBOLS = "-_.";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Checks the rules can be met.
   *
   * @param length the number of characters, at least 16
   * @param alphabet the characters of the value
   * @param first the characters the first one is drawn from
   * @param required character sets that must each appear at least once
   */
  public SecretRules {
    Objects.requireNonNull(alphabet, "alphabet == null");
    Objects.requireNonNull(first, "first == null");
    required = List.copyOf(required);
    if (length < 16) {
      throw new IllegalArgumentException("a generated secret needs at least 16 characters, was " + length);
    }
    if (alphabet.isEmpty() || !allIn(alphabet, UPPER + LOWER + DIGITS + SYMBOLS)) {
      throw new IllegalArgumentException("a generated secret's alphabet holds only letters, digits and "
          + SYMBOLS + ", was '" + alphabet + "'");
    }
    boolean requiredInAlphabet = true;
    for (String r : required) {
      requiredInAlphabet &= !r.isEmpty() && allIn(r, alphabet);
    }
    if (first.isEmpty() || !allIn(first, alphabet) || !requiredInAlphabet) {
      throw new IllegalArgumentException("a generated secret's first and required characters must come from its alphabet");
    }
    if (required.size() >= length) {
      throw new IllegalArgumentException("a generated secret of " + length + " characters cannot hold "
          + required.size() + " required character sets");
    }
  }

  /**
   * @param length the number of characters, at least 16
   * @return letters and digits, any first
   */
  public static SecretRules lettersAndDigits(int length) {
    return new SecretRules(length, UPPER + LOWER + DIGITS, UPPER + LOWER + DIGITS, List.of());
  }

  /**
   * @param length the number of characters, at least 16
   * @return a password mixing classes: a letter first, then letters, digits and {@code - _ .}, with at
   *     least one upper-case letter, one lower-case letter, one digit and one special character
   */
  public static SecretRules mixedClasses(int length) {
    return new SecretRules(length, UPPER + LOWER + DIGITS + SYMBOLS, UPPER + LOWER,
        List.of(UPPER, LOWER, DIGITS, SYMBOLS));
  }

  /** @return a new value following the rules, from {@link SecureRandom} */
  public String generate() {
    while (true) {
      StringBuilder sb = new StringBuilder(length);
      sb.append(first.charAt(RANDOM.nextInt(first.length())));
      for (int i = 1; i < length; i++) {
        sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      if (accepts(v)) {
        return v;
      }
    }
  }

  /**
   * @param value a value
   * @return whether it follows the rules (length, alphabet, first character, required sets)
   */
  public boolean accepts(String value) {
    if (value.length() != length || !allIn(value, alphabet) || first.indexOf(value.charAt(0)) < 0) {
      return false;
    }
    for (String r : required) {
      if (!anyIn(value, r)) {
        return false;
      }
    }
    return true;
  }

  // Plain loops over characters rather than chars() streams: every generated secret is checked, and
  // each lambda is a class to make on a cold start.

  /** Whether every character of {@code chars} is in {@code set}. */
  private static boolean allIn(String chars, String set) {
    for (int i = 0; i < chars.length(); i++) {
      if (set.indexOf(chars.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether some character of {@code chars} is in {@code set}. */
  private static boolean anyIn(String chars, String set) {
    for (int i = 0; i < chars.length(); i++) {
      if (set.indexOf(chars.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** @return the rules in words, e.g. {@code 32 random letters and digits} */
  public String describe() {
    boolean symbols = anyIn(alphabet, SYMBOLS);
    return length + " random letters and digits" + (symbols ? " and " + String.join(" ", SYMBOLS.split("")) : "")
        + (required.isEmpty() ? "" : ", at least one of each kind");
  }
}
