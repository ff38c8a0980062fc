package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployEvent.Direction;
import dev.onyx.deploy.core.event.DeployEvent.LayerPhase;
import dev.onyx.deploy.core.event.DeployListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Pulls and pushes images through the engine ({@code POST /images/create}, {@code POST
 * /images/NAME/push}), with the registry's credentials in the {@code X-Registry-Auth} header, and
 * turns the engine's progress messages into {@link DeployEvent.LayerProgress} events. Several images
 * move in parallel, at most {@link RegistryOptions#maxConcurrent()} at a time; every image is tried,
 * and the failures are reported together.
 */
final class ImageTransfers {
  private final DockerEngine engine;
  private final ExecutorService pool;

  ImageTransfers(DockerEngine engine, ExecutorService pool) {
    this.engine = engine;
    this.pool = pool;
  }

  /**
   * Pulls images in parallel (bounded).
   *
   * @param refs the images, each once
   * @param options credentials and parallelism
   * @param listener receives the transfer events
   * @param context what the pulls are for, for the message (e.g. {@code for project shop})
   * @return each image as the engine now has it, in the order given
   * @throws ImageTransferException naming every image that failed, after all were tried
   */
  List<ImageInfo> pullAll(List<String> refs, RegistryOptions options, DeployListener listener, String context) {
    return all(refs, options, ref -> pull(ref, options, listener), Direction.PULL, context);
  }

  /**
   * Pushes images in parallel (bounded).
   *
   * @return each image's registry digest, in the order given
   */
  List<String> pushAll(List<String> refs, RegistryOptions options, DeployListener listener) {
    return all(refs, options, ref -> push(ref, options, listener), Direction.PUSH, "");
  }

  private <T> List<T> all(List<String> refs, RegistryOptions options, Function<String, T> one, Direction direction,
      String context) {
    Semaphore slots = new Semaphore(options.maxConcurrent());
    List<CompletableFuture<T>> fs = new ArrayList<>();
    for (String ref : refs) {
      fs.add(CompletableFuture.supplyAsync(() -> {
        slots.acquireUninterruptibly();
        try {
          return one.apply(ref);
        } finally {
          slots.release();
        }
      }, pool));
    }
    List<T> out = new ArrayList<>();
    List<ImageTransferException.Failure> failures = new ArrayList<>();
    RuntimeException other = null;
    for (CompletableFuture<T> f : fs) {
      try {
        out.add(f.join());
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof ImageTransferException t) {
          failures.addAll(t.failures());
        } else if (other == null) {
          other = e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
    if (!failures.isEmpty()) {
      String verb = direction == Direction.PULL ? "pulling" : "pushing";
      StringBuilder m = new StringBuilder(verb).append(failures.size() == 1 ? " an image" : " " + failures.size() + " images")
          .append(context.isEmpty() ? "" : " " + context).append(" failed")
          .append(direction == Direction.PULL && !context.isEmpty() ? "; nothing was created or changed" : "")
          .append(':');
      for (ImageTransferException.Failure f : failures) {
        m.append("\n  - ").append(f.describe());
      }
      throw new ImageTransferException(m.toString(), failures);
    }
    if (other != null) {
      throw other;
    }
    return out;
  }

  /** Pulls one image; returns it as the engine now has it. */
  ImageInfo pull(String ref, RegistryOptions options, DeployListener listener) {
    ImageRef r = ImageRef.parse(ref);
    long t0 = System.nanoTime();
    listener.onEvent(new DeployEvent.ImageTransferStarted(ref, Direction.PULL));
    String path = "/images/create?fromImage=" + EngineGateway.query(r.repository()) + "&tag="
        + EngineGateway.query(r.tagOrDigest());
    try {
      engine.gateway().postStream(path, authHeader(r, options), null, "pulling " + ref,
          progress(ref, Direction.PULL, listener));
    } catch (EngineGateway.Refusal e) {
      throw failure(ref, r, Direction.PULL, e);
    }
    ImageInfo info = engine.images().inspect(ref).orElseThrow(() -> new ImageTransferException(
        "pulling " + ref + " reported success but the engine has no such image afterwards",
        List.of(new ImageTransferException.Failure(ref, r.registry(), Direction.PULL,
            ImageTransferException.Reason.OTHER, "image missing after the pull"))));
    listener.onEvent(new DeployEvent.ImageTransferred(ref, Direction.PULL, info.id(),
        Duration.ofNanos(System.nanoTime() - t0)));
    return info;
  }

  /** Pushes one image (a tag, or every tag of a repository when the reference has none); returns its digest. */
  String push(String ref, RegistryOptions options, DeployListener listener) {
    ImageRef r = ImageRef.parse(ref);
    if (!r.digest().isEmpty()) {
      throw new IllegalArgumentException("cannot push " + ref + ": push a tag, not a digest");
    }
    long t0 = System.nanoTime();
    listener.onEvent(new DeployEvent.ImageTransferStarted(ref, Direction.PUSH));
    String name = ref.substring(0, ref.length() - (ref.endsWith(":" + r.tag()) ? r.tag().length() + 1 : 0));
    String path = "/images/" + EngineGateway.path(name) + "/push?tag=" + EngineGateway.query(r.tag());
    String[] digest = {""};
    Map<String, String> headers = new HashMap<>(authHeader(r, options));
    // the engine refuses a push without the header, even for an anonymous registry
    headers.putIfAbsent("X-Registry-Auth", "e30=");
    try {
      java.util.function.Consumer<Map<String, Object>> layers = progress(ref, Direction.PUSH, listener);
      engine.gateway().postStream(path, headers, null, "pushing " + ref, m -> {
        Map<String, Object> aux = EngineGateway.map(m.get("aux"));
        if (aux.get("Digest") != null) {
          digest[0] = EngineGateway.str(aux.get("Digest"));
        }
        layers.accept(m);
      });
    } catch (EngineGateway.Refusal e) {
      if (e.status() == 404) {
        throw new ImageTransferException("cannot push " + ref + ": the engine has no image by that name",
            List.of(new ImageTransferException.Failure(ref, r.registry(), Direction.PUSH,
                ImageTransferException.Reason.OTHER, e.engineMessage())));
      }
      throw failure(ref, r, Direction.PUSH, e);
    }
    listener.onEvent(new DeployEvent.ImageTransferred(ref, Direction.PUSH, digest[0],
        Duration.ofNanos(System.nanoTime() - t0)));
    return digest[0];
  }

  private static Map<String, String> authHeader(ImageRef r, RegistryOptions options) {
    Optional<RegistryAuth> auth = options.credentials().find(r.registry());
    if (auth.isEmpty()) {
      return Map.of();
    }
    String server = r.registry().equals(ImageRef.DOCKER_HUB) ? ImageRef.DOCKER_HUB_AUTH_KEY : r.registry();
    return Map.of("X-Registry-Auth", auth.get().header(server));
  }

  /** Turns the engine's progress messages into layer events (messages without a layer are skipped). */
  private static java.util.function.Consumer<Map<String, Object>> progress(String ref, Direction direction,
      DeployListener listener) {
    Map<String, Long> totals = new HashMap<>();
    return m -> {
      String id = EngineGateway.str(m.get("id"));
      String status = EngineGateway.str(m.get("status"));
      if (id == null || status == null) {
        return;
      }
      Map<String, Object> detail = EngineGateway.map(m.get("progressDetail"));
      long current = EngineGateway.number(detail.get("current"));
      long total = EngineGateway.number(detail.get("total"));
      LayerPhase phase = phase(status);
      if (phase == null) {
        return;
      }
      if (total > 0) {
        totals.put(id + phase, total);
      }
      long known = totals.getOrDefault(id + (phase == LayerPhase.VERIFYING ? LayerPhase.DOWNLOADING : phase), -1L);
      if (status.startsWith("Download complete")) {
        current = known;
      }
      long t = total > 0 ? total : known;
      long done = Math.max(0, t > 0 ? Math.min(current, t) : current);
      listener.onEvent(new DeployEvent.LayerProgress(ref, id, phase, done, t));
    };
  }

  /** The layer phase of an engine status line, or null for a line that is not about a layer. */
  static LayerPhase phase(String status) {
    String s = status.toLowerCase(Locale.ROOT);
    if (s.startsWith("pulling fs layer") || s.startsWith("waiting") || s.startsWith("preparing")) {
      return LayerPhase.WAITING;
    }
    if (s.startsWith("downloading") || s.startsWith("download complete")) {
      return LayerPhase.DOWNLOADING;
    }
    if (s.startsWith("verifying")) {
      return LayerPhase.VERIFYING;
    }
    if (s.startsWith("extracting")) {
      return LayerPhase.EXTRACTING;
    }
    if (s.startsWith("pushing")) {
      return LayerPhase.PUSHING;
    }
    if (s.startsWith("pull complete") || s.equals("pushed")) {
      return LayerPhase.DONE;
    }
    if (s.startsWith("already exists") || s.startsWith("layer already exists") || s.startsWith("mounted from")) {
      return LayerPhase.ALREADY_PRESENT;
    }
    return null;
  }

  private static ImageTransferException failure(String ref, ImageRef r, Direction direction, EngineGateway.Refusal e) {
    ImageTransferException.Reason reason = reason(e.status(), e.engineMessage());
    ImageTransferException.Failure f = new ImageTransferException.Failure(ref, r.registry(), direction, reason,
        e.engineMessage());
    return new ImageTransferException(f.describe(), List.of(f));
  }

  /** Sorts the engine's message (and status) into a reason people can act on. */
  static ImageTransferException.Reason reason(int status, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("repository does not exist") || m.contains("manifest unknown") || m.contains("not found")
        || m.contains("name unknown") || status == 404) {
      return ImageTransferException.Reason.NOT_FOUND;
    }
    if (m.contains("unauthorized") || m.contains("authentication required") || m.contains("no basic auth")
        || m.contains("denied") || m.contains("forbidden") || m.contains("incorrect username or password")) {
      return ImageTransferException.Reason.UNAUTHORISED;
    }
    if (m.contains("connection refused") || m.contains("no such host") || m.contains("i/o timeout")
        || m.contains("dial tcp") || m.contains("network is unreachable") || m.contains("tls handshake")
        || m.contains("http response to https client") || m.contains("deadline exceeded")
        || m.contains("no route to host") || m.contains("timeout")) {
      return ImageTransferException.Reason.UNREACHABLE;
    }
    return ImageTransferException.Reason.OTHER;
  }
}
