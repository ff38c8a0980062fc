package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The resource settings of a service's container outside {@code deploy}: its own {@code cpus},
 * {@code cpu_*}, {@code cpuset}, {@code mem_*}, {@code memswap_limit}, {@code oom_*},
 * {@code pids_limit} and {@code blkio_config}, as {@code docker run} takes them. Where
 * {@code deploy.resources} sets the same limit, compose takes that one ({@link Service#resources()}).
 *
 * <pre>
 * ContainerLimits.builder().memLimit(ByteSize.parse("512m")).cpuShares(512).build()
 * </pre>
 *
 * <p>Immutable; every value is optional and means the engine's default when unset.
 */
public final class ContainerLimits {
  /** Nothing set. */
  public static final ContainerLimits NONE = builder().build();

  private record Values(
      Optional<BigDecimal> cpus,
      Optional<Long> cpuCount,
      Optional<Integer> cpuPercent,
      Optional<Long> cpuShares,
      Optional<Long> cpuPeriod,
      Optional<Long> cpuQuota,
      Optional<Long> cpuRtPeriod,
      Optional<Long> cpuRtRuntime,
      Optional<String> cpuset,
      Optional<ByteSize> memLimit,
      Optional<ByteSize> memReservation,
      Optional<Long> memswapLimit,
      Optional<Integer> memSwappiness,
      Optional<Boolean> oomKillDisable,
      Optional<Integer> oomScoreAdj,
      Optional<Long> pidsLimit,
      Optional<BlkioConfig> blkio) {
  }

  private final Values v;

  private ContainerLimits(Values v) {
    this.v = v;
  }

  /** @return a builder with nothing set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cpus = v.cpus;
    b.cpuCount = v.cpuCount;
    b.cpuPercent = v.cpuPercent;
    b.cpuShares = v.cpuShares;
    b.cpuPeriod = v.cpuPeriod;
    b.cpuQuota = v.cpuQuota;
    b.cpuRtPeriod = v.cpuRtPeriod;
    b.cpuRtRuntime = v.cpuRtRuntime;
    b.cpuset = v.cpuset;
    b.memLimit = v.memLimit;
    b.memReservation = v.memReservation;
    b.memswapLimit = v.memswapLimit;
    b.memSwappiness = v.memSwappiness;
    b.oomKillDisable = v.oomKillDisable;
    b.oomScoreAdj = v.oomScoreAdj;
    b.pidsLimit = v.pidsLimit;
    b.blkio = v.blkio;
    return b;
  }

  /** @return CPUs as a decimal ({@code 0.5} is half a CPU) ({@code cpus}) */
  public Optional<BigDecimal> cpus() {
    return v.cpus;
  }

  /** @return the number of usable CPUs (Windows) ({@code cpu_count}) */
  public Optional<Long> cpuCount() {
    return v.cpuCount;
  }

  /** @return the usable share of the CPUs in percent (Windows) ({@code cpu_percent}) */
  public Optional<Integer> cpuPercent() {
    return v.cpuPercent;
  }

  /** @return the relative CPU weight ({@code cpu_shares}) */
  public Optional<Long> cpuShares() {
    return v.cpuShares;
  }

  /** @return the CFS scheduler period in microseconds ({@code cpu_period}) */
  public Optional<Long> cpuPeriod() {
    return v.cpuPeriod;
  }

  /** @return the CFS scheduler quota in microseconds ({@code cpu_quota}) */
  public Optional<Long> cpuQuota() {
    return v.cpuQuota;
  }

  /** @return the real-time scheduler period in microseconds ({@code cpu_rt_period}) */
  public Optional<Long> cpuRtPeriod() {
    return v.cpuRtPeriod;
  }

  /** @return the real-time scheduler runtime in microseconds ({@code cpu_rt_runtime}) */
  public Optional<Long> cpuRtRuntime() {
    return v.cpuRtRuntime;
  }

  /** @return the CPUs the container may use, e.g. {@code 0-3} or {@code 0,1} ({@code cpuset}) */
  public Optional<String> cpuset() {
    return v.cpuset;
  }

  /** @return the memory limit ({@code mem_limit}) */
  public Optional<ByteSize> memLimit() {
    return v.memLimit;
  }

  /** @return the memory reservation ({@code mem_reservation}) */
  public Optional<ByteSize> memReservation() {
    return v.memReservation;
  }

  /** @return memory plus swap in bytes; -1 for unlimited swap ({@code memswap_limit}) */
  public Optional<Long> memswapLimit() {
    return v.memswapLimit;
  }

  /** @return how readily anonymous pages are swapped, 0 to 100 ({@code mem_swappiness}) */
  public Optional<Integer> memSwappiness() {
    return v.memSwappiness;
  }

  /** @return whether the OOM killer spares the container ({@code oom_kill_disable}) */
  public Optional<Boolean> oomKillDisable() {
    return v.oomKillDisable;
  }

  /** @return the OOM score adjustment, -1000 to 1000 ({@code oom_score_adj}) */
  public Optional<Integer> oomScoreAdj() {
    return v.oomScoreAdj;
  }

  /** @return the most processes; -1 for unlimited ({@code pids_limit}) */
  public Optional<Long> pidsLimit() {
    return v.pidsLimit;
  }

  /** @return block IO weights and limits ({@code blkio_config}) */
  public Optional<BlkioConfig> blkio() {
    return v.blkio;
  }

  /** @return whether nothing is set */
  public boolean isEmpty() {
    // field by field, not equals(NONE): a record's equals is costly on a cold start
    return v.cpus.isEmpty()
        && v.cpuCount.isEmpty()
        && v.cpuPercent.isEmpty()
        && v.cpuShares.isEmpty()
        && v.cpuPeriod.isEmpty()
        && v.cpuQuota.isEmpty()
        && v.cpuRtPeriod.isEmpty()
        && v.cpuRtRuntime.isEmpty()
        && v.cpuset.isEmpty()
        && v.memLimit.isEmpty()
        && v.memReservation.isEmpty()
        && v.memswapLimit.isEmpty()
        && v.memSwappiness.isEmpty()
        && v.oomKillDisable.isEmpty()
        && v.oomScoreAdj.isEmpty()
        && v.pidsLimit.isEmpty()
        && v.blkio.isEmpty();
  }

  /**
   * The resources compose gives a container: {@code deploy.resources}, with the service's own
   * limits where it sets none, and the GPUs after its devices.
   */
  static Resources effective(Resources deploy, ContainerLimits c, java.util.List<DeviceRequest> gpus) {
    if (c.isEmpty() && gpus.isEmpty()) {
      return deploy;
    }
    ResourceSpec l = deploy.limits();
    if (l.cpus().isEmpty() && c.cpus().isPresent()) {
      l = l.withCpus(c.cpus().get());
    }
    if (l.memory().isEmpty() && c.memLimit().isPresent()) {
      l = l.withMemory(c.memLimit().get());
    }
    if (l.pids().isEmpty() && c.pidsLimit().isPresent()) {
      l = l.withPids(c.pidsLimit().get());
    }
    ResourceSpec r = deploy.reservations();
    if (r.memory().isEmpty() && c.memReservation().isPresent()) {
      r = r.withMemory(c.memReservation().get());
    }
    java.util.List<DeviceRequest> devices = deploy.devices();
    if (!gpus.isEmpty()) {
      devices = new java.util.ArrayList<>(devices);
      devices.addAll(gpus);
    }
    return new Resources(l, r, devices, deploy.genericResources());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContainerLimits c && v.equals(c.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "ContainerLimits" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link ContainerLimits}; {@code x(...)} sets, {@code clearX()} unsets. Not thread-safe. */
  public static final class Builder {
    private Optional<BigDecimal> cpus = Optional.empty();
    private Optional<Long> cpuCount = Optional.empty();
    private Optional<Integer> cpuPercent = Optional.empty();
    private Optional<Long> cpuShares = Optional.empty();
    private Optional<Long> cpuPeriod = Optional.empty();
    private Optional<Long> cpuQuota = Optional.empty();
    private Optional<Long> cpuRtPeriod = Optional.empty();
    private Optional<Long> cpuRtRuntime = Optional.empty();
    private Optional<String> cpuset = Optional.empty();
    private Optional<ByteSize> memLimit = Optional.empty();
    private Optional<ByteSize> memReservation = Optional.empty();
    private Optional<Long> memswapLimit = Optional.empty();
    private Optional<Integer> memSwappiness = Optional.empty();
    private Optional<Boolean> oomKillDisable = Optional.empty();
    private Optional<Integer> oomScoreAdj = Optional.empty();
    private Optional<Long> pidsLimit = Optional.empty();
    private Optional<BlkioConfig> blkio = Optional.empty();

    private Builder() {}

    /**
     * @param value CPUs as a decimal ({@code 0.5} is half a CPU) ({@code cpus})
     * @return this builder
     */
    public Builder cpus(BigDecimal value) {
      cpus = Optional.of(Checks.notNull(value, "cpus"));
      return this;
    }

    /** @return this builder, with {@code cpus} unset */
    public Builder clearCpus() {
      cpus = Optional.empty();
      return this;
    }

    /**
     * @param value the number of usable CPUs (Windows) ({@code cpu_count})
     * @return this builder
     */
    public Builder cpuCount(long value) {
      cpuCount = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_count} unset */
    public Builder clearCpuCount() {
      cpuCount = Optional.empty();
      return this;
    }

    /**
     * @param value the usable share of the CPUs in percent (Windows) ({@code cpu_percent})
     * @return this builder
     */
    public Builder cpuPercent(int value) {
      cpuPercent = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_percent} unset */
    public Builder clearCpuPercent() {
      cpuPercent = Optional.empty();
      return this;
    }

    /**
     * @param value the relative CPU weight ({@code cpu_shares})
     * @return this builder
     */
    public Builder cpuShares(long value) {
      cpuShares = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_shares} unset */
    public Builder clearCpuShares() {
      cpuShares = Optional.empty();
      return this;
    }

    /**
     * @param value the CFS scheduler period in microseconds ({@code cpu_period})
     * @return this builder
     */
    public Builder cpuPeriod(long value) {
      cpuPeriod = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_period} unset */
    public Builder clearCpuPeriod() {
      cpuPeriod = Optional.empty();
      return this;
    }

    /**
     * @param value the CFS scheduler quota in microseconds ({@code cpu_quota})
     * @return this builder
     */
    public Builder cpuQuota(long value) {
      cpuQuota = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_quota} unset */
    public Builder clearCpuQuota() {
      cpuQuota = Optional.empty();
      return this;
    }

    /**
     * @param value the real-time scheduler period in microseconds ({@code cpu_rt_period})
     * @return this builder
     */
    public Builder cpuRtPeriod(long value) {
      cpuRtPeriod = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_rt_period} unset */
    public Builder clearCpuRtPeriod() {
      cpuRtPeriod = Optional.empty();
      return this;
    }

    /**
     * @param value the real-time scheduler runtime in microseconds ({@code cpu_rt_runtime})
     * @return this builder
     */
    public Builder cpuRtRuntime(long value) {
      cpuRtRuntime = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code cpu_rt_runtime} unset */
    public Builder clearCpuRtRuntime() {
      cpuRtRuntime = Optional.empty();
      return this;
    }

    /**
     * @param value the CPUs the container may use, e.g. {@code 0-3} or {@code 0,1} ({@code cpuset})
     * @return this builder
     */
    public Builder cpuset(String value) {
      cpuset = Optional.of(Checks.notNull(value, "cpuset"));
      return this;
    }

    /** @return this builder, with {@code cpuset} unset */
    public Builder clearCpuset() {
      cpuset = Optional.empty();
      return this;
    }

    /**
     * @param value the memory limit ({@code mem_limit})
     * @return this builder
     */
    public Builder memLimit(ByteSize value) {
      memLimit = Optional.of(Checks.notNull(value, "memLimit"));
      return this;
    }

    /** @return this builder, with {@code mem_limit} unset */
    public Builder clearMemLimit() {
      memLimit = Optional.empty();
      return this;
    }

    /**
     * @param value the memory reservation ({@code mem_reservation})
     * @return this builder
     */
    public Builder memReservation(ByteSize value) {
      memReservation = Optional.of(Checks.notNull(value, "memReservation"));
      return this;
    }

    /** @return this builder, with {@code mem_reservation} unset */
    public Builder clearMemReservation() {
      memReservation = Optional.empty();
      return this;
    }

    /**
     * @param value memory plus swap in bytes; -1 for unlimited swap ({@code memswap_limit})
     * @return this builder
     */
    public Builder memswapLimit(long value) {
      memswapLimit = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code memswap_limit} unset */
    public Builder clearMemswapLimit() {
      memswapLimit = Optional.empty();
      return this;
    }

    /**
     * @param value how readily anonymous pages are swapped, 0 to 100 ({@code mem_swappiness})
     * @return this builder
     */
    public Builder memSwappiness(int value) {
      memSwappiness = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code mem_swappiness} unset */
    public Builder clearMemSwappiness() {
      memSwappiness = Optional.empty();
      return this;
    }

    /**
     * @param value whether the OOM killer spares the container ({@code oom_kill_disable})
     * @return this builder
     */
    public Builder oomKillDisable(boolean value) {
      oomKillDisable = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code oom_kill_disable} unset */
    public Builder clearOomKillDisable() {
      oomKillDisable = Optional.empty();
      return this;
    }

    /**
     * @param value the OOM score adjustment, -1000 to 1000 ({@code oom_score_adj})
     * @return this builder
     */
    public Builder oomScoreAdj(int value) {
      oomScoreAdj = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code oom_score_adj} unset */
    public Builder clearOomScoreAdj() {
      oomScoreAdj = Optional.empty();
      return this;
    }

    /**
     * @param value the most processes; -1 for unlimited ({@code pids_limit})
     * @return this builder
     */
    public Builder pidsLimit(long value) {
      pidsLimit = Optional.of(value);
      return this;
    }

    /** @return this builder, with {@code pids_limit} unset */
    public Builder clearPidsLimit() {
      pidsLimit = Optional.empty();
      return this;
    }

    /**
     * @param value block IO weights and limits ({@code blkio_config})
     * @return this builder
     */
    public Builder blkio(BlkioConfig value) {
      blkio = Optional.of(Checks.notNull(value, "blkio"));
      return this;
    }

    /** @return this builder, with {@code blkio_config} unset */
    public Builder clearBlkio() {
      blkio = Optional.empty();
      return this;
    }

    /** @return the limits; their ranges are checked by the stack's validation */
    public ContainerLimits build() {
      return new ContainerLimits(new Values(cpus,
          cpuCount,
          cpuPercent,
          cpuShares,
          cpuPeriod,
          cpuQuota,
          cpuRtPeriod,
          cpuRtRuntime,
          cpuset,
          memLimit,
          memReservation,
          memswapLimit,
          memSwappiness,
          oomKillDisable,
          oomScoreAdj,
          pidsLimit,
          blkio));
    }
  }
}
