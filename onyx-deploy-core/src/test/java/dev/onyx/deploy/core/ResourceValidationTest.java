package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tests for the {@code deploy.resources} rules of {@link Validator}. */
class ResourceValidationTest {

  private static final String P = "services.a.deploy.resources";

  private static Service with(Resources r) {
    return service("a").resources(r).build();
  }

  private static Resources limits(ResourceSpec spec) {
    return Resources.NONE.withLimits(spec);
  }

  @Test
  void rejectsACpuLimitBelowTheReservation() {
    assertOnly(P + ".limits.cpus", "limit 0.5 is below reservation 1",
        with(Resources.NONE.withLimits(ResourceSpec.NONE.withCpus(new BigDecimal("0.5")))
            .withReservations(ResourceSpec.NONE.withCpus(BigDecimal.ONE))));
  }

  @Test
  void rejectsAMemoryLimitBelowTheReservation() {
    assertOnly(P + ".limits.memory", "limit 512m is below reservation 1g",
        with(Resources.NONE.withLimits(ResourceSpec.NONE.withMemory(ByteSize.parse("512m")))
            .withReservations(ResourceSpec.NONE.withMemory(ByteSize.parse("1g")))));
  }

  @Test
  void acceptsLimitsEqualToReservations() {
    assertThatCode(() -> Problems.valid(with(Resources.NONE.withLimits(ResourceSpec.of("1.0", "1g"))
        .withReservations(ResourceSpec.of("1", "1024m"))))).doesNotThrowAnyException();
  }

  @Test
  void rejectsZeroCpus() {
    assertOnly(P + ".limits.cpus", "must be > 0 (was 0)", with(limits(ResourceSpec.NONE.withCpus(BigDecimal.ZERO))));
  }

  @Test
  void rejectsNegativeReservedCpus() {
    assertOnly(P + ".reservations.cpus", "must be > 0 (was -0.5)",
        with(Resources.NONE.withReservations(ResourceSpec.NONE.withCpus(new BigDecimal("-0.5")))));
  }

  @Test
  void rejectsAMemoryLimitBelowTheEnginesMinimum() {
    assertOnly(P + ".limits.memory", "5m is below the engine's minimum of 6m",
        with(limits(ResourceSpec.NONE.withMemory(ByteSize.ofMebibytes(5)))));
  }

  @Test
  void rejectsAMemoryLimitOfZero() {
    assertOnly(P + ".limits.memory", "0 is below the engine's minimum of 6m",
        with(limits(ResourceSpec.NONE.withMemory(ByteSize.ofBytes(0)))));
  }

  @Test
  void acceptsAMemoryLimitOfExactlySixMebibytes() {
    assertThatCode(() -> Problems.valid(with(limits(ResourceSpec.NONE.withMemory(ByteSize.parse("6m"))))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsAReservationOfZeroMemory() {
    assertOnly(P + ".reservations.memory", "must be > 0",
        with(Resources.NONE.withReservations(ResourceSpec.NONE.withMemory(ByteSize.ofBytes(0)))));
  }

  @Test
  void rejectsAPidsLimitOfZeroButAcceptsUnlimited() {
    assertOnly(P + ".limits.pids", "must be > 0 (was 0)", with(limits(ResourceSpec.NONE.withPids(0))));
    assertThatCode(() -> Problems.valid(with(limits(ResourceSpec.NONE.withPids(-1)))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsADeviceRequestWithoutCapabilities() {
    assertOnly(P + ".reservations.devices[0].capabilities", "must name at least one capability (e.g. gpu)",
        with(Resources.NONE.withDevices(List.of(
            new DeviceRequest(Optional.of("nvidia"), Optional.of(1), List.of(), List.of(), Map.of())))));
  }

  @Test
  void rejectsADeviceRequestWithCountAndIds() {
    assertOnly(P + ".reservations.devices[1]", "count and device_ids cannot both be set",
        with(Resources.NONE.withDevices(List.of(DeviceRequest.allGpus(),
            new DeviceRequest(Optional.of("nvidia"), Optional.of(1), List.of("0"), List.of("gpu"), Map.of())))));
  }

  @Test
  void rejectsADeviceCountOfZero() {
    assertOnly(P + ".reservations.devices[0].count", "must be > 0 or all (was 0)",
        with(Resources.NONE.withDevices(List.of(DeviceRequest.gpus(0)))));
  }

  @Test
  void acceptsGpuRequests() {
    Stack stack = Problems.valid(with(Resources.NONE.withDevices(List.of(DeviceRequest.allGpus(),
        DeviceRequest.gpus(2),
        new DeviceRequest(Optional.empty(), Optional.empty(), List.of("GPU-1"), List.of("gpu"), Map.of())))));
    assertThat(stack.services().get(0).resources().devices()).hasSize(3);
  }
}
