package dev.onyx.deploy.swarm;

import java.util.Locale;
import java.util.Objects;

/**
 * One step of a {@link SwarmPlan}.
 *
 * @param kind what is done
 * @param target what it is done to: a service (its name in the stack), or a network, secret,
 *     config or image by its Swarm-side name
 * @param reason why, in words (e.g. {@code changed: secrets, environment})
 */
public record SwarmAction(Kind kind, String target, String reason) {

  /** The kinds of steps. */
  public enum Kind {
    /** Build a service's image on the manager. */
    BUILD_IMAGE,
    /** Push an image to the registry the nodes pull from. */
    PUSH_IMAGE,
    /** Create an overlay network of the stack. */
    CREATE_NETWORK,
    /** Create a secret object (its name carries its content's hash). */
    CREATE_SECRET,
    /** Create a config object (its name carries its content's hash). */
    CREATE_CONFIG,
    /** Create a service, once its dependencies meet their conditions. */
    CREATE_SERVICE,
    /** Update a service in place (a rolling update when its tasks change). */
    UPDATE_SERVICE,
    /** Remove a service that is no longer in the stack. */
    REMOVE_SERVICE,
    /** Remove a network that is no longer in the stack. */
    REMOVE_NETWORK,
    /** Remove a secret object no service uses any more. */
    REMOVE_SECRET,
    /** Remove a config object no service uses any more. */
    REMOVE_CONFIG,
    /** The service is already as wanted. */
    NOTHING
  }

  /**
   * Checks for nulls.
   *
   * @param kind what is done
   * @param target what it is done to
   * @param reason why, in words
   */
  public SwarmAction {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(reason, "reason == null");
  }

  /** @return whether this step changes something */
  public boolean isChange() {
    return kind != Kind.NOTHING;
  }

  /** @return e.g. {@code update service  api  (changed: secrets)} */
  @Override
  public String toString() {
    String k = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return String.format("%-15s %s%s", k, target, reason.isEmpty() ? "" : "  (" + reason + ")");
  }
}
