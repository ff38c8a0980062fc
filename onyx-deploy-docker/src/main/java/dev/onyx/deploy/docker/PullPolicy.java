package dev.onyx.deploy.docker;

import java.util.Locale;
import java.util.Optional;

/**
 * When an apply (or a bundle) pulls a service's image, like compose's {@code pull_policy} and
 * {@code docker compose up --pull}. A service's own {@code pull_policy} wins over the one given for
 * the whole apply. Services with a {@code build} are built, not pulled, unless their own
 * {@code pull_policy} is {@code always}.
 */
public enum PullPolicy {
  /** Pull the images the engine does not have (the default, like compose's {@code missing}). */
  MISSING,
  /** Pull every image, so tags that moved are updated. */
  ALWAYS,
  /** Never pull: an image that is not on the engine fails the apply before anything changes. */
  NEVER;

  /**
   * Reads a compose {@code pull_policy}: {@code always}, {@code never}, {@code missing} and
   * {@code if_not_present}; {@code build} is {@link #NEVER} (the image is built); {@code daily},
   * {@code weekly} and {@code every_...} are {@link #MISSING} (no pull times are kept).
   *
   * @param value the compose value
   * @return the policy, or empty for a value compose does not know
   */
  public static Optional<PullPolicy> fromCompose(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "always" -> Optional.of(ALWAYS);
      case "never", "build" -> Optional.of(NEVER);
      case "missing", "if_not_present", "daily", "weekly" -> Optional.of(MISSING);
      default -> v.startsWith("every_") ? Optional.of(MISSING) : Optional.empty();
    };
  }

  /**
   * The policy that applies to one service: its own {@code pull_policy} when it has one compose
   * knows, else {@code fallback}; a service with a {@code build} is built, not pulled
   * ({@link #NEVER}), unless its own policy is {@code always}.
   *
   * @param service the service
   * @param fallback the policy of the whole apply or bundle
   * @return the policy for the service's image
   */
  public static PullPolicy of(dev.onyx.deploy.core.Service service, PullPolicy fallback) {
    PullPolicy own = service.pullPolicy().flatMap(PullPolicy::fromCompose).orElse(null);
    if (service.build().isPresent() && own != ALWAYS) {
      return NEVER;
    }
    return own != null ? own : fallback;
  }

  /** @return the name compose and the command line use: {@code missing}, {@code always}, {@code never} */
  public String composeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
