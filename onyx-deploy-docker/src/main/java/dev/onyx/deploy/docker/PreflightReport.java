package dev.onyx.deploy.docker;

import java.util.List;

/**
 * What {@link DockerEngine#preflight} found before any change.
 *
 * @param engineVersion the engine's version
 * @param apiVersion the API version in use
 * @param errors problems that make a deploy fail (a missing image that cannot be built, a host
 *     port held by another container or process)
 * @param warnings things to know (resources beyond what the engine has)
 */
public record PreflightReport(String engineVersion, String apiVersion, List<String> errors,
    List<String> warnings) {
  /**
   * Copies the lists.
   *
   * @param engineVersion the engine's version
   * @param apiVersion the API version in use
   * @param errors problems that make a deploy fail (a missing image that cannot be built, a host port held
   *     by another container or process)
   * @param warnings things to know (resources beyond what the engine has)
   */
  public PreflightReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** @return whether there is no error */
  public boolean ok() {
    return errors.isEmpty();
  }

  /**
   * @return this report
   * @throws DeployException listing every error, when there is one
   */
  public PreflightReport throwIfFailed() {
    if (!ok()) {
      throw new DeployException("preflight failed:\n  - " + String.join("\n  - ", errors));
    }
    return this;
  }

  /** @return the engine line, errors and warnings, one per line */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("engine ").append(engineVersion).append(" (API ").append(apiVersion).append(")");
    errors.forEach(e -> sb.append("\n  error: ").append(e));
    warnings.forEach(w -> sb.append("\n  warning: ").append(w));
    return sb.toString();
  }
}
