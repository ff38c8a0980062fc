package dev.onyx.deploy.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Container- and volume-level operations on one engine, for day-2 tools (backup and restore) that
 * work below the deploy plan: list a project's containers with their volume mounts, stop and start
 * them, run a command in one with streamed input and output, read and write files through the
 * archive endpoint, and run throw-away helper containers. Get it from {@link DockerEngine#containers()}.
 *
 * <p>Everything goes through the Engine API (a remote engine and Docker Desktop work the same);
 * nothing reads the engine's own files.
 */
public final class Containers {
  /** The label that marks throw-away helper containers, so that a later run can clean them up. */
  public static final String HELPER_LABEL = "dev.onyx.deploy.helper";

  private final DockerEngine engine;

  Containers(DockerEngine engine) {
    this.engine = engine;
  }

  /**
   * A named volume mounted into a container.
   *
   * @param volume the engine-side volume name
   * @param destination the path in the container
   * @param readOnly whether it is mounted read-only
   */
  public record VolumeMount(String volume, String destination, boolean readOnly) {
    /** Checks for nulls. */
    public VolumeMount {
      Objects.requireNonNull(volume, "volume == null");
      Objects.requireNonNull(destination, "destination == null");
    }
  }

  /**
   * One container of a project, as inspected.
   *
   * @param id the container id
   * @param name its name (no leading slash)
   * @param service its compose service label
   * @param image the image id it runs
   * @param state {@code running}, {@code exited}, {@code created}, ...
   * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or empty without a healthcheck
   * @param labels its labels
   * @param volumes the named volumes it mounts
   */
  public record ContainerInfo(String id, String name, String service, String image, String state,
      Optional<String> health, Map<String, String> labels, List<VolumeMount> volumes) {
    /** Copies the collections. */
    public ContainerInfo {
      labels = Map.copyOf(labels);
      volumes = List.copyOf(volumes);
    }

    /** @return whether it runs */
    public boolean running() {
      return "running".equals(state) || "restarting".equals(state);
    }

    /** @return the services it depends on, from the compose {@code depends_on} label */
    public List<String> dependsOn() {
      String d = labels.get(Names.DEPENDS_ON);
      List<String> out = new ArrayList<>();
      if (d != null && !d.isBlank()) {
        for (String part : d.split(",")) {
          out.add(part.split(":", 2)[0].strip());
        }
      }
      return out;
    }
  }

  /**
   * A volume as the engine lists it.
   *
   * @param name the engine-side name
   * @param key its key in the compose project ({@code com.docker.compose.volume}), or the name
   * @param labels its labels
   */
  public record VolumeInfo(String name, String key, Map<String, String> labels) {
    /** Copies the labels. */
    public VolumeInfo {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * @param project the project
   * @return its service containers (one-off and helper containers left out), inspected, by name
   */
  public List<ContainerInfo> ofProject(String project) {
    List<ContainerInfo> out = new ArrayList<>();
    for (var c : engine.reads().projectContainers(project)) {
      Map<String, String> l = c.labels();
      if (!"False".equalsIgnoreCase(l.getOrDefault(Names.ONEOFF, "False")) || l.containsKey(HELPER_LABEL)) {
        continue;
      }
      inspect(c.id()).ifPresent(out::add);
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  /**
   * @param id a container id or name
   * @return the container, or empty when it is gone
   */
  public Optional<ContainerInfo> inspect(String id) {
    InspectContainerResponse r;
    try {
      r = engine.client().inspectContainerCmd(id).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    Map<String, String> labels = r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
    List<VolumeMount> vols = new ArrayList<>();
    if (r.getMounts() != null) {
      for (var m : r.getMounts()) {
        if (m.getName() != null && m.getDriver() != null && m.getDestination() != null) {
          vols.add(new VolumeMount(m.getName(), m.getDestination().getPath(), !Boolean.TRUE.equals(m.getRW())));
        }
      }
    }
    var st = r.getState();
    String health = st.getHealth() == null ? null : st.getHealth().getStatus();
    return Optional.of(new ContainerInfo(r.getId(), Names.shown(r.getName(), r.getId()),
        labels.getOrDefault(Names.SERVICE, ""), r.getImageId(), String.valueOf(st.getStatus()),
        Optional.ofNullable(health), labels, vols));
  }

  /**
   * @param project the project
   * @return the volumes the engine labels as the project's
   */
  public List<VolumeInfo> volumesOfProject(String project) {
    List<InspectVolumeResponse> vs = engine.client().listVolumesCmd()
        .withFilter("label", List.of(Names.PROJECT + "=" + project)).exec().getVolumes();
    List<VolumeInfo> out = new ArrayList<>();
    for (InspectVolumeResponse v : vs == null ? List.<InspectVolumeResponse>of() : vs) {
      Map<String, String> l = v.getLabels() == null ? Map.of() : v.getLabels();
      out.add(new VolumeInfo(v.getName(), l.getOrDefault(Names.VOLUME, v.getName()), l));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  /**
   * The disk usage of volumes, as {@code docker system df -v} reports it.
   *
   * @return bytes per volume name; volumes whose size the engine does not know are left out
   */
  public Map<String, Long> volumeSizes() {
    Map<String, Long> out = new LinkedHashMap<>();
    Object df = engine.reads().get("/system/df").orElse(Map.of());
    Object vols = EngineGateway.map(df).get("Volumes");
    if (vols instanceof List<?> l) {
      for (Object o : l) {
        Map<String, Object> v = EngineGateway.map(o);
        Object usage = v.get("UsageData");
        Object size = usage == null ? null : EngineGateway.map(usage).get("Size");
        if (size instanceof Number n && n.longValue() >= 0) {
          out.put(EngineGateway.str(v.get("Name")), n.longValue());
        }
      }
    }
    return out;
  }

  /**
   * Stops a container (nothing happens when it is stopped already).
   *
   * @param id the container
   * @param timeout how long it may take to stop before it is killed; null for its own stop grace period
   */
  public void stop(String id, Duration timeout) {
    try {
      var cmd = engine.client().stopContainerCmd(id);
      if (timeout != null) {
        cmd.withTimeout((int) Math.max(0, timeout.toSeconds()));
      }
      cmd.exec();
    } catch (NotModifiedException e) {
      // stopped already
    } catch (DockerException e) {
      throw new DeployException("stopping container " + id + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a container (nothing happens when it runs already).
   *
   * @param id the container
   */
  public void start(String id) {
    try {
      engine.client().startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // running already
    } catch (DockerException e) {
      throw new DeployException("starting container " + id + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until a container runs and, when it has a healthcheck, is healthy.
   *
   * @param id the container
   * @param timeout how long to wait
   * @throws DeployException when it stops, turns unhealthy or the time runs out, with its last log lines
   */
  public void awaitReady(String id, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      ContainerInfo c = inspect(id).orElseThrow(() -> new DeployException("container " + id + " is gone"));
      boolean healthy = c.health().map("healthy"::equals).orElse(true);
      if (c.running() && healthy) {
        return;
      }
      String why = null;
      if (!c.running() && !"created".equals(c.state())) {
        why = "stopped (" + c.state() + ")";
      } else if (c.health().map("unhealthy"::equals).orElse(false)) {
        why = "is unhealthy";
      } else if (System.nanoTime() > end) {
        why = "is not ready after " + timeout.toSeconds() + " s (" + c.state() + c.health().map(h -> ", " + h).orElse("") + ")";
      }
      if (why != null) {
        throw new DeployException(c.service(), "service '" + c.service() + "' (" + c.name() + ") " + why
            + "; last log lines:\n  " + engine.deployer().lastLogLines(id, 10), null);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("interrupted while waiting for " + c.name());
      }
    }
  }

  /**
   * Runs a command in a running container, streaming its input and output.
   *
   * @param id the container
   * @param command the argv
   * @param user the user to run as; null for the container's
   * @param stdin what the command reads (read to its end, not closed); null for no input
   * @param stdout receives its standard output (not closed)
   * @param stderr receives its standard error (not closed)
   * @return its exit code
   * @throws IOException if writing the output fails or the thread is interrupted
   */
  public int exec(String id, List<String> command, String user, InputStream stdin, OutputStream stdout,
      OutputStream stderr) throws IOException {
    var create = engine.client().execCreateCmd(id).withCmd(command.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true).withAttachStdin(stdin != null);
    if (user != null) {
      create.withUser(user);
    }
    String execId = create.exec().getId();
    java.nio.file.Path socket = UnixExecStream.socketOf(engine.config().host());
    if (socket != null) {
      // over a connection of its own: the general client feeds a large input 1 KiB at a time, and
      // hands a large output over in small frames through native reads
      UnixExecStream.run(socket, engine.apiVersion(), execId, stdin, stdout, stderr);
      return exitCode(execId, command);
    }
    IOException[] failed = new IOException[1];
    var start = engine.client().execStartCmd(execId);
    if (stdin != null) {
      start.withStdIn(new FilterInputStream(stdin) {
        @Override
        public void close() {
          // the caller owns it
        }
      });
    }
    var cb = start.exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame f) {
        if (failed[0] != null) {
          return;
        }
        try {
          (f.getStreamType() == StreamType.STDERR ? stderr : stdout).write(f.getPayload());
        } catch (IOException e) {
          failed[0] = e;
          try {
            close();
          } catch (IOException ignored) {
            // closing the attach stream ends the exec's output
          }
        }
      }
    });
    try {
      cb.awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cb.close();
      throw new InterruptedIOException("interrupted while running " + command.get(0));
    }
    if (failed[0] != null) {
      throw failed[0];
    }
    return exitCode(execId, command);
  }

  /** Waits (briefly) for an exec whose output has ended to report its exit code; -1 when it does not. */
  private int exitCode(String execId, List<String> command) throws IOException {
    Long code = null;
    for (int i = 0; i < 100 && code == null; i++) {
      var ins = engine.client().inspectExecCmd(execId).exec();
      code = Boolean.TRUE.equals(ins.isRunning()) ? null : ins.getExitCodeLong();
      if (code == null) {
        try {
          TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while running " + command.get(0));
        }
      }
    }
    return code == null ? -1 : code.intValue();
  }

  /**
   * Creates (does not start) a helper container that mounts volumes, with no network. The archive
   * endpoint reads and writes a created container's volumes without starting it, so its image
   * needs no particular program for that.
   *
   * @param image an image the engine has (never pulled)
   * @param name the container name
   * @param volumes the volumes to mount (volume name to path)
   * @param labels its labels ({@link #HELPER_LABEL} is added)
   * @param command the entrypoint and arguments to use if it is started; empty for the image's
   * @return its id
   */
  public String createHelper(String image, String name, Map<String, String> volumes, Map<String, String> labels,
      List<String> command) {
    List<com.github.dockerjava.api.model.Mount> mounts = new ArrayList<>();
    volumes.forEach((vol, path) -> mounts.add(new com.github.dockerjava.api.model.Mount()
        .withType(com.github.dockerjava.api.model.MountType.VOLUME).withSource(vol).withTarget(path)));
    Map<String, String> l = new LinkedHashMap<>(labels);
    l.put(HELPER_LABEL, "true");
    l.putIfAbsent(Names.ONEOFF, "True");
    var cmd = engine.client().createContainerCmd(image).withName(name).withLabels(l)
        .withHostConfig(HostConfig.newHostConfig().withMounts(mounts).withNetworkMode("none"));
    if (!command.isEmpty()) {
      cmd.withEntrypoint(command.toArray(String[]::new)).withCmd(List.of());
    }
    try {
      return cmd.exec().getId();
    } catch (DockerException e) {
      throw new DeployException("creating a helper container from image " + image + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a created helper container, waits for it to exit and returns its exit code and output.
   *
   * @param id the helper
   * @param timeout how long it may run
   * @return its exit code and output
   */
  public ExecResult runToEnd(String id, Duration timeout) {
    start(id);
    Integer code;
    try {
      code = engine.client().waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (DockerException e) {
      throw new DeployException("waiting for helper container " + id + " failed: " + e.getMessage(), e);
    }
    List<String> lines = new ArrayList<>();
    engine.deployer().logs(id, 50, false, lines::add);
    return new ExecResult(code == null ? -1 : code, String.join("\n", lines), "");
  }

  /**
   * Removes a container and its anonymous volumes (nothing happens when it is gone).
   *
   * @param id the container
   */
  public void remove(String id) {
    try {
      engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // gone
    } catch (DockerException e) {
      throw new DeployException("removing container " + id + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * @param project the project
   * @return the project's helper containers (left behind by runs that did not end normally)
   */
  public List<String> leftoverHelpers(String project) {
    List<String> out = new ArrayList<>();
    engine.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(HELPER_LABEL, Names.PROJECT + "=" + project)).exec()
        .forEach(c -> out.add(c.getId()));
    return out;
  }

  /**
   * @param project the project
   * @return the labels that make a helper container the project's (compose's project label, one-off)
   */
  public static Map<String, String> helperLabels(String project) {
    return Map.of(Names.PROJECT, project, Names.ONEOFF, "True", HELPER_LABEL, "true");
  }

  /**
   * Reads a path of a container (running or not, its volumes included) as a tar stream, like
   * {@code docker cp CONTAINER:PATH -}. The stream comes straight from the engine; close it.
   *
   * @param id the container
   * @param path the path in the container
   * @return the tar stream; its entries are named after the path's last part
   */
  public InputStream readArchive(String id, String path) {
    String what = "reading " + path + " from container " + id;
    java.nio.file.Path socket = UnixExecStream.socketOf(engine.config().host());
    if (socket != null) {
      try {
        return UnixHttp.get(socket, engine.apiVersion(), "/containers/" + id + "/archive?path="
            + EngineGateway.query(path), what);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(what + " failed: " + e.getMessage(), e);
      }
    }
    return engine.gateway().getStream("/containers/" + id + "/archive?path=" + EngineGateway.query(path),
        "reading " + path + " from container " + id);
  }

  /**
   * Extracts a tar stream into a folder of a container (running or not, its volumes included),
   * like {@code docker cp - CONTAINER:PATH}. Owners and modes in the tar are kept.
   *
   * @param id the container
   * @param path an existing folder in the container
   * @param tar the tar stream (read to its end, not closed)
   */
  public void writeArchive(String id, String path, InputStream tar) {
    java.nio.file.Path socket = UnixExecStream.socketOf(engine.config().host());
    if (socket != null) {
      String what = "writing into " + path + " of container " + id;
      try {
        UnixHttp.put(socket, engine.apiVersion(), "/containers/" + id + "/archive?path=" + EngineGateway.query(path),
            Map.of("Content-Type", "application/x-tar"), tar, what);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(what + " failed: " + e.getMessage(), e);
      }
      return;
    }
    engine.gateway().put("/containers/" + id + "/archive?path=" + EngineGateway.query(path),
        Map.of("Content-Type", "application/x-tar"), tar, "writing into " + path + " of container " + id);
  }

}
