package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Block IO limits of a service's container, like a service's {@code blkio_config}.
 *
 * <pre>
 * BlkioConfig.builder().weight(300).addDeviceReadBps(new BlkioConfig.Throttle("/dev/sda", 10_485_760)).build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class BlkioConfig {
  /** Nothing set. */
  public static final BlkioConfig NONE = builder().build();

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

  private record Values(Optional<Integer> weight, List<WeightDevice> weightDevice, List<Throttle> deviceReadBps,
      List<Throttle> deviceWriteBps, List<Throttle> deviceReadIops, List<Throttle> deviceWriteIops) {
  }

  private final Values v;

  private BlkioConfig(Values v) {
    this.v = v;
  }

  /** @return a builder with nothing set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the relative IO weight, 10 to 1000 ({@code weight}) */
  public Optional<Integer> weight() {
    return v.weight;
  }

  /** @return per-device weights ({@code weight_device}) */
  public List<WeightDevice> weightDevice() {
    return v.weightDevice;
  }

  /** @return read limits in bytes per second ({@code device_read_bps}) */
  public List<Throttle> deviceReadBps() {
    return v.deviceReadBps;
  }

  /** @return write limits in bytes per second ({@code device_write_bps}) */
  public List<Throttle> deviceWriteBps() {
    return v.deviceWriteBps;
  }

  /** @return read limits in operations per second ({@code device_read_iops}) */
  public List<Throttle> deviceReadIops() {
    return v.deviceReadIops;
  }

  /** @return write limits in operations per second ({@code device_write_iops}) */
  public List<Throttle> deviceWriteIops() {
    return v.deviceWriteIops;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlkioConfig b && v.equals(b.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "BlkioConfig" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link BlkioConfig}; {@code addX} appends. Not thread-safe. */
  public static final class Builder {
    private Optional<Integer> weight = Optional.empty();
    private final List<WeightDevice> weightDevice = new ArrayList<>();
    private final List<Throttle> readBps = new ArrayList<>();
    private final List<Throttle> writeBps = new ArrayList<>();
    private final List<Throttle> readIops = new ArrayList<>();
    private final List<Throttle> writeIops = new ArrayList<>();

    private Builder() {}

    /**
     * @param value the relative IO weight, 10 to 1000 ({@code weight})
     * @return this builder
     */
    public Builder weight(int value) {
      weight = Optional.of(value);
      return this;
    }

    /**
     * @param values per-device weights, appended ({@code weight_device})
     * @return this builder
     */
    public Builder addWeightDevice(WeightDevice... values) {
      weightDevice.addAll(Checks.array("weightDevice", values));
      return this;
    }

    /**
     * @param values read limits in bytes per second, appended ({@code device_read_bps})
     * @return this builder
     */
    public Builder addDeviceReadBps(Throttle... values) {
      readBps.addAll(Checks.array("deviceReadBps", values));
      return this;
    }

    /**
     * @param values write limits in bytes per second, appended ({@code device_write_bps})
     * @return this builder
     */
    public Builder addDeviceWriteBps(Throttle... values) {
      writeBps.addAll(Checks.array("deviceWriteBps", values));
      return this;
    }

    /**
     * @param values read limits in operations per second, appended ({@code device_read_iops})
     * @return this builder
     */
    public Builder addDeviceReadIops(Throttle... values) {
      readIops.addAll(Checks.array("deviceReadIops", values));
      return this;
    }

    /**
     * @param values write limits in operations per second, appended ({@code device_write_iops})
     * @return this builder
     */
    public Builder addDeviceWriteIops(Throttle... values) {
      writeIops.addAll(Checks.array("deviceWriteIops", values));
      return this;
    }

    /** @return the limits; their ranges are checked by the stack's validation */
    public BlkioConfig build() {
      return new BlkioConfig(new Values(weight, List.copyOf(weightDevice), List.copyOf(readBps),
          List.copyOf(writeBps), List.copyOf(readIops), List.copyOf(writeIops)));
    }
  }
}
