package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.internal.Messages;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The images of one engine: inspect, list, pull and push (with registry credentials and per-layer
 * progress), save several to one stream, load, remove and build (classic builder, through the API).
 * Get it from {@link DockerEngine#images()}.
 *
 * <pre>
 * Images images = engine.images();
 * images.pull(List.of("postgres:16", "redis:7"), RegistryOptions.defaults(), DeployListener.logging());
 * images.push("registry.example.com/shop/api:1.0", RegistryOptions.defaults(), DeployListener.NONE);
 * images.remove("shop/api:0.9", Images.Removal.IF_UNUSED);
 * </pre>
 */
public final class Images {
  /** What {@link #remove(String, Removal)} does when containers still use the image. */
  public enum Removal {
    /** Refuse (an error naming the image) while a container uses it. */
    IF_UNUSED,
    /** Remove it anyway (the containers keep running on the now untagged image). */
    FORCE
  }

  private final DockerEngine engine;

  Images(DockerEngine engine) {
    this.engine = engine;
  }

  /**
   * @param ref an image reference ({@code repo:tag}, an id, {@code repo@sha256:...})
   * @return what the engine knows of it, or empty when it has no such image
   */
  public Optional<ImageInfo> inspect(String ref) {
    Objects.requireNonNull(ref, "ref == null");
    try {
      return engine.reads().image(ref);
    } catch (DeployException e) {
      throw new DeployException("inspecting image " + ref + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Saves images as ONE {@code docker save} tar stream (layers shared by several images appear
   * once). The stream comes straight from the engine, not buffered; the caller must close it.
   *
   * @param refs the images (tags or ids); at least one
   * @return the tar stream
   * @throws DeployException if an image is missing or the engine refuses
   */
  public InputStream save(List<String> refs) {
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("save: no image given");
    }
    StringBuilder path = new StringBuilder("/images/get");
    char sep = '?';
    for (String r : refs) {
      path.append(sep).append("names=").append(EngineGateway.query(r));
      sep = '&';
    }
    try {
      return engine.gateway().getStream(path.toString(), "saving images " + String.join(", ", refs));
    } catch (EngineGateway.Refusal e) {
      throw new DeployException(e.getMessage() + ". Check the images exist: save does not pull them.", e);
    }
  }

  /**
   * Loads images from a {@code docker save} tar stream (read to its end, not closed).
   *
   * @param tar the stream
   * @throws DeployException if the engine refuses the stream
   */
  public void load(InputStream tar) {
    Objects.requireNonNull(tar, "tar == null");
    try {
      engine.gateway().postStream("/images/load?quiet=1", Map.of("Content-Type", "application/x-tar"), tar,
          "loading images", m -> { });
    } catch (EngineGateway.Refusal e) {
      throw new DeployException(e.getMessage() + ". Check that the stream is a complete 'docker save' archive.", e);
    }
  }

  /**
   * Pulls one image from its registry (the credentials come from {@code options}); each layer's
   * progress goes to the listener as {@link DeployEvent.LayerProgress}.
   *
   * @param ref the image, e.g. {@code postgres:16} or {@code registry.example.com:5000/team/app:1.0}
   * @param options credentials
   * @param listener receives {@link DeployEvent.ImageTransferStarted}, the layers' progress and
   *     {@link DeployEvent.ImageTransferred}
   * @return the image as the engine now has it
   * @throws ImageTransferException naming the image, the registry and the reason (not found,
   *     unauthorised, unreachable)
   */
  public ImageInfo pull(String ref, RegistryOptions options, DeployListener listener) {
    return pull(List.of(Objects.requireNonNull(ref, "ref == null")), options, listener).get(0);
  }

  /**
   * Pulls images in parallel, at most {@link RegistryOptions#maxConcurrent()} at a time. Every image
   * is tried; the failures are reported together.
   *
   * @param refs the images
   * @param options credentials and parallelism
   * @param listener receives each image's transfer events
   * @return the images as the engine now has them, in the order given
   * @throws ImageTransferException naming each image that failed, its registry and the reason
   */
  public List<ImageInfo> pull(List<String> refs, RegistryOptions options, DeployListener listener) {
    Objects.requireNonNull(options, "options == null");
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(refs));
    List<ImageInfo> pulled = engine.deployer().transfers().pullAll(distinct, options,
        DeployListener.safe(Objects.requireNonNull(listener, "listener == null")), "");
    java.util.Map<String, ImageInfo> by = new java.util.HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      by.put(distinct.get(i), pulled.get(i));
    }
    return refs.stream().map(by::get).toList();
  }

  /**
   * Pushes a tagged image to the registry its name designates (tag it first, e.g.
   * {@code registry.example.com:5000/team/app:1.0}); each layer's progress goes to the listener.
   *
   * @param ref the tag to push
   * @param options credentials
   * @param listener receives the transfer events
   * @return the digest the registry gave the image ({@code sha256:...})
   * @throws ImageTransferException naming the image, the registry and the reason
   */
  public String push(String ref, RegistryOptions options, DeployListener listener) {
    Objects.requireNonNull(ref, "ref == null");
    Objects.requireNonNull(options, "options == null");
    return engine.deployer().transfers().pushAll(List.of(ref), options,
        DeployListener.safe(Objects.requireNonNull(listener, "listener == null"))).get(0);
  }

  /**
   * @return every image the engine holds (tagged or not; intermediate build layers excluded), with
   *     its layers, as {@link #inspect(String)} gives them
   */
  public List<ImageInfo> list() {
    List<ImageInfo> out = new java.util.ArrayList<>();
    for (Object o : EngineGateway.list(engine.gateway().getJson("/images/json").orElse(List.of()))) {
      String id = EngineGateway.str(EngineGateway.map(o).get("Id"));
      if (id != null) {
        inspect(id).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Removes an image, or one tag of it when it has several, like {@code docker rmi}. Nothing
   * happens when there is no such image.
   *
   * @param ref the image (a tag or an id)
   * @param mode what to do when containers still use it
   * @throws DeployException when the engine refuses (with {@link Removal#IF_UNUSED}: a container uses it)
   */
  public void remove(String ref, Removal mode) {
    Objects.requireNonNull(ref, "ref == null");
    Objects.requireNonNull(mode, "mode == null");
    try {
      engine.client().removeImageCmd(ref).withForce(mode == Removal.FORCE).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (DockerException e) {
      throw new DeployException("removing image " + ref + " failed: " + e.getMessage()
          + (mode == Removal.FORCE ? "" : " (a container may still use it: remove that first, or use Removal.FORCE)"), e);
    }
  }

  /**
   * Builds an image with the engine's classic builder: the context folder is sent as a tar
   * (honouring a {@code .dockerignore}), with the build's Dockerfile, arguments and target. Each
   * line of build output goes to the listener as {@link DeployEvent.BuildOutput} (service = tag).
   *
   * @param tag the tag to give the image
   * @param context the context folder
   * @param build the Dockerfile, arguments and target ({@link Build#context()} is not used: {@code context} is)
   * @param listener receives build output
   * @return the new image's id
   * @throws DeployException with the build's last lines when it fails
   */
  public String build(String tag, Path context, Build build, DeployListener listener) {
    return build(tag, tag, context, build, listener);
  }

  String build(String service, String tag, Path context, Build build, DeployListener listener) {
    DeployListener l = DeployListener.safe(listener == null ? DeployListener.NONE : listener);
    if (!Files.isDirectory(context)) {
      throw new DeployException(service, "building " + tag + " failed: the build context " + context
          + " is not a folder", null);
    }
    Deque<String> last = new ArrayDeque<>();
    Path tar = null;
    try {
      tar = BuildContext.tar(context);
      try (InputStream in = Files.newInputStream(tar)) {
        // forcerm: a failed step's container is removed too (nothing half-made is left behind)
        BuildImageCmd cmd = engine.client().buildImageCmd(in).withTags(Set.of(tag)).withPull(false)
            .withRemove(true).withForcerm(true);
        build.dockerfile().ifPresent(cmd::withDockerfilePath);
        for (Map.Entry<String, String> a : build.args().entrySet()) {
          String v = a.getValue() != null ? a.getValue() : System.getenv(a.getKey());
          if (v != null) {
            cmd.withBuildArg(a.getKey(), v);
          }
        }
        build.target().ifPresent(cmd::withTarget);
        BuildImageResultCallback cb = cmd.exec(new BuildImageResultCallback() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public void onNext(BuildResponseItem item) {
            String text = item.getStream() != null ? item.getStream()
                : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() + "\n"
                : item.getStatus() != null ? item.getStatus() + "\n" : null;
            if (text != null) {
              partial.append(text);
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl).stripTrailing();
                partial.delete(0, nl + 1);
                if (!line.isEmpty()) {
                  synchronized (last) {
                    last.addLast(line);
                    if (last.size() > 20) {
                      last.removeFirst();
                    }
                  }
                  l.onEvent(new DeployEvent.BuildOutput(service, line));
                }
              }
            }
            super.onNext(item);
          }
        });
        String id = cb.awaitImageId();
        return inspect(tag).map(ImageInfo::id).orElse(id);
      }
    } catch (IOException e) {
      throw new DeployException(service, "building " + tag + " failed: cannot read the context "
          + context + ": " + Messages.describe(e), e);
    } catch (RuntimeException e) {
      if (e instanceof DeployException) {
        throw e;
      }
      String lines;
      synchronized (last) {
        lines = String.join("\n  ", last);
      }
      throw new DeployException(service, "building image " + tag + (service.equals(tag) ? "" : " of service " + service)
          + " from " + context + " failed: " + e.getMessage() + (lines.isEmpty() ? "" : "\nlast build output:\n  " + lines), e);
    } finally {
      if (tar != null) {
        try {
          Files.deleteIfExists(tar);
        } catch (IOException e) {
          // a temp file
        }
      }
    }
  }
}
