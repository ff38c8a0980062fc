package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A service's use of a stack {@link Secret} or {@link ConfigFile}, like one entry of a service's
 * {@code secrets} or {@code configs}.
 *
 * @param source the name of the secret or config in the stack
 * @param target where the file appears in the container: an absolute path, or a name relative to
 *     {@code /run/secrets/} for secrets; empty means {@code /run/secrets/SOURCE} for a secret and
 *     {@code /SOURCE} for a config
 * @param uid the owner's user id
 * @param gid the owner's group id
 * @param mode the file mode, e.g. {@code 0400}; empty means 0444 (0400 for secrets deployed by the
 *     engine backend)
 */
public record FileReference(String source, Optional<String> target, Optional<String> uid,
    Optional<String> gid, Optional<Integer> mode) {

  /** Checks for nulls. */
  public FileReference {
    Checks.notNull(source, "source");
    Checks.notNull(target, "target");
    Checks.notNull(uid, "uid");
    Checks.notNull(gid, "gid");
    Checks.notNull(mode, "mode");
  }

  /**
   * @param source the secret or config name
   * @return a reference with the default target
   */
  public static FileReference of(String source) {
    return new FileReference(source, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param source the name
   * @param target the path in the container
   * @return the reference
   */
  public static FileReference of(String source, String target) {
    return new FileReference(source, Optional.of(target), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param m the file mode, e.g. {@code 0440}
   * @return a copy with that mode
   */
  public FileReference withMode(int m) {
    return new FileReference(source, target, uid, gid, Optional.of(m));
  }

  /** @return the absolute path in the container, with the defaults applied for a secret */
  public String secretPath() {
    String t = target.orElse(source);
    return t.startsWith("/") ? t : "/run/secrets/" + t;
  }

  /** @return the absolute path in the container, with the defaults applied for a config */
  public String configPath() {
    String t = target.orElse(source);
    return t.startsWith("/") ? t : "/" + t;
  }
}
