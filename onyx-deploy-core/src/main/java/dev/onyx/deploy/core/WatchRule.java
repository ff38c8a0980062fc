package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * One watched path, like one entry of {@code develop.watch}.
 *
 * @param path the watched source path ({@code path})
 * @param action what a change does: {@code rebuild}, {@code sync}, {@code restart},
 *     {@code sync+restart} or {@code sync+exec} ({@code action})
 * @param target where synced files go in the container ({@code target})
 * @param ignore patterns of files whose changes are ignored ({@code ignore})
 * @param include patterns of the only files watched ({@code include})
 * @param initialSync whether files are synced when watching starts ({@code initial_sync})
 * @param exec the command a {@code sync+exec} change runs ({@code exec})
 */
public record WatchRule(String path, String action, Optional<String> target, List<String> ignore,
    List<String> include, Optional<Boolean> initialSync, Optional<ServiceHook> exec) {
  /** Checks for nulls and copies the lists. */
  public WatchRule {
    Checks.notNull(path, "path");
    Checks.notNull(action, "action");
    Checks.notNull(target, "target");
    ignore = Checks.list(ignore, "ignore");
    include = Checks.list(include, "include");
    Checks.notNull(initialSync, "initialSync");
    Checks.notNull(exec, "exec");
  }

  /**
   * @param path the source path
   * @param target the path in the container
   * @return a rule syncing changed files
   */
  public static WatchRule sync(String path, String target) {
    return new WatchRule(path, "sync", Optional.of(target), List.of(), List.of(), Optional.empty(), Optional.empty());
  }

  /**
   * @param path the source path
   * @return a rule rebuilding the image on a change
   */
  public static WatchRule rebuild(String path) {
    return new WatchRule(path, "rebuild", Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty());
  }
}
