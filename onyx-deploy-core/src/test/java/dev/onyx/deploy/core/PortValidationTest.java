package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Tests for the port rules of {@link Validator}: ranges and host ports published twice. */
class PortValidationTest {

  private static PortMapping range(int hostStart, int hostEnd, int containerStart, int containerEnd) {
    return PortMapping.builder(new PortRange(containerStart, containerEnd))
        .hostPorts(new PortRange(hostStart, hostEnd)).build();
  }

  @Test
  void rejectsTwoServicesPublishingTheSameHostPort() {
    assertOnly("services.b.ports[0]", "host port 80/tcp on 0.0.0.0 is also published by service 'a'",
        service("a").addPorts(PortMapping.publish(80, 8080)).build(),
        service("b").addPorts(PortMapping.publish(80, 80)).build());
  }

  @Test
  void rejectsTheSameHostPortOnAllAddressesAndOnASpecificOne() {
    assertOnly("services.b.ports[0]", "host port 80/tcp on 127.0.0.1 is also published by service 'a'",
        service("a").addPorts(PortMapping.publish(80, 80)).build(),
        service("b").addPorts(PortMapping.publish(80, 80).onHostIp("127.0.0.1")).build());
  }

  @Test
  void rejectsTheSameHostPortOnASpecificAddressAndThenOnAll() {
    assertOnly("services.b.ports[0]", "host port 443/tcp on 0.0.0.0 is also published by service 'a'",
        service("a").addPorts(PortMapping.publish(443, 443).onHostIp("10.0.0.5")).build(),
        service("b").addPorts(PortMapping.publish(443, 8443).onHostIp("0.0.0.0")).build());
  }

  @Test
  void rejectsTheSameHostPortOnTheSameSpecificAddress() {
    assertOnly("services.b.ports[0]", "host port 80/tcp on 127.0.0.1 is also published by service 'a'",
        service("a").addPorts(PortMapping.publish(80, 80).onHostIp("127.0.0.1")).build(),
        service("b").addPorts(PortMapping.publish(80, 80).onHostIp("127.0.0.1")).build());
  }

  @Test
  void rejectsOverlappingHostPortRanges() {
    assertOnly("services.b.ports[0]", "host port 8005-8015/tcp on 0.0.0.0 is also published by service 'a'",
        service("a").addPorts(range(8000, 8010, 8000, 8010)).build(),
        service("b").addPorts(range(8005, 8015, 9005, 9015)).build());
  }

  @Test
  void rejectsASinglePortInsideAnotherServicesRange() {
    assertOnly("services.b.ports[0]", "host port 8003/tcp on 0.0.0.0 is also published by service 'a'",
        service("a").addPorts(range(8000, 8010, 8000, 8010)).build(),
        service("b").addPorts(PortMapping.publish(8003, 80)).build());
  }

  @Test
  void rejectsTheSameHostPortTwiceInOneService() {
    assertOnly("services.a.ports[1]", "host port 80/tcp on 0.0.0.0 is also published by service 'a'",
        service("a").addPorts(PortMapping.publish(80, 80), PortMapping.publish(80, 8080)).build());
  }

  @Test
  void acceptsTheSamePortWithDifferentProtocols() {
    assertThatCode(() -> Problems.valid(
        service("a").addPorts(PortMapping.publish(53, 53)).build(),
        service("b").addPorts(PortMapping.publish(53, 53).withProtocol(Protocol.UDP)).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsTheSamePortOnDifferentSpecificAddresses() {
    assertThatCode(() -> Problems.valid(
        service("a").addPorts(PortMapping.publish(80, 80).onHostIp("127.0.0.1")).build(),
        service("b").addPorts(PortMapping.publish(80, 80).onHostIp("10.0.0.5")).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAdjacentRangesAndEphemeralPorts() {
    assertThatCode(() -> Problems.valid(
        service("a").addPorts(range(8000, 8010, 8000, 8010), PortMapping.exposed(80)).build(),
        service("b").addPorts(range(8011, 8020, 8011, 8020), PortMapping.exposed(80)).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsAContainerPortOutOfRange() {
    assertOnly("services.a.ports[0]", "container port 70000 out of range 1-65535",
        service("a").addPorts(PortMapping.exposed(70000)).build());
  }

  @Test
  void rejectsHostPortZero() {
    assertOnly("services.a.ports[0]", "host port 0 out of range 1-65535",
        service("a").addPorts(PortMapping.publish(0, 80)).build());
  }

  @Test
  void rejectsARangeEndingOutOfRange() {
    assertOnly("services.a.ports[0]", "host port 65530-65540 out of range 1-65535",
        service("a").addPorts(range(65530, 65540, 100, 110)).build());
  }

  @Test
  void reportsBothHostAndContainerPortsOutOfRange() {
    assertThat(Problems.ofServices(service("a").addPorts(PortMapping.publish(-1, 65536)).build()))
        .containsExactly(
            new ValidationProblem("services.a.ports[0]", "container port 65536 out of range 1-65535"),
            new ValidationProblem("services.a.ports[0]", "host port -1 out of range 1-65535"));
  }

  @Test
  void rejectsAnInvertedHostRange() {
    assertOnly("services.a.ports[0]", "host port range 9000-8000 is inverted",
        service("a").addPorts(range(9000, 8000, 80, 80)).build());
  }

  @Test
  void rejectsAnInvertedContainerRange() {
    assertOnly("services.a.ports[0]", "container port range 90-80 is inverted",
        service("a").addPorts(range(8000, 8010, 90, 80)).build());
  }

  @Test
  void rejectsRangesOfDifferentSizes() {
    assertOnly("services.a.ports[0]", "host range 8000-8001 has 2 ports but container range 80-82 has 3",
        service("a").addPorts(range(8000, 8001, 80, 82)).build());
  }

  @Test
  void acceptsAHostRangeForOneContainerPort() {
    assertThatCode(() -> Problems.valid(service("a").addPorts(range(8000, 8010, 80, 80)).build()))
        .doesNotThrowAnyException();
  }
}
