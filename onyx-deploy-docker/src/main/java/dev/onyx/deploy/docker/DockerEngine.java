package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import dev.onyx.deploy.core.internal.Messages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A connection to one Docker engine, through its HTTP API (never the {@code docker} binary). It
 * deploys stacks ({@link #plan}, {@link #apply}, {@link #down}, {@link #status}, {@link #logs},
 * {@link #exec}, {@link #preflight}) and works with images ({@link #images()}). Thread-safe; close
 * it when done.
 *
 * <pre>
 * try (DockerEngine engine = DockerEngine.connect()) {
 *   System.out.println(engine.plan(stack));
 *   engine.apply(stack, DeployOptions.defaults().withListener(DeployListener.logging()));
 * }
 * </pre>
 *
 * <p>The API version is negotiated: the engine's own version is used (up to 1.44, the newest this
 * client knows), unless {@link EngineConfig#apiVersion()} fixes one.
 */
public final class DockerEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
  /** The newest API version this client speaks. */
  static final String MAX_API = "1.44";

  private final EngineConfig config;
  private final DockerHttpClient http;
  /** docker-java's client, made on first use: reads go through {@link #reads} without it. */
  private @Nullable DockerClient client;
  private boolean closed;
  private final EngineGateway gateway;
  private final EngineReads reads;
  private final String apiVersion;
  private final String engineVersion;
  private final Images images;
  private final Containers containers;
  private final Deployer deployer;

  private DockerEngine(EngineConfig config, DockerHttpClient http, String apiVersion, String engineVersion) {
    this.config = config;
    this.http = http;
    this.gateway = new EngineGateway(http, apiVersion);
    this.reads = new EngineReads(gateway);
    this.apiVersion = apiVersion;
    this.engineVersion = engineVersion;
    this.images = new Images(this);
    this.containers = new Containers(this);
    this.deployer = new Deployer(this);
  }

  /**
   * Connects to the engine the {@code docker} CLI would use ({@link EngineConfig#fromEnvironment()}).
   *
   * @return a connected engine
   * @throws EngineUnavailableException if no engine answers there
   */
  public static DockerEngine connect() {
    return connect(EngineConfig.fromEnvironment());
  }

  /**
   * @param host the engine's address, e.g. {@code unix:///var/run/docker.sock}
   * @return a connected engine
   * @throws EngineUnavailableException if no engine answers there
   */
  public static DockerEngine connect(URI host) {
    return connect(EngineConfig.of(host));
  }

  /**
   * Connects and negotiates the API version.
   *
   * @param config where and how
   * @return a connected engine
   * @throws EngineUnavailableException if no engine answers there, saying where it looked and what to check
   */
  public static DockerEngine connect(EngineConfig config) {
    String where = config.host() + " (from " + config.source() + ")";
    String socketProblem = socketProblem(config.host());
    DockerHttpClient http = null;
    try {
      if (socketProblem != null) {
        // Fail at once: httpclient5 would retry the request (and log each retry) before giving up.
        throw new IllegalStateException(socketProblem);
      }
      com.github.dockerjava.transport.SSLConfig tls = null;
      if (config.tlsVerify()) {
        Path certs = config.certPath().orElseThrow(() -> new IllegalStateException(
            "TLS verification is on (DOCKER_TLS_VERIFY) but no certificate folder is set (DOCKER_CERT_PATH)"));
        if (!Files.isDirectory(certs)) {
          throw new IllegalStateException("TLS verification is on (DOCKER_TLS_VERIFY) but the certificate folder "
              + certs + " does not exist (DOCKER_CERT_PATH)");
        }
        tls = new com.github.dockerjava.core.LocalDirectorySSLConfig(certs.toString());
      }
      http = new ApacheDockerHttpClient.Builder()
          .dockerHost(config.host())
          .sslConfig(sslConfig(tls, config.host()))
          .maxConnections(200)
          .connectionTimeout(config.connectTimeout())
          .build();
      // One raw call (no second client): GET /version answers without an API prefix.
      Map<String, Object> version = EngineGateway.version(http);
      String engineVersion = EngineGateway.str(version.get("Version"));
      String serverApi = EngineGateway.str(version.get("ApiVersion"));
      String api = config.apiVersion().orElse(serverApi == null ? "1.41" : Versions.min(serverApi, MAX_API));
      LOG.debug("connected to Docker engine {} at {}, API {}", engineVersion, config.host(), api);
      return new DockerEngine(config, http, api, engineVersion);
    } catch (RuntimeException e) {
      closeQuietly(http);
      StringBuilder m = new StringBuilder("no Docker engine answers at ").append(where).append(": ");
      m.append(socketProblem != null ? socketProblem : rootMessage(e) + ".");
      m.append(" Check that the Docker engine is running (Docker Desktop: start it and wait until it "
          + "says it is running; Linux: 'sudo systemctl start docker'), that this user may use the "
          + "socket (Linux: member of the 'docker' group), and that DOCKER_HOST or the docker context "
          + "('docker context ls') names the right engine.");
      throw new EngineUnavailableException(config.host().toString(), m.toString(), e);
    }
  }

  /**
   * The TLS set-up for the transport. Over a local socket TLS is never used, but httpclient5 builds
   * the JDK's default TLS strategy when given none (loading the trust store: ~100 ms of every CLI
   * run); an uninitialised context it never touches avoids that.
   */
  static com.github.dockerjava.transport.SSLConfig sslConfig(com.github.dockerjava.transport.SSLConfig configured,
      URI host) {
    if (configured != null || !("unix".equals(host.getScheme()) || "npipe".equals(host.getScheme()))) {
      return configured;
    }
    return () -> javax.net.ssl.SSLContext.getInstance("TLS");
  }

  private static @Nullable String socketProblem(URI host) {
    if (!"unix".equals(host.getScheme())) {
      return null;
    }
    Path p = Path.of(host.getPath());
    if (!Files.exists(p)) {
      return "the socket " + p + " does not exist.";
    }
    if (!Files.isReadable(p) || !Files.isWritable(p)) {
      return "this user (" + System.getProperty("user.name") + ") has no permission on " + p + ".";
    }
    return null;
  }

  /** @return the innermost cause's description for people (never a class name) */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return Messages.describe(t);
  }

  /** @return the image operations of this engine */
  public Images images() {
    return images;
  }

  /** @return the container- and volume-level operations of this engine (backup and restore use them) */
  public Containers containers() {
    return containers;
  }

  /** @return the engine's HTTP API as JSON values, over this connection */
  public EngineApi api() {
    return new EngineApi(gateway);
  }

  /** @return the API version in use, e.g. {@code 1.41} */
  public String apiVersion() {
    return apiVersion;
  }

  /** @return the engine's own version, e.g. {@code 20.10.24} */
  public String engineVersion() {
    return engineVersion;
  }

  /** @return the config this engine was reached with */
  public EngineConfig config() {
    return config;
  }

  /** @return whether the engine supports healthcheck {@code start_interval} (API 1.44+) */
  public boolean supportsStartInterval() {
    return Versions.compare(apiVersion, "1.44") >= 0;
  }

  /**
   * Observes what the engine runs for the stack's project and computes what {@link #apply} would
   * do, without changing anything.
   *
   * @param stack the wanted stack
   * @return the planned actions
   */
  public Plan plan(Stack stack) {
    return plan(stack, DeployOptions.defaults());
  }

  /**
   * Like {@link #plan(Stack)}, resolving files and kept secrets as {@link #apply} would with these
   * options (project folder, state folder). Changes nothing, not even the state folder.
   *
   * @param stack the wanted stack
   * @param options the options an apply would use
   * @return the planned actions
   */
  public Plan plan(Stack stack, DeployOptions options) {
    refuseConflicts(stack);
    return deployer.plan(DeploySettings.withImplicitDependencies(stack), options);
  }

  /** Services that run together and publish one host port or share a container name cannot all start. */
  private static void refuseConflicts(Stack stack) {
    List<ValidationProblem> conflicts = stack.conflicts();
    if (!conflicts.isEmpty()) {
      throw new StackValidationException(stack.name(), conflicts);
    }
  }

  /**
   * Checks, before any change, that the stack can be deployed here: the engine answers, images
   * are present or buildable (one an apply would pull is a warning; one whose {@code pull_policy}
   * is {@code never} an error), published host ports are free, and memory/CPUs suffice.
   *
   * @param stack the stack
   * @return the findings (errors and warnings)
   */
  public PreflightReport preflight(Stack stack) {
    return deployer.preflight(DeploySettings.withImplicitDependencies(stack), Path.of("").toAbsolutePath());
  }

  /**
   * Deploys the stack: plans, then applies the plan as a dependency graph with event-driven
   * readiness, and returns once every service is running, healthy or completed as required.
   * Applying an unchanged stack again changes nothing.
   *
   * @param stack the wanted stack
   * @param options timeout, listener, readiness and hooks
   * @return what was done
   * @throws StackValidationException if services that run together publish one host port or share
   *     a container name ({@link Stack#conflicts()}); nothing is changed
   * @throws DeployException naming the failing service, the reason, and its last health output
   *     or log lines; nothing already running is removed
   */
  public DeployResult apply(Stack stack, DeployOptions options) {
    refuseConflicts(stack);
    return deployer.apply(DeploySettings.withImplicitDependencies(stack), options);
  }

  /**
   * Stops and removes the project's containers and networks, keeping its volumes (like
   * {@code docker compose down}).
   *
   * @param project the project (stack) name
   */
  public void down(String project) {
    down(project, DownOptions.defaults());
  }

  /**
   * Stops and removes the project's containers and networks, and with
   * {@link DownOptions#withVolumes(boolean)} its volumes and the generated secrets kept for it
   * (like {@code docker compose down [--volumes]}).
   *
   * @param project the project (stack) name
   * @param options what to remove and how long containers may take to stop
   */
  public void down(String project, DownOptions options) {
    deployer.down(project, options.volumes(), options.stopTimeout().orElse(null), options.stateDir());
  }

  /**
   * @param project the project name
   * @return each service's container: state, health and published ports (one-offs excluded)
   */
  public java.util.List<ServiceStatus> status(String project) {
    return deployer.status(project);
  }

  /**
   * Reads a service's logs (stdout and stderr), line by line.
   *
   * @param project the project
   * @param service the service
   * @param options which lines: all or the last N, and whether to follow new ones
   * @param lines receives each line, without its end
   */
  public void logs(String project, String service, LogOptions options,
      java.util.function.Consumer<String> lines) {
    deployer.logs(project, service, options.tail().orElse(-1), options.follow(), lines);
  }

  /**
   * Runs a command in a service's running container and waits for it.
   *
   * @param project the project
   * @param service the service
   * @param command the argv
   * @return its exit code and output
   */
  public ExecResult exec(String project, String service, java.util.List<String> command) {
    return deployer.exec(project, service, command);
  }

  /** @return docker-java's client over this engine's transport (made on first use) */
  synchronized DockerClient client() {
    if (client == null) {
      if (closed) {
        throw new IllegalStateException("this engine connection is closed");
      }
      DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost(config.host().toString())
          .withDockerTlsVerify(config.tlsVerify())
          .withApiVersion(apiVersion);
      config.certPath().ifPresent(p -> b.withDockerCertPath(p.toString()));
      try {
        client = DockerClientImpl.getInstance(b.build(), http);
      } catch (RuntimeException e) {
        throw new EngineUnavailableException(config.host().toString(), "cannot set up the Docker client for "
            + config.host() + ": " + rootMessage(e) + ". Check the Docker CLI configuration "
            + "(~/.docker/config.json, DOCKER_CONFIG, DOCKER_CERT_PATH).", e);
      }
    }
    return client;
  }

  /** @return the plain reads (containers, networks, volumes, images) that need no docker-java client */
  EngineReads reads() {
    return reads;
  }

  /** @return the deploy operations (and the image transfers they share a thread pool with) */
  Deployer deployer() {
    return deployer;
  }

  /** @return the one way raw HTTP reaches the engine */
  EngineGateway gateway() {
    return gateway;
  }

  /** Releases the connection. */
  @Override
  public void close() {
    deployer.close();
    synchronized (this) {
      closed = true;
      if (client != null) {
        try {
          client.close();
        } catch (IOException e) {
          LOG.debug("closing the docker client", e);
        }
      }
    }
    closeQuietly(http);
  }

  private static void closeQuietly(DockerHttpClient h) {
    if (h != null) {
      try {
        h.close();
      } catch (IOException e) {
        LOG.debug("closing the http client", e);
      }
    }
  }

  /** @return the engine's address and API version */
  @Override
  public String toString() {
    return "DockerEngine[" + config.host() + ", API " + apiVersion + "]";
  }

  /** Dotted version comparison. */
  static final class Versions {
    private Versions() {
    }

    static int compare(String a, String b) {
      String[] x = a.split("\\.");
      String[] y = b.split("\\.");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        int p = i < x.length ? parse(x[i]) : 0;
        int q = i < y.length ? parse(y[i]) : 0;
        if (p != q) {
          return Integer.compare(p, q);
        }
      }
      return 0;
    }

    static String min(String a, String b) {
      return compare(a, b) <= 0 ? a : b;
    }

    private static int parse(String s) {
      try {
        return Integer.parseInt(s.replaceAll("\\D.*", "").toLowerCase(Locale.ROOT));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
