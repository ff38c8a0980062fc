package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A whole multi-container application: its services, volumes, networks, secrets and configs, like a
 * compose project. Immutable and always valid: {@link Builder#build()} checks every rule and reports
 * every problem at once ({@link StackValidationException}). Clashes between services that run
 * together (a host port published twice, a container name used twice) make a stack that compose
 * accepts but cannot start in full: {@link #conflicts()} lists them, and backends check them
 * before they change anything.
 *
 * <pre>
 * Stack stack = Stack.builder("shop")
 *     .addVolume(Volume.named("db_data"))
 *     .addSecret(Secret.generated("db_password"))
 *     .addService(Service.builder("db").image("postgres:16")
 *         .secretEnv("POSTGRES_PASSWORD", "db_password")
 *         .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
 *         .healthcheck(Healthcheck.shell("pg_isready -U postgres"))
 *         .build())
 *     .addService(Service.builder("api").image("shop/api:1.0")
 *         .addDependsOn(DependsOn.healthy("db"))
 *         .addPorts(PortMapping.publish(8080, 8080))
 *         .build())
 *     .build();
 *
 * Stack bigger = stack.withService(stack.service("api").orElseThrow()
 *     .withResources(Resources.NONE.withLimits(ResourceSpec.of("2", "1g"))));
 * </pre>
 *
 * <p>The same stack goes to every backend: a compose project on disk, a Docker engine, an offline
 * bundle, or a Swarm.
 */
public final class Stack {
  private final String name;
  private final List<Service> services;
  private final List<Volume> volumes;
  private final List<Network> networks;
  private final List<Secret> secrets;
  private final List<ConfigFile> configs;
  private final List<AiModel> models;
  private final Map<String, Object> extensions;
  private final Optional<Set<String>> activeProfiles;

  private Stack(Builder b) {
    this.name = b.name;
    this.services = List.copyOf(b.services);
    this.volumes = List.copyOf(b.volumes);
    this.networks = List.copyOf(b.networks);
    this.secrets = List.copyOf(b.secrets);
    this.configs = List.copyOf(b.configs);
    this.models = List.copyOf(b.models);
    this.extensions = Checks.extensions(b.extensions, "extensions");
    this.activeProfiles = b.activeProfiles;
  }

  /**
   * @param name the stack's (compose project's) name: lowercase letters, digits, {@code -} and
   *     {@code _}, starting with a letter or digit
   * @return a builder for a stack of that name
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** @return a builder holding this stack's values, to change a copy */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.services.addAll(services);
    b.volumes.addAll(volumes);
    b.networks.addAll(networks);
    b.secrets.addAll(secrets);
    b.configs.addAll(configs);
    b.models.addAll(models);
    b.extensions.putAll(extensions);
    b.activeProfiles = activeProfiles;
    return b;
  }

  /** @return the stack's name (the compose project name) */
  public String name() {
    return name;
  }

  /** @return the services, in declaration order */
  public List<Service> services() {
    return services;
  }

  /** @return the declared volumes, in declaration order */
  public List<Volume> volumes() {
    return volumes;
  }

  /** @return the declared networks, in declaration order */
  public List<Network> networks() {
    return networks;
  }

  /** @return the declared secrets, in declaration order */
  public List<Secret> secrets() {
    return secrets;
  }

  /** @return the declared configs, in declaration order */
  public List<ConfigFile> configs() {
    return configs;
  }

  /** @return the AI models run for the services (top-level {@code models}), in declaration order */
  public List<AiModel> models() {
    return models;
  }

  /** @return the top-level extension fields ({@code x-...}), in declaration order */
  public Map<String, Object> extensions() {
    return extensions;
  }

  // The look-ups below are plain loops: backends call them per service, and each lambda is a class
  // to make on a cold start.

  /**
   * @param serviceName a name
   * @return the service of that name
   */
  public Optional<Service> service(String serviceName) {
    for (Service s : services) {
      if (s.name().equals(serviceName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * @param volumeName a name
   * @return the volume of that name
   */
  public Optional<Volume> volume(String volumeName) {
    for (Volume v : volumes) {
      if (v.name().equals(volumeName)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * @param networkName a name
   * @return the network of that name
   */
  public Optional<Network> network(String networkName) {
    for (Network n : networks) {
      if (n.name().equals(networkName)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /**
   * @param secretName a name
   * @return the secret of that name
   */
  public Optional<Secret> secret(String secretName) {
    for (Secret s : secrets) {
      if (s.name().equals(secretName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * @param configName a name
   * @return the config of that name
   */
  public Optional<ConfigFile> config(String configName) {
    for (ConfigFile c : configs) {
      if (c.name().equals(configName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** @return the names of the services, in declaration order */
  public List<String> serviceNames() {
    List<String> names = new ArrayList<>(services.size());
    for (Service s : services) {
      names.add(s.name());
    }
    return Collections.unmodifiableList(names);
  }

  /** @return every profile some service names, sorted */
  public Set<String> profiles() {
    Set<String> profiles = new TreeSet<>();
    for (Service s : services) {
      profiles.addAll(s.profiles());
    }
    return profiles;
  }

  /**
   * @param service the new service; one of the same name is replaced in place, else it is appended
   * @return a validated copy
   * @throws StackValidationException if the copy does not hold together
   */
  public Stack withService(Service service) {
    return toBuilder().putService(service).build();
  }

  /**
   * @param serviceName the service to change
   * @param change what to do to its builder
   * @return a validated copy with the service changed
   * @throws IllegalArgumentException if there is no such service
   */
  public Stack withService(String serviceName, UnaryOperator<Service.Builder> change) {
    Service s = service(serviceName).orElseThrow(
        () -> new IllegalArgumentException("no service '" + serviceName + "' in stack '" + name + "'"));
    return withService(change.apply(s.toBuilder()).build());
  }

  /**
   * @param serviceName the service to remove; dependencies on it must be removed too
   * @return a validated copy without it (an equal copy when there is no such service)
   * @throws StackValidationException if the copy does not hold together (a service still depends on
   *     the removed one)
   */
  public Stack withoutService(String serviceName) {
    Builder b = toBuilder();
    b.services.removeIf(s -> s.name().equals(serviceName));
    return b.build();
  }

  /**
   * @return the profiles this stack was narrowed to with {@link #forProfiles(Collection)}; empty when
   *     it holds every service (not part of equality)
   */
  public Optional<Set<String>> activeProfiles() {
    return activeProfiles;
  }

  /**
   * Clashes between services that run together: a host port published twice (same protocol,
   * overlapping addresses) or a container name used twice. Compose accepts such a stack and fails
   * when the second container starts; backends refuse it before they change anything. Services that
   * are alternatives in different profiles (a {@code cpu} and a {@code gpu} variant) do not clash:
   * two services run together when both have no profiles or they share one; in a stack narrowed with
   * {@link #forProfiles(Collection)}, every service runs with every other.
   *
   * @return every clash, with the path of the second service's port or name
   */
  public List<ValidationProblem> conflicts() {
    return Conflicts.of(services, activeProfiles.isPresent());
  }

  /** @return the dependency graph of the services */
  public DependencyGraph graph() {
    return DependencyGraph.of(this);
  }

  /**
   * Narrows the stack to the services the given profiles enable, as {@code docker compose
   * --profile}: services without profiles are always kept, the others when one of their profiles is
   * active ({@code "*"} activates all). A kept service that needs a service left out is an error,
   * unless that dependency is {@code required: false}: then it is dropped.
   *
   * @param activeProfiles the active profiles
   * @return the narrowed, validated stack
   * @throws StackValidationException naming each service whose required dependency is disabled
   */
  public Stack forProfiles(Collection<String> activeProfiles) {
    Set<String> active = new LinkedHashSet<>(Checks.notNull(activeProfiles, "activeProfiles"));
    boolean all = active.contains("*");
    List<Service> kept = new ArrayList<>();
    Set<String> keptNames = new LinkedHashSet<>();
    for (Service s : services) {
      if (all || s.profiles().isEmpty() || !Collections.disjoint(s.profiles(), active)) {
        kept.add(s);
        keptNames.add(s.name());
      }
    }
    List<ValidationProblem> problems = new ArrayList<>();
    List<Service> narrowed = new ArrayList<>();
    for (Service s : kept) {
      List<DependsOn> deps = new ArrayList<>();
      for (DependsOn d : s.dependsOn()) {
        if (keptNames.contains(d.service())) {
          deps.add(d);
        } else if (d.required()) {
          List<String> p = service(d.service()).map(Service::profiles).orElse(List.of());
          problems.add(new ValidationProblem("services." + s.name() + ".depends_on." + d.service(),
              "service '" + d.service() + "' is disabled by profiles " + p + " (active: "
                  + (active.isEmpty() ? "none" : String.join(", ", active)) + ")"));
        }
      }
      narrowed.add(deps.size() == s.dependsOn().size() ? s : s.toBuilder().dependsOn(deps).build());
    }
    if (!problems.isEmpty()) {
      throw new StackValidationException(name, problems);
    }
    Builder b = toBuilder();
    b.services.clear();
    b.services.addAll(narrowed);
    b.activeProfiles = Optional.of(Set.copyOf(active));
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Stack s && name.equals(s.name) && services.equals(s.services)
        && volumes.equals(s.volumes) && networks.equals(s.networks) && secrets.equals(s.secrets)
        && configs.equals(s.configs) && models.equals(s.models) && extensions.equals(s.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, services, volumes, networks, secrets, configs, models, extensions);
  }

  /** @return the name and the service names (secret values are never shown) */
  @Override
  public String toString() {
    return "Stack[name=" + name + ", services=" + serviceNames() + "]";
  }

  /**
   * A mutable builder of {@link Stack}. {@code addX} appends (a duplicate name is reported by
   * {@link #build()}); {@code putService} replaces a service of the same name. Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private final List<Service> services = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<Network> networks = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private final List<ConfigFile> configs = new ArrayList<>();
    private final List<AiModel> models = new ArrayList<>();
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private Optional<Set<String>> activeProfiles = Optional.empty();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /**
     * @param value the stack's name
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Checks.notNull(value, "name");
      return this;
    }

    /**
     * @param values services to append
     * @return this builder
     */
    public Builder addService(Service... values) {
      services.addAll(Checks.array("services", values));
      return this;
    }

    /**
     * @param value a service replacing the one of the same name, or appended
     * @return this builder
     */
    public Builder putService(Service value) {
      Checks.notNull(value, "service");
      for (int i = 0; i < services.size(); i++) {
        if (services.get(i).name().equals(value.name())) {
          services.set(i, value);
          return this;
        }
      }
      services.add(value);
      return this;
    }

    /**
     * @param serviceName the service to drop
     * @return this builder
     */
    public Builder removeService(String serviceName) {
      services.removeIf(s -> s.name().equals(serviceName));
      return this;
    }

    /**
     * @param values the services, replacing all
     * @return this builder
     */
    public Builder services(List<Service> values) {
      services.clear();
      services.addAll(Checks.list(values, "services"));
      return this;
    }

    /**
     * @param values volumes to append
     * @return this builder
     */
    public Builder addVolume(Volume... values) {
      volumes.addAll(Checks.array("volumes", values));
      return this;
    }

    /**
     * @param values the volumes, replacing all
     * @return this builder
     */
    public Builder volumes(List<Volume> values) {
      volumes.clear();
      volumes.addAll(Checks.list(values, "volumes"));
      return this;
    }

    /**
     * @param values networks to append
     * @return this builder
     */
    public Builder addNetwork(Network... values) {
      networks.addAll(Checks.array("networks", values));
      return this;
    }

    /**
     * @param values the networks, replacing all
     * @return this builder
     */
    public Builder networks(List<Network> values) {
      networks.clear();
      networks.addAll(Checks.list(values, "networks"));
      return this;
    }

    /**
     * @param values secrets to append
     * @return this builder
     */
    public Builder addSecret(Secret... values) {
      secrets.addAll(Checks.array("secrets", values));
      return this;
    }

    /**
     * @param values the secrets, replacing all
     * @return this builder
     */
    public Builder secrets(List<Secret> values) {
      secrets.clear();
      secrets.addAll(Checks.list(values, "secrets"));
      return this;
    }

    /**
     * @param values configs to append
     * @return this builder
     */
    public Builder addConfig(ConfigFile... values) {
      configs.addAll(Checks.array("configs", values));
      return this;
    }

    /**
     * @param values the configs, replacing all
     * @return this builder
     */
    public Builder configs(List<ConfigFile> values) {
      configs.clear();
      configs.addAll(Checks.list(values, "configs"));
      return this;
    }

    /**
     * @param values AI models to append (top-level {@code models})
     * @return this builder
     */
    public Builder addModel(AiModel... values) {
      models.addAll(Checks.array("models", values));
      return this;
    }

    /**
     * @param values top-level extension fields ({@code x-...}), replacing all
     * @return this builder
     */
    public Builder extensions(Map<String, ?> values) {
      Map<String, Object> copy = Checks.extensions(values, "extensions");
      extensions.clear();
      extensions.putAll(copy);
      return this;
    }

    /**
     * Clashes among the services added so far, as {@link Stack#conflicts()} finds them, for code that
     * reports every problem of a stack that may not build.
     *
     * @return every clash
     */
    public List<ValidationProblem> conflicts() {
      return Conflicts.of(services, activeProfiles.isPresent());
    }

    /** @return the services added so far (a copy), for code that builds stacks in steps */
    public List<Service> services() {
      return List.copyOf(services);
    }

    /**
     * Validates and builds the stack.
     *
     * @return the stack
     * @throws StackValidationException listing every problem, each with its path
     */
    public Stack build() {
      Stack stack = new Stack(this);
      List<ValidationProblem> problems = Validator.validate(stack);
      if (!problems.isEmpty()) {
        throw new StackValidationException(name, problems);
      }
      return stack;
    }
  }
}
