package dev.onyx.deploy.docker;

import java.util.List;
import java.util.Optional;

/**
 * A service container's state as the engine reports it.
 *
 * @param service the service
 * @param container the container's name, e.g. {@code shop-api-1}
 * @param containerId the container id
 * @param state {@code created}, {@code running}, {@code exited}, {@code restarting}, ...
 * @param health {@code starting}, {@code healthy} or {@code unhealthy}; empty without healthcheck
 * @param exitCode the exit code, when exited
 * @param ports published ports, e.g. {@code 127.0.0.1:8080->80/tcp}
 */
public record ServiceStatus(String service, String container, String containerId, String state,
    Optional<String> health, Optional<Integer> exitCode, List<String> ports) {
  /**
   * Copies the ports.
   *
   * @param service the service
   * @param container the container's name, e.g. {@code shop-api-1}
   * @param containerId the container id
   * @param state {@code created}, {@code running}, {@code exited}, {@code restarting}, ...
   * @param health {@code starting}, {@code healthy} or {@code unhealthy}; empty without healthcheck
   * @param exitCode the exit code, when exited
   * @param ports published ports, e.g. {@code 127.0.0.1:8080->80/tcp}
   */
  public ServiceStatus {
    ports = List.copyOf(ports);
  }
}
