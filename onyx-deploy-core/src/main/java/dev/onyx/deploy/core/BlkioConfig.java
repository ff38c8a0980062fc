package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * Block IO limits of a service's container, like a service's {@code blkio_config}.
 *
 * @param weight the relative IO weight, 10 to 1000 ({@code weight})
 * @param weightDevice per-device weights ({@code weight_device})
 * @param deviceReadBps read limits in bytes per second ({@code device_read_bps})
 * @param deviceWriteBps write limits in bytes per second ({@code device_write_bps})
 * @param deviceReadIops read limits in operations per second ({@code device_read_iops})
 * @param deviceWriteIops write limits in operations per second ({@code device_write_iops})
 */
public record BlkioConfig(Optional<Integer> weight, List<WeightDevice> weightDevice, List<Throttle> deviceReadBps,
    List<Throttle> deviceWriteBps, List<Throttle> deviceReadIops, List<Throttle> deviceWriteIops) {
  /** Nothing set. */
  public static final BlkioConfig NONE =
      new BlkioConfig(Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of());

  /**
   * A device's IO weight.
   *
   * @param path the device, e.g. {@code /dev/sda}
   * @param weight its weight, 10 to 1000
   */
  public record WeightDevice(String path, int weight) {
    /** Checks for null. */
    public WeightDevice {
      Checks.notNull(path, "path");
    }
  }

  /**
   * A device's IO limit.
   *
   * @param path the device, e.g. {@code /dev/sda}
   * @param rate bytes or operations per second
   */
  public record Throttle(String path, long rate) {
    /** Checks for null. */
    public Throttle {
      Checks.notNull(path, "path");
    }
  }

  /** Checks for nulls and copies the lists. */
  public BlkioConfig {
    Checks.notNull(weight, "weight");
    weightDevice = Checks.list(weightDevice, "weightDevice");
    deviceReadBps = Checks.list(deviceReadBps, "deviceReadBps");
    deviceWriteBps = Checks.list(deviceWriteBps, "deviceWriteBps");
    deviceReadIops = Checks.list(deviceReadIops, "deviceReadIops");
    deviceWriteIops = Checks.list(deviceWriteIops, "deviceWriteIops");
  }
}
