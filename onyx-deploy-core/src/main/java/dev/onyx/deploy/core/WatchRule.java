package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One watched path, like one entry of {@code develop.watch}.
 *
 * <pre>
 * WatchRule.sync("./src", "/app")
 * WatchRule.builder("./src", "sync+restart").target("/app").addIgnore("node_modules").build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class WatchRule {
  private record Values(String path, String action, Optional<String> target, List<String> ignore,
      List<String> include, Optional<Boolean> initialSync, Optional<ServiceHook> exec) {
  }

  private final Values v;

  private WatchRule(Values v) {
    this.v = v;
  }

  /**
   * @param path the watched source path ({@code path})
   * @param action what a change does: {@code rebuild}, {@code sync}, {@code restart},
   *     {@code sync+restart} or {@code sync+exec} ({@code action})
   * @return a builder with nothing else set
   */
  public static Builder builder(String path, String action) {
    return new Builder(path, action);
  }

  /**
   * @param path the source path
   * @param target the path in the container
   * @return a rule syncing changed files
   */
  public static WatchRule sync(String path, String target) {
    return builder(path, "sync").target(target).build();
  }

  /**
   * @param path the source path
   * @return a rule rebuilding the image on a change
   */
  public static WatchRule rebuild(String path) {
    return builder(path, "rebuild").build();
  }

  /** @return the watched source path ({@code path}) */
  public String path() {
    return v.path;
  }

  /** @return what a change does ({@code action}) */
  public String action() {
    return v.action;
  }

  /** @return where synced files go in the container ({@code target}) */
  public Optional<String> target() {
    return v.target;
  }

  /** @return patterns of files whose changes are ignored ({@code ignore}) */
  public List<String> ignore() {
    return v.ignore;
  }

  /** @return patterns of the only files watched ({@code include}) */
  public List<String> include() {
    return v.include;
  }

  /** @return whether files are synced when watching starts ({@code initial_sync}) */
  public Optional<Boolean> initialSync() {
    return v.initialSync;
  }

  /** @return the command a {@code sync+exec} change runs ({@code exec}) */
  public Optional<ServiceHook> exec() {
    return v.exec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WatchRule w && v.equals(w.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "WatchRule" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link WatchRule}. Not thread-safe. */
  public static final class Builder {
    private final String path;
    private final String action;
    private Optional<String> target = Optional.empty();
    private final List<String> ignore = new ArrayList<>();
    private final List<String> include = new ArrayList<>();
    private Optional<Boolean> initialSync = Optional.empty();
    private Optional<ServiceHook> exec = Optional.empty();

    private Builder(String path, String action) {
      this.path = Checks.notNull(path, "path");
      this.action = Checks.notNull(action, "action");
    }

    /**
     * @param value where synced files go in the container ({@code target})
     * @return this builder
     */
    public Builder target(String value) {
      target = Optional.of(Checks.notNull(value, "target"));
      return this;
    }

    /**
     * @param values ignored patterns, appended ({@code ignore})
     * @return this builder
     */
    public Builder addIgnore(String... values) {
      ignore.addAll(Checks.array("ignore", values));
      return this;
    }

    /**
     * @param values included patterns, appended ({@code include})
     * @return this builder
     */
    public Builder addInclude(String... values) {
      include.addAll(Checks.array("include", values));
      return this;
    }

    /**
     * @param value whether files are synced when watching starts ({@code initial_sync})
     * @return this builder
     */
    public Builder initialSync(boolean value) {
      initialSync = Optional.of(value);
      return this;
    }

    /**
     * @param value the command a {@code sync+exec} change runs ({@code exec})
     * @return this builder
     */
    public Builder exec(ServiceHook value) {
      exec = Optional.of(Checks.notNull(value, "exec"));
      return this;
    }

    /** @return the rule */
    public WatchRule build() {
      return new WatchRule(new Values(path, action, target, List.copyOf(ignore), List.copyOf(include), initialSync,
          exec));
    }
  }
}
