package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * CPU, memory and process-count amounts: one side of {@link Resources}, like
 * {@code deploy.resources.limits} or {@code deploy.resources.reservations}.
 *
 * @param cpus CPUs as a decimal ({@code 0.5} is half a CPU)
 * @param memory memory
 * @param pids the maximum number of processes (limits only)
 */
public record ResourceSpec(Optional<BigDecimal> cpus, Optional<ByteSize> memory, Optional<Long> pids) {
  /** No amounts at all. */
  public static final ResourceSpec NONE = new ResourceSpec(Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks for nulls. */
  public ResourceSpec {
    Checks.notNull(cpus, "cpus");
    Checks.notNull(memory, "memory");
    Checks.notNull(pids, "pids");
  }

  /**
   * @param cpus e.g. {@code "1.5"}
   * @param memory e.g. {@code "2g"}
   * @return the amounts
   */
  public static ResourceSpec of(String cpus, String memory) {
    return new ResourceSpec(Optional.of(new BigDecimal(cpus)), Optional.of(ByteSize.parse(memory)), Optional.empty());
  }

  /**
   * @param value CPUs
   * @return a copy with that many CPUs
   */
  public ResourceSpec withCpus(BigDecimal value) {
    return new ResourceSpec(Optional.of(value), memory, pids);
  }

  /**
   * @param value memory
   * @return a copy with that memory
   */
  public ResourceSpec withMemory(ByteSize value) {
    return new ResourceSpec(cpus, Optional.of(value), pids);
  }

  /**
   * @param value maximum processes
   * @return a copy with that limit
   */
  public ResourceSpec withPids(long value) {
    return new ResourceSpec(cpus, memory, Optional.of(value));
  }

  /** @return whether no amount is set */
  public boolean isEmpty() {
    return cpus.isEmpty() && memory.isEmpty() && pids.isEmpty();
  }
}
