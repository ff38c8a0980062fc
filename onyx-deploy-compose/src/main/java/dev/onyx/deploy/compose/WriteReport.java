package dev.onyx.deploy.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ComposeProject.Writer#write} did in the project folder. Entries are project-relative
 * file paths ({@code compose.yaml}, {@code secrets/db_password}, {@code config/nginx.conf}) or, for
 * variables of the {@code .env} file, {@code .env:NAME}. Never a value.
 *
 * @param directory the project folder
 * @param added files and {@code .env} variables that did not exist and were written
 * @param kept secrets (files under {@code secrets/} and {@code .env} variables) that already existed
 *     and were left exactly as they were: an existing secret is never changed
 * @param changed files other than secrets whose content was replaced ({@code compose.yaml}, config
 *     files, {@code README.txt})
 * @param unchanged files other than secrets that already had the right content
 * @param unused files under {@code secrets/} and {@code config/} that the stack does not use any
 *     more; they are left in place (delete them yourself once sure)
 * @param warnings things to look at, e.g. a kept secret that differs from the value the stack gives
 */
public record WriteReport(
    Path directory,
    List<String> added,
    List<String> kept,
    List<String> changed,
    List<String> unchanged,
    List<String> unused,
    List<String> warnings) {

  /**
   * Checks for nulls and copies the lists.
   *
   * @param directory the project folder
   * @param added files and variables written new
   * @param kept existing secrets left as they were
   * @param changed other files whose content was replaced
   * @param unchanged other files that already had the right content
   * @param unused files the stack no longer uses (left in place)
   * @param warnings things to look at
   */
  public WriteReport {
    Objects.requireNonNull(directory, "directory == null");
    added = List.copyOf(added);
    kept = List.copyOf(kept);
    changed = List.copyOf(changed);
    unchanged = List.copyOf(unchanged);
    unused = List.copyOf(unused);
    warnings = List.copyOf(warnings);
  }

  /** @return a few lines for people: what was added, kept, changed, unused, and the warnings */
  public String summary() {
    StringBuilder sb = new StringBuilder("compose project ").append(directory).append('\n');
    line(sb, "added", added);
    line(sb, "kept", kept);
    line(sb, "changed", changed);
    line(sb, "unused", unused);
    warnings.forEach(w -> sb.append("  warning: ").append(w).append('\n'));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String what, List<String> items) {
    if (!items.isEmpty()) {
      sb.append("  ").append(what).append(": ").append(String.join(", ", items)).append('\n');
    }
  }
}
