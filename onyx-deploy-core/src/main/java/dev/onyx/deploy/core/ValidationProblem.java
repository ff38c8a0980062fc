package dev.onyx.deploy.core;

import java.util.Objects;

/**
 * One problem found while validating a stack: where it is ({@code services.api.depends_on.db}, in the
 * compose file's vocabulary) and what is wrong with it.
 *
 * @param path the compose-style path of the offending field
 * @param message what is wrong, in words a user can act on
 */
public record ValidationProblem(String path, String message) {
  /** Checks that neither part is null. */
  public ValidationProblem {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(message, "message == null");
  }

  /** @return {@code path: message} */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
