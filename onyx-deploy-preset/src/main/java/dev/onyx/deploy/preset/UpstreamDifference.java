package dev.onyx.deploy.preset;

import java.util.Objects;

/**
 * One way the preset's upstream layout differs from upstream's {@code docker-compose.yml} (Onyx
 * v4.6.1), with the reason. See {@link OnyxStack#differencesFromUpstream()}.
 *
 * @param path where, in compose terms (e.g. {@code services.code-interpreter})
 * @param difference what differs
 * @param reason why
 * @param structural whether it changes the structure compared by the preset's tests (service names,
 *     dependency edges and conditions, volumes and mounts, healthcheck endpoints) rather than
 *     settings
 */
public record UpstreamDifference(String path, String difference, String reason, boolean structural) {
  /** Checks for nulls. */
  public UpstreamDifference {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(difference, "difference == null");
    Objects.requireNonNull(reason, "reason == null");
  }
}
