package dev.onyx.deploy.docker;

import java.util.Objects;

/**
 * How images are pulled and pushed: where the registry credentials come from and how many images
 * move at the same time. Immutable: each {@code withX} returns a copy.
 *
 * <pre>
 * RegistryOptions.defaults()
 *     .withCredentials(RegistryCredentials.of("registry.example.com", RegistryAuth.basic("ci", token))
 *         .orElse(RegistryCredentials.defaults()))
 *     .withMaxConcurrent(2)
 * </pre>
 */
public final class RegistryOptions {
  private final RegistryCredentials credentials;
  private final int maxConcurrent;

  private RegistryOptions(RegistryCredentials credentials, int maxConcurrent) {
    this.credentials = credentials;
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * @return credentials from {@link RegistryCredentials#defaults()} (the environment's
   *     {@code DOCKER_AUTH_CONFIG}, then the Docker configuration), 3 images at a time (compose pulls
   *     in parallel too; the engine itself downloads 3 layers of an image at a time)
   */
  public static RegistryOptions defaults() {
    return new RegistryOptions(RegistryCredentials.defaults(), 3);
  }

  /**
   * @param value where credentials come from
   * @return a copy
   */
  public RegistryOptions withCredentials(RegistryCredentials value) {
    return new RegistryOptions(Objects.requireNonNull(value, "credentials == null"), maxConcurrent);
  }

  /**
   * @param value how many images are pulled (or pushed) at the same time, at least 1
   * @return a copy
   */
  public RegistryOptions withMaxConcurrent(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("max concurrent image transfers must be at least 1, was " + value);
    }
    return new RegistryOptions(credentials, value);
  }

  /** @return where credentials come from */
  public RegistryCredentials credentials() {
    return credentials;
  }

  /** @return how many images move at the same time */
  public int maxConcurrent() {
    return maxConcurrent;
  }
}
