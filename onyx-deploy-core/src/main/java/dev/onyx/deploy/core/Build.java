package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a service's image is built, like a service's {@code build}. Immutable; made with
 * {@link #of(String)} or {@link #builder(String)}.
 *
 * <pre>
 * Build.of("./backend").withDockerfile("Dockerfile.prod").withArg("VERSION", "1.2").withTarget("runtime")
 * Build.builder(".").dockerfileInline("FROM alpine\nRUN apk add curl\n").addTags("shop/api:dev").build()
 * </pre>
 *
 * <p>Each accessor names the compose key it stands for; empty values mean compose's default.
 */
public final class Build {
  private record Values(
      String context,
      Optional<String> dockerfile,
      Optional<String> dockerfileInline,
      Map<String, String> args,
      Optional<String> target,
      List<String> ssh,
      List<String> cacheFrom,
      List<String> cacheTo,
      Map<String, String> additionalContexts,
      List<ExtraHost> extraHosts,
      Optional<String> isolation,
      Optional<String> network,
      boolean privileged,
      List<FileReference> secrets,
      List<String> tags,
      List<Ulimit> ulimits,
      List<String> platforms,
      Map<String, String> labels,
      boolean noCache,
      boolean pull,
      Optional<ByteSize> shmSize,
      List<String> entitlements,
      Optional<String> provenance,
      Optional<String> sbom,
      Map<String, Object> extensions) {
  }

  private final Values v;

  private Build(Values v) {
    this.v = v;
  }

  /**
   * @param context the build context
   * @return a build of that context's {@code Dockerfile}
   */
  public static Build of(String context) {
    return builder(context).build();
  }

  /**
   * @param context the build context: a folder (relative to the project folder) or a URL
   * @return a builder with nothing else set
   */
  public static Builder builder(String context) {
    return new Builder(context);
  }

  /** @return a builder holding these values, to change a copy */
  public Builder toBuilder() {
    Builder b = new Builder(v.context);
    b.dockerfile = v.dockerfile;
    b.dockerfileInline = v.dockerfileInline;
    b.args.putAll(v.args);
    b.target = v.target;
    b.ssh.addAll(v.ssh);
    b.cacheFrom.addAll(v.cacheFrom);
    b.cacheTo.addAll(v.cacheTo);
    b.additionalContexts.putAll(v.additionalContexts);
    b.extraHosts.addAll(v.extraHosts);
    b.isolation = v.isolation;
    b.network = v.network;
    b.privileged = v.privileged;
    b.secrets.addAll(v.secrets);
    b.tags.addAll(v.tags);
    b.ulimits.addAll(v.ulimits);
    b.platforms.addAll(v.platforms);
    b.labels.putAll(v.labels);
    b.noCache = v.noCache;
    b.pull = v.pull;
    b.shmSize = v.shmSize;
    b.entitlements.addAll(v.entitlements);
    b.provenance = v.provenance;
    b.sbom = v.sbom;
    b.extensions.putAll(v.extensions);
    return b;
  }

  /** @return the build context: a folder or a URL ({@code context}) */
  public String context() {
    return v.context;
  }

  /** @return the Dockerfile, relative to the context; empty means {@code Dockerfile} ({@code dockerfile}) */
  public Optional<String> dockerfile() {
    return v.dockerfile;
  }

  /** @return the Dockerfile's text, given inline instead of a file ({@code dockerfile_inline}) */
  public Optional<String> dockerfileInline() {
    return v.dockerfileInline;
  }

  /** @return build arguments; a null value means "taken from the environment" ({@code args}) */
  public Map<String, String> args() {
    return v.args;
  }

  /** @return the stage to build in a multi-stage Dockerfile ({@code target}) */
  public Optional<String> target() {
    return v.target;
  }

  /** @return SSH agent sockets or keys the build may use, {@code default} or {@code ID=PATH} ({@code ssh}) */
  public List<String> ssh() {
    return v.ssh;
  }

  /** @return cache sources ({@code cache_from}) */
  public List<String> cacheFrom() {
    return v.cacheFrom;
  }

  /** @return cache destinations ({@code cache_to}) */
  public List<String> cacheTo() {
    return v.cacheTo;
  }

  /** @return named extra contexts, name to folder, URL or {@code docker-image://...} ({@code additional_contexts}) */
  public Map<String, String> additionalContexts() {
    return v.additionalContexts;
  }

  /** @return extra {@code /etc/hosts} lines during the build ({@code extra_hosts}) */
  public List<ExtraHost> extraHosts() {
    return v.extraHosts;
  }

  /** @return the isolation technology of the build containers ({@code isolation}) */
  public Optional<String> isolation() {
    return v.isolation;
  }

  /** @return the network of the build containers ({@code network}) */
  public Optional<String> network() {
    return v.network;
  }

  /** @return whether the build runs privileged ({@code privileged}) */
  public boolean privileged() {
    return v.privileged;
  }

  /** @return stack secrets the build may read ({@code secrets}) */
  public List<FileReference> secrets() {
    return v.secrets;
  }

  /** @return extra tags of the built image ({@code tags}) */
  public List<String> tags() {
    return v.tags;
  }

  /** @return process limits of the build containers ({@code ulimits}) */
  public List<Ulimit> ulimits() {
    return v.ulimits;
  }

  /** @return the platforms to build for ({@code platforms}) */
  public List<String> platforms() {
    return v.platforms;
  }

  /** @return labels of the built image ({@code labels}) */
  public Map<String, String> labels() {
    return v.labels;
  }

  /** @return whether the build ignores its cache ({@code no_cache}) */
  public boolean noCache() {
    return v.noCache;
  }

  /** @return whether the build pulls its base images again ({@code pull}) */
  public boolean pull() {
    return v.pull;
  }

  /** @return the size of {@code /dev/shm} in the build containers ({@code shm_size}) */
  public Optional<ByteSize> shmSize() {
    return v.shmSize;
  }

  /** @return extra privileges the build may use, e.g. {@code network.host} ({@code entitlements}) */
  public List<String> entitlements() {
    return v.entitlements;
  }

  /** @return the provenance attestation setting, {@code true}, {@code false} or options ({@code provenance}) */
  public Optional<String> provenance() {
    return v.provenance;
  }

  /** @return the SBOM attestation setting, {@code true}, {@code false} or options ({@code sbom}) */
  public Optional<String> sbom() {
    return v.sbom;
  }

  /** @return extension fields ({@code x-...}) of the build section */
  public Map<String, Object> extensions() {
    return v.extensions;
  }

  /** @return whether only the context is set (compose's short syntax {@code build: ./dir} says it all) */
  public boolean isContextOnly() {
    // field by field, not equals(of(context)): a record's equals is costly on a cold start
    return v.dockerfile.isEmpty() && v.dockerfileInline.isEmpty() && v.args.isEmpty() && v.target.isEmpty()
        && v.ssh.isEmpty() && v.cacheFrom.isEmpty() && v.cacheTo.isEmpty() && v.additionalContexts.isEmpty()
        && v.extraHosts.isEmpty() && v.isolation.isEmpty() && v.network.isEmpty() && !v.privileged
        && v.secrets.isEmpty() && v.tags.isEmpty() && v.ulimits.isEmpty() && v.platforms.isEmpty()
        && v.labels.isEmpty() && !v.noCache && !v.pull && v.shmSize.isEmpty() && v.entitlements.isEmpty()
        && v.provenance.isEmpty() && v.sbom.isEmpty() && v.extensions.isEmpty();
  }

  /**
   * @param file the Dockerfile
   * @return a copy with that Dockerfile
   */
  public Build withDockerfile(String file) {
    return toBuilder().dockerfile(file).build();
  }

  /**
   * @param name the argument
   * @param value its value
   * @return a copy with it added
   */
  public Build withArg(String name, String value) {
    return toBuilder().arg(name, value).build();
  }

  /**
   * @param stage the stage
   * @return a copy building that stage
   */
  public Build withTarget(String stage) {
    return toBuilder().target(stage).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Build b && v.equals(b.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Build" + v.toString().substring("Values".length());
  }

  /**
   * A mutable builder of {@link Build}: {@code x(...)} sets or replaces, {@code addX(...)} appends to
   * a list, the singular method adds one map entry. Not thread-safe.
   */
  public static final class Builder {
    private String context;
    private Optional<String> dockerfile = Optional.empty();
    private Optional<String> dockerfileInline = Optional.empty();
    private final Map<String, String> args = new LinkedHashMap<>();
    private Optional<String> target = Optional.empty();
    private final List<String> ssh = new ArrayList<>();
    private final List<String> cacheFrom = new ArrayList<>();
    private final List<String> cacheTo = new ArrayList<>();
    private final Map<String, String> additionalContexts = new LinkedHashMap<>();
    private final List<ExtraHost> extraHosts = new ArrayList<>();
    private Optional<String> isolation = Optional.empty();
    private Optional<String> network = Optional.empty();
    private boolean privileged;
    private final List<FileReference> secrets = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<Ulimit> ulimits = new ArrayList<>();
    private final List<String> platforms = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean noCache;
    private boolean pull;
    private Optional<ByteSize> shmSize = Optional.empty();
    private final List<String> entitlements = new ArrayList<>();
    private Optional<String> provenance = Optional.empty();
    private Optional<String> sbom = Optional.empty();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(String context) {
      this.context = Checks.notNull(context, "context");
    }

    /**
     * @param value the build context ({@code context})
     * @return this builder
     */
    public Builder context(String value) {
      context = Checks.notNull(value, "context");
      return this;
    }

    /**
     * @param value the Dockerfile ({@code dockerfile})
     * @return this builder
     */
    public Builder dockerfile(String value) {
      dockerfile = Optional.of(Checks.notNull(value, "dockerfile"));
      return this;
    }

    /**
     * @param value the Dockerfile's text ({@code dockerfile_inline})
     * @return this builder
     */
    public Builder dockerfileInline(String value) {
      dockerfileInline = Optional.of(Checks.notNull(value, "dockerfileInline"));
      return this;
    }

    /**
     * @param values build arguments, replacing all ({@code args})
     * @return this builder
     */
    public Builder args(Map<String, String> values) {
      Map<String, String> copy = Checks.orderedMap(values, "args");
      args.clear();
      args.putAll(copy);
      return this;
    }

    /**
     * @param name an argument
     * @param value its value; null means "taken from the environment"
     * @return this builder
     */
    public Builder arg(String name, String value) {
      args.put(Checks.notNull(name, "arg"), value);
      return this;
    }

    /**
     * @param value the stage ({@code target})
     * @return this builder
     */
    public Builder target(String value) {
      target = Optional.of(Checks.notNull(value, "target"));
      return this;
    }

    /**
     * @param values SSH sockets or keys, appended ({@code ssh})
     * @return this builder
     */
    public Builder addSsh(String... values) {
      ssh.addAll(Checks.array("ssh", values));
      return this;
    }

    /**
     * @param values cache sources, appended ({@code cache_from})
     * @return this builder
     */
    public Builder addCacheFrom(String... values) {
      cacheFrom.addAll(Checks.array("cacheFrom", values));
      return this;
    }

    /**
     * @param values cache destinations, appended ({@code cache_to})
     * @return this builder
     */
    public Builder addCacheTo(String... values) {
      cacheTo.addAll(Checks.array("cacheTo", values));
      return this;
    }

    /**
     * @param name a context name
     * @param location its folder, URL or {@code docker-image://...} ({@code additional_contexts})
     * @return this builder
     */
    public Builder additionalContext(String name, String location) {
      additionalContexts.put(Checks.notNull(name, "additionalContexts key"),
          Checks.notNull(location, "additionalContexts.", name));
      return this;
    }

    /**
     * @param values extra hosts, appended ({@code extra_hosts})
     * @return this builder
     */
    public Builder addExtraHosts(ExtraHost... values) {
      extraHosts.addAll(Checks.array("extraHosts", values));
      return this;
    }

    /**
     * @param value the isolation technology ({@code isolation})
     * @return this builder
     */
    public Builder isolation(String value) {
      isolation = Optional.of(Checks.notNull(value, "isolation"));
      return this;
    }

    /**
     * @param value the build network ({@code network})
     * @return this builder
     */
    public Builder network(String value) {
      network = Optional.of(Checks.notNull(value, "network"));
      return this;
    }

    /**
     * @param value whether the build is privileged ({@code privileged})
     * @return this builder
     */
    public Builder privileged(boolean value) {
      privileged = value;
      return this;
    }

    /**
     * @param values secrets, appended ({@code secrets})
     * @return this builder
     */
    public Builder addSecrets(FileReference... values) {
      secrets.addAll(Checks.array("secrets", values));
      return this;
    }

    /**
     * @param values tags, appended ({@code tags})
     * @return this builder
     */
    public Builder addTags(String... values) {
      tags.addAll(Checks.array("tags", values));
      return this;
    }

    /**
     * @param values process limits, appended ({@code ulimits})
     * @return this builder
     */
    public Builder addUlimits(Ulimit... values) {
      ulimits.addAll(Checks.array("ulimits", values));
      return this;
    }

    /**
     * @param values platforms, appended ({@code platforms})
     * @return this builder
     */
    public Builder addPlatforms(String... values) {
      platforms.addAll(Checks.array("platforms", values));
      return this;
    }

    /**
     * @param key an image label
     * @param value its value ({@code labels})
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Checks.notNull(key, "labels key"), Checks.notNull(value, "labels.", key));
      return this;
    }

    /**
     * @param value whether the cache is ignored ({@code no_cache})
     * @return this builder
     */
    public Builder noCache(boolean value) {
      noCache = value;
      return this;
    }

    /**
     * @param value whether base images are pulled again ({@code pull})
     * @return this builder
     */
    public Builder pull(boolean value) {
      pull = value;
      return this;
    }

    /**
     * @param value the size of {@code /dev/shm} ({@code shm_size})
     * @return this builder
     */
    public Builder shmSize(ByteSize value) {
      shmSize = Optional.of(Checks.notNull(value, "shmSize"));
      return this;
    }

    /**
     * @param values entitlements, appended ({@code entitlements})
     * @return this builder
     */
    public Builder addEntitlements(String... values) {
      entitlements.addAll(Checks.array("entitlements", values));
      return this;
    }

    /**
     * @param value the provenance setting ({@code provenance})
     * @return this builder
     */
    public Builder provenance(String value) {
      provenance = Optional.of(Checks.notNull(value, "provenance"));
      return this;
    }

    /**
     * @param value the SBOM setting ({@code sbom})
     * @return this builder
     */
    public Builder sbom(String value) {
      sbom = Optional.of(Checks.notNull(value, "sbom"));
      return this;
    }

    /**
     * @param values extension fields ({@code x-...}), replacing all
     * @return this builder
     */
    public Builder extensions(Map<String, ?> values) {
      Map<String, Object> copy = Checks.extensions(values, "extensions");
      extensions.clear();
      extensions.putAll(copy);
      return this;
    }

    /** @return the build */
    public Build build() {
      return new Build(new Values(context, dockerfile, dockerfileInline, Checks.orderedMap(args, "args"), target,
          List.copyOf(ssh), List.copyOf(cacheFrom), List.copyOf(cacheTo),
          Checks.orderedMapNoNulls(additionalContexts, "additionalContexts"), List.copyOf(extraHosts), isolation,
          network, privileged, List.copyOf(secrets), List.copyOf(tags), List.copyOf(ulimits),
          List.copyOf(platforms), Checks.orderedMapNoNulls(labels, "labels"), noCache, pull, shmSize,
          List.copyOf(entitlements), provenance, sbom, Checks.extensions(extensions, "extensions")));
    }
  }
}
