package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.internal.Messages;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of one engine: inspect, save several to one stream, load, remove and build (classic
 * builder, through the API). Get it from {@link DockerEngine#images()}.
 */
public final class Images {
  private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

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
    StringBuilder path = new StringBuilder(apiPath("/images/get"));
    char sep = '?';
    for (String r : refs) {
      path.append(sep).append("names=").append(URLEncoder.encode(r, StandardCharsets.UTF_8));
      sep = '&';
    }
    DockerHttpClient.Request req = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET).path(path.toString()).build();
    DockerHttpClient.Response resp = engine.http().execute(req);
    if (resp.getStatusCode() != 200) {
      String body = readAll(resp);
      throw new DeployException("saving images " + refs + " failed (HTTP " + resp.getStatusCode() + "): "
          + errorOf(body) + ". Check the images exist: they are not pulled by save.");
    }
    return new FilterInputStream(resp.getBody()) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          resp.close();
        }
      }
    };
  }

  /**
   * Loads images from a {@code docker save} tar stream (read to its end, not closed).
   *
   * @param tar the stream
   * @throws DeployException if the engine refuses the stream
   */
  public void load(InputStream tar) {
    Objects.requireNonNull(tar, "tar == null");
    InputStream body = new FilterInputStream(tar) {
      @Override
      public void close() {
        // the caller owns the stream
      }
    };
    DockerHttpClient.Request req = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.POST).path(apiPath("/images/load?quiet=1"))
        .putHeader("Content-Type", "application/x-tar").body(body).build();
    try (DockerHttpClient.Response resp = engine.http().execute(req)) {
      String out = readAll(resp);
      if (resp.getStatusCode() != 200 || ERROR.matcher(out).find()) {
        throw new DeployException("loading images failed (HTTP " + resp.getStatusCode() + "): "
            + errorOf(out) + ". Check that the stream is a complete 'docker save' archive.");
      }
    }
  }

  /**
   * Removes an image (a tag, or the image when it is its last tag). Nothing happens when there is
   * no such image.
   *
   * @param ref the image
   * @param force whether to remove it even when containers use it
   */
  public void remove(String ref, boolean force) {
    try {
      engine.client().removeImageCmd(ref).withForce(force).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (DockerException e) {
      throw new DeployException("removing image " + ref + " failed: " + e.getMessage()
          + (force ? "" : " (a container may still use it: remove that first or force)"), e);
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

  private String apiPath(String p) {
    return "/v" + engine.apiVersion() + p;
  }

  static String readAll(DockerHttpClient.Response resp) {
    try (InputStream in = resp.getBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String errorOf(String body) {
    Matcher m = ERROR.matcher(body);
    if (m.find()) {
      return m.group(1).replace("\\\"", "\"").replace("\\n", " ");
    }
    Matcher msg = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
    return msg.find() ? msg.group(1) : body.strip();
  }
}
