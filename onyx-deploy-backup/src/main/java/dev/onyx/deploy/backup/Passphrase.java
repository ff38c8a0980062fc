package dev.onyx.deploy.backup;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A passphrase that encrypts a backup. It never prints itself ({@link #toString()} says
 * {@code ***}) and holds its characters in an array the caller may {@link #clear()}.
 */
public final class Passphrase {
  private final char[] chars;

  private Passphrase(char[] chars) {
    if (chars.length == 0) {
      throw new IllegalArgumentException("the passphrase is empty");
    }
    this.chars = chars;
  }

  /**
   * @param chars the passphrase (copied)
   * @return it
   * @throws IllegalArgumentException when empty
   */
  public static Passphrase of(char[] chars) {
    return new Passphrase(Arrays.copyOf(Objects.requireNonNull(chars, "chars == null"), chars.length));
  }

  /**
   * Reads a passphrase from the first line of a UTF-8 file (the line break is not part of it).
   *
   * @param file the file
   * @return the passphrase
   * @throws IllegalArgumentException when the file cannot be read or its first line is empty
   */
  public static Passphrase fromFile(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the passphrase file " + file + ": " + e.getMessage());
    }
    CharBuffer cb = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(b));
    Arrays.fill(b, (byte) 0);
    int end = 0;
    while (end < cb.limit() && cb.get(end) != '\n' && cb.get(end) != '\r') {
      end++;
    }
    char[] c = new char[end];
    cb.get(c, 0, end);
    Arrays.fill(cb.array(), '\0');
    if (end == 0) {
      throw new IllegalArgumentException("the passphrase file " + file + " is empty");
    }
    return new Passphrase(c);
  }

  /** @return a copy of the characters (clear it when done) */
  char[] chars() {
    return Arrays.copyOf(chars, chars.length);
  }

  /** Overwrites the characters; the passphrase cannot be used afterwards. */
  public void clear() {
    Arrays.fill(chars, '\0');
  }

  /** @return {@code ***}: a passphrase is never printed */
  @Override
  public String toString() {
    return "***";
  }

}
