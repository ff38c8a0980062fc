package dev.onyx.deploy.core.event;

import java.time.Duration;

/**
 * Something a backend reports while it works: one of the record types nested here, and no other
 * (the interface is sealed, so a {@code switch} over the nested types can be exhaustive). Listeners
 * test the type ({@code if (e instanceof DeployEvent.ServiceHealthy h) ...}) or subscribe to one
 * type with {@link DeployListener#on(Class, java.util.function.Consumer)}. Events never carry a
 * secret value.
 *
 * <p>Who sends what:
 * <ul>
 *   <li>a deploy to a Docker engine ({@code DockerEngine.apply}, also run by {@code bundle load --up}):
 *       {@link ActionStarted}/{@link ActionCompleted} for each planned action, the service events
 *       ({@link ServiceStarting}, {@link ServiceStarted}, {@link ServiceHealthy},
 *       {@link ServiceCompleted}, {@link ServiceFailed}, {@link ServiceUnchanged},
 *       {@link ServiceRemoved}), {@link BuildOutput} of the images it builds and {@link Warning};
 *   <li>an image build ({@code Images.build}): {@link BuildOutput};
 *   <li>an offline bundle: when created, {@link ActionStarted}/{@link ActionCompleted} per step,
 *       {@link Progress} of {@code save images} and the {@link BuildOutput} of the images it builds;
 *       when verified, {@link Progress} of {@code verify bundle}; when loaded, {@link Progress} of
 *       {@code load images} and {@link ActionStarted}/{@link ActionCompleted}.
 * </ul>
 * Writing a compose project reports no events (it returns a {@code WriteReport}).
 */
public sealed interface DeployEvent {

  /** @return a one-line, human-readable description */
  String describe();

  /**
   * A planned action began (create network, build image, recreate container...).
   *
   * @param action what is being done, e.g. {@code create container shop-api-1}
   */
  record ActionStarted(String action) implements DeployEvent {
    @Override
    public String describe() {
      return action + " ...";
    }
  }

  /**
   * A planned action finished.
   *
   * @param action what was done
   * @param took how long it took
   */
  record ActionCompleted(String action, Duration took) implements DeployEvent {
    @Override
    public String describe() {
      return action + " (" + took.toMillis() + " ms)";
    }
  }

  /**
   * A service's container is being started.
   *
   * @param service the service
   */
  record ServiceStarting(String service) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": starting";
    }
  }

  /**
   * A service's container started.
   *
   * @param service the service
   * @param containerId the engine's container id
   */
  record ServiceStarted(String service, String containerId) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": started";
    }
  }

  /**
   * A service's healthcheck passed.
   *
   * @param service the service
   * @param afterStart time from its start to healthy
   */
  record ServiceHealthy(String service, Duration afterStart) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": healthy after " + afterStart.toMillis() + " ms";
    }
  }

  /**
   * A one-shot service exited.
   *
   * @param service the service
   * @param exitCode its exit code
   */
  record ServiceCompleted(String service, int exitCode) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": exited with " + exitCode;
    }
  }

  /**
   * A service failed: exited non-zero, became unhealthy, or timed out.
   *
   * @param service the service
   * @param reason why, with the last health output or log lines
   * @param required whether the failure fails the deploy (false: a {@code required: false}
   *     dependency, reported as a warning)
   */
  record ServiceFailed(String service, String reason, boolean required) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": failed: " + reason;
    }
  }

  /**
   * A service was already as wanted and left alone.
   *
   * @param service the service
   */
  record ServiceUnchanged(String service) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": unchanged";
    }
  }

  /**
   * A deploy removed a service's container: an orphan (a service no longer in the stack) or a
   * container replaced by a new one.
   *
   * @param service the service
   */
  record ServiceRemoved(String service) implements DeployEvent {
    @Override
    public String describe() {
      return service + ": removed";
    }
  }

  /**
   * A line of output of an image build.
   *
   * @param service the service whose image is built
   * @param line the line, without its end
   */
  record BuildOutput(String service, String line) implements DeployEvent {
    @Override
    public String describe() {
      return service + " build: " + line;
    }
  }

  /**
   * Progress of a long task in bytes or items (saving images into a bundle, verifying a bundle,
   * loading its images).
   *
   * @param task what is progressing, e.g. {@code save images}
   * @param done how much is done
   * @param total the total, or {@code -1} when unknown
   */
  record Progress(String task, long done, long total) implements DeployEvent {
    /** @return the fraction done in 0..1, or -1 when the total is unknown */
    public double fraction() {
      return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    @Override
    public String describe() {
      return task + ": " + done + (total >= 0 ? "/" + total : "");
    }
  }

  /**
   * A pull or push of an image began.
   *
   * @param image the image reference, e.g. {@code registry.example.com/shop/api:1.0}
   * @param direction whether it is pulled or pushed
   */
  record ImageTransferStarted(String image, Direction direction) implements DeployEvent {
    @Override
    public String describe() {
      return (direction == Direction.PULL ? "pulling " : "pushing ") + image + " ...";
    }
  }

  /** Which way an image moves. */
  enum Direction {
    /** From a registry to the engine. */
    PULL,
    /** From the engine to a registry. */
    PUSH
  }

  /** Where one layer of an image transfer is. */
  enum LayerPhase {
    /** Queued behind other layers. */
    WAITING,
    /** Bytes are being downloaded ({@code done}/{@code total} are bytes). */
    DOWNLOADING,
    /** The download is being checked. */
    VERIFYING,
    /** Bytes are being unpacked into the engine ({@code done}/{@code total} are bytes). */
    EXTRACTING,
    /** Bytes are being uploaded ({@code done}/{@code total} are bytes). */
    PUSHING,
    /** The layer is complete (downloaded and unpacked, or pushed). */
    DONE,
    /** The engine or the registry already had it: nothing moves. */
    ALREADY_PRESENT
  }

  /**
   * Progress of one layer of an image being pulled or pushed, as the engine reports it (the
   * {@code docker pull} lines). A listener showing one bar per image adds up the layers' bytes
   * ({@code done} of {@link LayerPhase#DOWNLOADING} or {@link LayerPhase#PUSHING} against the
   * layers' totals).
   *
   * @param image the image reference
   * @param layer the layer's short id (12 hex digits, as the engine prints it)
   * @param phase where the layer is
   * @param done bytes done in this phase (0 when the phase moves no bytes)
   * @param total the layer's size in this phase, or {@code -1} when the engine did not say
   */
  record LayerProgress(String image, String layer, LayerPhase phase, long done, long total)
      implements DeployEvent {
    @Override
    public String describe() {
      return image + " " + layer + ": " + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + (total > 0 ? " " + done + "/" + total : "");
    }
  }

  /**
   * A pull or push of an image finished.
   *
   * @param image the image reference
   * @param direction whether it was pulled or pushed
   * @param digest the image's id after a pull, its registry digest after a push ({@code sha256:...})
   * @param took how long it took
   */
  record ImageTransferred(String image, Direction direction, String digest, Duration took) implements DeployEvent {
    @Override
    public String describe() {
      return (direction == Direction.PULL ? "pulled " : "pushed ") + image + " (" + took.toMillis() + " ms)";
    }
  }

  /**
   * Something the user should know that does not stop the work.
   *
   * @param message the warning, in words a user can act on
   */
  record Warning(String message) implements DeployEvent {
    @Override
    public String describe() {
      return "warning: " + message;
    }
  }
}
