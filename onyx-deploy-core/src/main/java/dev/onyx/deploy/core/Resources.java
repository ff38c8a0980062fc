package dev.onyx.deploy.core;

import java.util.List;

/**
 * A service's resource limits and reservations, like {@code deploy.resources}.
 *
 * @param limits the most the service may use
 * @param reservations what the service is guaranteed
 * @param devices device requests (GPUs), written under reservations as compose does
 */
public record Resources(ResourceSpec limits, ResourceSpec reservations, List<DeviceRequest> devices) {
  /** No limits, reservations or devices. */
  public static final Resources NONE = new Resources(ResourceSpec.NONE, ResourceSpec.NONE, List.of());

  /** Checks for nulls and copies the devices. */
  public Resources {
    Checks.notNull(limits, "limits");
    Checks.notNull(reservations, "reservations");
    devices = Checks.list(devices, "devices");
  }

  /**
   * @param spec the limits
   * @return a copy with those limits
   */
  public Resources withLimits(ResourceSpec spec) {
    return new Resources(spec, reservations, devices);
  }

  /**
   * @param spec the reservations
   * @return a copy with those reservations
   */
  public Resources withReservations(ResourceSpec spec) {
    return new Resources(limits, spec, devices);
  }

  /**
   * @param requests the device requests
   * @return a copy with those (replacing)
   */
  public Resources withDevices(List<DeviceRequest> requests) {
    return new Resources(limits, reservations, requests);
  }

  /** @return whether nothing is set */
  public boolean isEmpty() {
    return limits.isEmpty() && reservations.isEmpty() && devices.isEmpty();
  }
}
