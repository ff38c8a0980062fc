package dev.onyx.deploy.docker;

import java.util.Objects;

/**
 * One step of a {@link Plan}.
 *
 * @param kind what is done
 * @param target what it is done to: a network, volume, image or service name (for containers, the
 *     service; orphans and the containers a scale-down removes are named by their container)
 * @param reason why, in words (e.g. {@code config changed: command, secret db_password})
 */
public record PlannedAction(Kind kind, String target, String reason) {

  /** The kinds of steps. */
  public enum Kind {
    /** Create a project network. */
    CREATE_NETWORK,
    /** Create a project volume. */
    CREATE_VOLUME,
    /** Build a service's image. */
    BUILD_IMAGE,
    /** Create (and start) a service's container, or the containers a scale-up adds. */
    CREATE_CONTAINER,
    /** Replace a service's container: create new, stop old, remove old, rename new. */
    RECREATE_CONTAINER,
    /** Change limits/reservations of a running container in place. */
    UPDATE_CONTAINER,
    /** Start an existing, stopped container. */
    START_CONTAINER,
    /**
     * Restart a running container whose {@code depends_on} entry has {@code restart: true}, because
     * that dependency is recreated or restarted by the same apply.
     */
    RESTART_CONTAINER,
    /** Remove a container of a service no longer in the stack, or one a scale-down removes. */
    REMOVE_CONTAINER,
    /** The service is already as wanted. */
    NOTHING
  }

  /**
   * Checks for nulls.
   *
   * @param kind what is done
   * @param target what it is done to: a network, volume, image or service name (for containers, the service;
   *     orphans and the containers a scale-down removes are named by their container)
   * @param reason why, in words (e.g. {@code config changed: command, secret db_password})
   */
  public PlannedAction {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(reason, "reason == null");
  }

  /** @return whether this step changes something */
  public boolean isChange() {
    return kind != Kind.NOTHING;
  }

  /** @return e.g. {@code recreate container  api  (config changed: environment)} */
  @Override
  public String toString() {
    String k = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return String.format("%-19s %-24s %s", k, target, reason.isEmpty() ? "" : "(" + reason + ")").stripTrailing();
  }
}
