package dev.onyx.deploy.core;

import java.util.List;

/**
 * A service's resource limits and reservations, like {@code deploy.resources}.
 *
 * @param limits the most the service may use ({@code limits})
 * @param reservations what the service is guaranteed ({@code reservations})
 * @param devices device requests such as GPUs ({@code reservations.devices})
 * @param genericResources node resources a Swarm task reserves ({@code reservations.generic_resources})
 */
public record Resources(ResourceSpec limits, ResourceSpec reservations, List<DeviceRequest> devices,
    List<GenericResource> genericResources) {
  /** No limits, reservations, devices or generic resources. */
  public static final Resources NONE = new Resources(ResourceSpec.NONE, ResourceSpec.NONE, List.of(), List.of());

  /** Checks for nulls and copies the lists. */
  public Resources {
    Checks.notNull(limits, "limits");
    Checks.notNull(reservations, "reservations");
    devices = Checks.list(devices, "devices");
    genericResources = Checks.list(genericResources, "genericResources");
  }

  /**
   * Resources without generic resources.
   *
   * @param limits the limits
   * @param reservations the reservations
   * @param devices the device requests
   */
  public Resources(ResourceSpec limits, ResourceSpec reservations, List<DeviceRequest> devices) {
    this(limits, reservations, devices, List.of());
  }

  /**
   * @param spec the limits
   * @return a copy with those limits
   */
  public Resources withLimits(ResourceSpec spec) {
    return new Resources(spec, reservations, devices, genericResources);
  }

  /**
   * @param spec the reservations
   * @return a copy with those reservations
   */
  public Resources withReservations(ResourceSpec spec) {
    return new Resources(limits, spec, devices, genericResources);
  }

  /**
   * @param requests the device requests
   * @return a copy with those (replacing)
   */
  public Resources withDevices(List<DeviceRequest> requests) {
    return new Resources(limits, reservations, requests, genericResources);
  }

  /**
   * @param resources the generic resources
   * @return a copy with those (replacing)
   */
  public Resources withGenericResources(List<GenericResource> resources) {
    return new Resources(limits, reservations, devices, resources);
  }

  /** @return whether nothing is set */
  public boolean isEmpty() {
    return limits.isEmpty() && reservations.isEmpty() && devices.isEmpty() && genericResources.isEmpty();
  }
}
