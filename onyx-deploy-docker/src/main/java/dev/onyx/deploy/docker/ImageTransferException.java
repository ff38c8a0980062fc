package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.event.DeployEvent;
import java.util.List;
import java.util.Objects;

/**
 * One or more images could not be pulled (or pushed): each {@link Failure} names the image, the
 * registry and the reason. When an apply's pulls fail, nothing of the stack was created or changed.
 * The message never contains credentials.
 */
public final class ImageTransferException extends DeployException {
  private static final long serialVersionUID = 1L;

  /** Why a transfer failed. */
  public enum Reason {
    /** The registry has no such repository, tag or digest. */
    NOT_FOUND,
    /** The registry refused the credentials, or wants some. */
    UNAUTHORISED,
    /** The registry could not be reached (address, network, proxy, TLS). */
    UNREACHABLE,
    /** Anything else the engine reported (disk full, a broken layer...). */
    OTHER
  }

  /**
   * One image that did not move.
   *
   * @param image the image reference
   * @param registry the registry ({@code docker.io} for Docker Hub)
   * @param direction pulled or pushed
   * @param reason why, as a category
   * @param detail the engine's own message
   */
  public record Failure(String image, String registry, DeployEvent.Direction direction, Reason reason,
      String detail) {
    /** Checks for nulls. */
    public Failure {
      Objects.requireNonNull(image, "image == null");
      Objects.requireNonNull(registry, "registry == null");
      Objects.requireNonNull(direction, "direction == null");
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(detail, "detail == null");
    }

    /** @return one line for people: the image, the registry, the reason and what to try */
    public String describe() {
      String verb = direction == DeployEvent.Direction.PULL ? "pulling " : "pushing ";
      String where = registry.equals(ImageRef.DOCKER_HUB) ? "Docker Hub (docker.io)" : "registry " + registry;
      String why = switch (reason) {
        case NOT_FOUND -> "not found: " + where + " has no such image or tag";
        case UNAUTHORISED -> "unauthorised: " + where + " refused the credentials or needs some (log in with "
            + "'docker login" + (registry.equals(ImageRef.DOCKER_HUB) ? "" : " " + registry)
            + "', or set DOCKER_AUTH_CONFIG)";
        case UNREACHABLE -> "unreachable: " + where + " did not answer (check its address, the network and "
            + "any proxy)";
        case OTHER -> "failed at " + where;
      };
      return verb + image + " " + why + " [engine: " + detail + "]";
    }
  }

  private final List<Failure> failures;

  /**
   * @param message what failed, with every failure
   * @param failures the failures, at least one
   */
  ImageTransferException(String message, List<Failure> failures) {
    super(message);
    this.failures = List.copyOf(failures);
  }

  /** @return every image that did not move, in the order they were asked for */
  public List<Failure> failures() {
    return failures;
  }
}
