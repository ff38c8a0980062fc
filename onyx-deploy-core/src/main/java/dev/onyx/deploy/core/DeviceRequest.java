package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request for host devices such as GPUs, like one entry of
 * {@code deploy.resources.reservations.devices}.
 *
 * <pre>
 * DeviceRequest.allGpus()                   // driver nvidia, count all, capabilities [gpu]
 * </pre>
 *
 * @param driver the device driver ({@code nvidia})
 * @param count how many devices; {@code -1} means all; empty when {@code deviceIds} is used
 * @param deviceIds specific device ids
 * @param capabilities the capabilities asked for ({@code gpu}, {@code compute}, ...); at least one
 * @param options driver-specific options
 */
public record DeviceRequest(Optional<String> driver, Optional<Integer> count, List<String> deviceIds,
    List<String> capabilities, Map<String, String> options) {

  /** Checks for nulls and copies the collections. */
  public DeviceRequest {
    Checks.notNull(driver, "driver");
    Checks.notNull(count, "count");
    deviceIds = Checks.list(deviceIds, "deviceIds");
    capabilities = Checks.list(capabilities, "capabilities");
    options = Checks.orderedMapNoNulls(options, "options");
  }

  /** @return every NVIDIA GPU of the host */
  public static DeviceRequest allGpus() {
    return new DeviceRequest(Optional.of("nvidia"), Optional.of(-1), List.of(), List.of("gpu"), Map.of());
  }

  /**
   * @param n how many GPUs
   * @return that many NVIDIA GPUs
   */
  public static DeviceRequest gpus(int n) {
    return new DeviceRequest(Optional.of("nvidia"), Optional.of(n), List.of(), List.of("gpu"), Map.of());
  }
}
