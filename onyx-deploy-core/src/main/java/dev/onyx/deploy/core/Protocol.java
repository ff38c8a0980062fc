package dev.onyx.deploy.core;

import java.util.Locale;

/** The transport protocol of a published port, like the {@code /udp} suffix of a compose port. */
public enum Protocol {
  /** TCP, the default. */
  TCP,
  /** UDP. */
  UDP,
  /** SCTP. */
  SCTP;

  /** @return the compose spelling: {@code tcp}, {@code udp}, {@code sctp} */
  public String composeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param text {@code tcp}, {@code udp} or {@code sctp}, any case
   * @return the protocol
   * @throws IllegalArgumentException for any other text
   */
  public static Protocol parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid protocol '" + text + "' (expected tcp, udp or sctp)", e);
    }
  }
}
