package dev.onyx.deploy.core.event;

import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the {@link DeployEvent}s of the backends that report progress: deploys to a Docker
 * engine, image builds and offline bundles ({@link DeployEvent} lists which events each sends).
 *
 * <p><b>Contract:</b> backends call listeners from several threads at once, so a listener must be
 * thread-safe; it must return quickly (it runs on the backend's worker threads) and must not throw.
 * Backends wrap listeners with {@link #safe(DeployListener)}, so an exception thrown anyway is
 * logged and ignored rather than failing the deploy.
 *
 * <pre>
 * DeployListener progress = DeployListener.on(DeployEvent.ServiceHealthy.class,
 *     e -&gt; System.out.println(e.service() + " is healthy"));
 * DeployListener both = progress.andThen(DeployListener.logging());
 * </pre>
 */
@FunctionalInterface
public interface DeployListener {
  /** A listener that ignores every event. */
  DeployListener NONE = event -> { };

  /** @param event what happened; never null */
  void onEvent(DeployEvent event);

  /**
   * @param type the event type to receive
   * @param handler called with each event of that type
   * @param <E> the event type
   * @return a listener that passes events of {@code type} to {@code handler} and ignores the rest
   */
  static <E extends DeployEvent> DeployListener on(Class<E> type, Consumer<? super E> handler) {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(handler, "handler == null");
    return event -> {
      if (type.isInstance(event)) {
        handler.accept(type.cast(event));
      }
    };
  }

  /**
   * @param next a listener called after this one
   * @return a listener that calls this one, then {@code next}
   */
  default DeployListener andThen(DeployListener next) {
    Objects.requireNonNull(next, "next == null");
    return event -> {
      onEvent(event);
      next.onEvent(event);
    };
  }

  /**
   * @return a listener that logs every event through slf4j (logger {@code dev.onyx.deploy}):
   *     failures and warnings at WARN, build output, progress and layer progress at DEBUG, the
   *     rest at INFO
   */
  static DeployListener logging() {
    Logger log = LoggerFactory.getLogger("dev.onyx.deploy");
    return event -> {
      if (event instanceof DeployEvent.ServiceFailed || event instanceof DeployEvent.Warning) {
        log.warn("{}", event.describe());
      } else if (event instanceof DeployEvent.BuildOutput || event instanceof DeployEvent.Progress
          || event instanceof DeployEvent.LayerProgress) {
        log.debug("{}", event.describe());
      } else {
        log.info("{}", event.describe());
      }
    };
  }

  /**
   * @param listener a listener that might throw
   * @return a listener that passes each event on and logs (never rethrows) what it throws
   */
  static DeployListener safe(DeployListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (listener == NONE) {
      return NONE;
    }
    Logger log = LoggerFactory.getLogger(DeployListener.class);
    return event -> {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("listener {} threw on event {}; ignored", listener.getClass().getName(),
            event.getClass().getSimpleName(), e);
      }
    };
  }
}
