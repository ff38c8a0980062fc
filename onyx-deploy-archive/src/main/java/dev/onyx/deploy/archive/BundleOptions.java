package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.PullPolicy;
import dev.onyx.deploy.docker.RegistryOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Bundle#create(dev.onyx.deploy.core.Stack, dev.onyx.deploy.docker.DockerEngine, Path,
 * BundleOptions)} writes a bundle. Immutable: each {@code withX} returns a copy.
 *
 * <pre>
 * BundleOptions.defaults()
 *     .withCompressionLevel(6)
 *     .withListener(DeployListener.logging())
 *     .withComposeVariable("COMPOSE_PROFILES", "s3-filestore")   // into compose/.env.example
 *     .withSince(Path.of("shop-1.0.zip"))                       // an upgrade: only the new layers
 * </pre>
 */
public final class BundleOptions {
  /** What an incremental bundle is made on: an earlier bundle's file, or an inventory. */
  private sealed interface Since permits SinceBundle, SinceInventory {
  }

  private record SinceBundle(Path bundle) implements Since {
  }

  private record SinceInventory(LayerInventory inventory) implements Since {
  }

  private final int level;
  private final int threads;
  private final DeployListener listener;
  private final boolean buildMissing;
  private final Path projectDirectory;
  private final PullPolicy pullPolicy;
  private final RegistryOptions registryOptions;
  private final Map<String, String> composeVariables;
  private final Optional<Since> since;

  private BundleOptions(int level, int threads, DeployListener listener, boolean buildMissing, Path projectDirectory,
      PullPolicy pullPolicy, RegistryOptions registryOptions, Map<String, String> composeVariables,
      Optional<Since> since) {
    this.level = level;
    this.threads = threads;
    this.listener = listener;
    this.buildMissing = buildMissing;
    this.projectDirectory = projectDirectory;
    this.pullPolicy = pullPolicy;
    this.registryOptions = registryOptions;
    this.composeVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(composeVariables));
    this.since = since;
  }

  /**
   * @return level {@link Bundle#DEFAULT_LEVEL}, every core compressing, no listener, missing images
   *     built (services with a {@code build}) or pulled ({@link PullPolicy#MISSING}, credentials from
   *     {@link RegistryOptions#defaults()}), the current folder as project folder, no extra compose
   *     variable, a full bundle
   */
  public static BundleOptions defaults() {
    return new BundleOptions(Bundle.DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors(), DeployListener.NONE,
        true, Path.of(""), PullPolicy.MISSING, RegistryOptions.defaults(), Map.of(), Optional.empty());
  }

  private BundleOptions with(int level, int threads, DeployListener listener, boolean buildMissing, Path dir,
      PullPolicy pull, RegistryOptions registry, Map<String, String> vars, Optional<Since> since) {
    return new BundleOptions(level, threads, listener, buildMissing, dir, pull, registry, vars, since);
  }

  /**
   * @param value the deflate level, 0 (store) to 9 (smallest); default {@link Bundle#DEFAULT_LEVEL}
   * @return a copy
   */
  public BundleOptions withCompressionLevel(int value) {
    if (value < 0 || value > 9) {
      throw new IllegalArgumentException("compression level " + value + " is not in 0..9");
    }
    return with(value, threads, listener, buildMissing, projectDirectory, pullPolicy, registryOptions,
        composeVariables, since);
  }

  /**
   * @param value how many threads compress; default: every available core
   * @return a copy
   */
  public BundleOptions withThreads(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("threads " + value + " < 1");
    }
    return with(level, value, listener, buildMissing, projectDirectory, pullPolicy, registryOptions,
        composeVariables, since);
  }

  /**
   * @param value receives {@link DeployEvent.Progress} ({@code save images}: bytes of the engine's
   *     image stream read so far of the estimated total), {@link DeployEvent.ActionStarted} /
   *     {@link DeployEvent.ActionCompleted}, the output of image builds and the pulls' layer progress
   * @return a copy
   */
  public BundleOptions withListener(DeployListener value) {
    return with(level, threads, Objects.requireNonNull(value, "listener == null"), buildMissing, projectDirectory,
        pullPolicy, registryOptions, composeVariables, since);
  }

  /**
   * @param value whether an image missing on the engine is built when its service has a
   *     {@code build} (default true); when false, it is reported as missing
   * @return a copy
   */
  public BundleOptions withBuildMissing(boolean value) {
    return with(level, threads, listener, value, projectDirectory, pullPolicy, registryOptions, composeVariables, since);
  }

  /**
   * @param value the folder that relative build contexts are relative to (default: the current
   *     folder), like the compose project folder
   * @return a copy
   */
  public BundleOptions withProjectDirectory(Path value) {
    return with(level, threads, listener, buildMissing, Objects.requireNonNull(value, "projectDirectory == null"),
        pullPolicy, registryOptions, composeVariables, since);
  }

  /**
   * @param value whether images are pulled before they are saved (default {@link PullPolicy#MISSING}:
   *     the missing ones; a service's own {@code pull_policy} wins)
   * @return a copy
   */
  public BundleOptions withPullPolicy(PullPolicy value) {
    return with(level, threads, listener, buildMissing, projectDirectory, Objects.requireNonNull(value, "pullPolicy == null"),
        registryOptions, composeVariables, since);
  }

  /**
   * @param value registry credentials and pull parallelism
   * @return a copy
   */
  public BundleOptions withRegistryOptions(RegistryOptions value) {
    return with(level, threads, listener, buildMissing, projectDirectory, pullPolicy,
        Objects.requireNonNull(value, "registryOptions == null"), composeVariables, since);
  }

  /**
   * Adds a setting to the bundle's {@code compose/.env.example}, which the deploy scripts copy to
   * {@code .env} (e.g. {@code COMPOSE_PROFILES}, so the services of a profile the stack was built for
   * start under a plain {@code docker compose up}).
   *
   * @param name the variable
   * @param value its value
   * @return a copy with that variable (a second call with the same name replaces the value)
   */
  public BundleOptions withComposeVariable(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    Map<String, String> v = new LinkedHashMap<>(composeVariables);
    v.put(name, value);
    return with(level, threads, listener, buildMissing, projectDirectory, pullPolicy, registryOptions, v, since);
  }

  /**
   * Makes an incremental bundle on top of an earlier one: every layer the earlier bundle's images
   * hold is left out (the target must have loaded it; {@link Bundle#load} and the scripts check that
   * first and name the earlier bundle when it is missing).
   *
   * @param earlierBundle the earlier bundle's zip (its manifest is read; replaces an inventory given before)
   * @return a copy
   */
  public BundleOptions withSince(Path earlierBundle) {
    return with(level, threads, listener, buildMissing, projectDirectory, pullPolicy, registryOptions, composeVariables,
        Optional.of(new SinceBundle(Objects.requireNonNull(earlierBundle, "earlierBundle == null"))));
  }

  /**
   * Makes an incremental bundle on top of what a target engine holds: every layer the inventory's
   * images hold is left out.
   *
   * @param inventory the target's inventory ({@link LayerInventory#read}; replaces an earlier bundle given before)
   * @return a copy
   */
  public BundleOptions withSince(LayerInventory inventory) {
    return with(level, threads, listener, buildMissing, projectDirectory, pullPolicy, registryOptions, composeVariables,
        Optional.of(new SinceInventory(Objects.requireNonNull(inventory, "inventory == null"))));
  }

  /** @return the deflate level */
  public int compressionLevel() {
    return level;
  }

  /** @return how many threads compress */
  public int threads() {
    return threads;
  }

  /** @return the listener */
  public DeployListener listener() {
    return listener;
  }

  /** @return whether missing images with a build are built */
  public boolean buildMissing() {
    return buildMissing;
  }

  /** @return the folder relative build contexts are relative to */
  public Path projectDirectory() {
    return projectDirectory;
  }

  /** @return when images are pulled before they are saved */
  public PullPolicy pullPolicy() {
    return pullPolicy;
  }

  /** @return registry credentials and pull parallelism */
  public RegistryOptions registryOptions() {
    return registryOptions;
  }

  /** @return the settings added to {@code compose/.env.example}, in the order given */
  public Map<String, String> composeVariables() {
    return composeVariables;
  }

  /** @return the earlier bundle an incremental bundle is made on, if one was given */
  public Optional<Path> sinceBundle() {
    return since.filter(SinceBundle.class::isInstance).map(s -> ((SinceBundle) s).bundle());
  }

  /** @return the inventory an incremental bundle is made on, if one was given */
  public Optional<LayerInventory> sinceInventory() {
    return since.filter(SinceInventory.class::isInstance).map(s -> ((SinceInventory) s).inventory());
  }
}
