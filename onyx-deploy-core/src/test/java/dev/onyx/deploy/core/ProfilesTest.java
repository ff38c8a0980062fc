package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link Stack#forProfiles}: narrowing a stack to its active profiles. */
class ProfilesTest {

  private static Service.Builder svc(String name) {
    return Service.builder(name).image("onyx-test/busybox:1");
  }

  private static Stack stack() {
    return Stack.builder("shop").addService(
        svc("db").build(),
        svc("api").addDependsOn(DependsOn.started("db")).build(),
        svc("debug").addProfiles("debug").build(),
        svc("grafana").addProfiles("monitoring", "ops").build(),
        svc("prometheus").addProfiles("monitoring").build()).build();
  }

  @Test
  void keepsOnlyServicesWithoutProfilesWhenNoneIsActive() {
    assertThat(stack().forProfiles(List.of()).serviceNames()).containsExactly("db", "api");
  }

  @Test
  void keepsServicesWithAnActiveProfile() {
    assertThat(stack().forProfiles(List.of("monitoring")).serviceNames())
        .containsExactly("db", "api", "grafana", "prometheus");
    assertThat(stack().forProfiles(Set.of("ops")).serviceNames()).containsExactly("db", "api", "grafana");
    assertThat(stack().forProfiles(List.of("debug", "unknown")).serviceNames())
        .containsExactly("db", "api", "debug");
  }

  @Test
  void keepsEveryServiceForTheStarProfile() {
    assertThat(stack().forProfiles(List.of("*"))).isEqualTo(stack());
  }

  @Test
  void listsTheProfilesOfTheStackSorted() {
    assertThat(stack().profiles()).containsExactly("debug", "monitoring", "ops");
  }

  @Test
  void rejectsARequiredDependencyOnADisabledService() {
    Stack stack = Stack.builder("shop").addService(
        svc("grafana").addProfiles("monitoring").build(),
        svc("api").addDependsOn(DependsOn.healthy("grafana")).build()).build();

    StackValidationException e = catchThrowableOfType(StackValidationException.class,
        () -> stack.forProfiles(List.of("debug")));

    assertThat(e.problems()).containsExactly(new ValidationProblem("services.api.depends_on.grafana",
        "service 'grafana' is disabled by profiles [monitoring] (active: debug)"));
    assertThat(e.getMessage()).startsWith("stack 'shop' is invalid (1 problem):");
  }

  @Test
  void saysNoneWhenNoProfileIsActive() {
    Stack stack = Stack.builder("shop").addService(svc("a").addProfiles("x", "y").build(),
        svc("b").addDependsOn(DependsOn.started("a")).build(),
        svc("c").addDependsOn(DependsOn.started("a")).build()).build();
    assertThat(catchThrowableOfType(StackValidationException.class, () -> stack.forProfiles(List.of())).problems())
        .containsExactly(
            new ValidationProblem("services.b.depends_on.a", "service 'a' is disabled by profiles [x, y] (active: none)"),
            new ValidationProblem("services.c.depends_on.a", "service 'a' is disabled by profiles [x, y] (active: none)"));
  }

  @Test
  void dropsAnOptionalDependencyOnADisabledService() {
    Stack narrowed = OnyxShapedStack.stack().forProfiles(List.of());

    assertThat(narrowed.serviceNames()).doesNotContain("minio").contains("api_server", "nginx");
    assertThat(narrowed.service("api_server").orElseThrow().dependencyNames())
        .containsExactly("relational_db", "opensearch", "cache", "inference_model_server");
    assertThat(narrowed.service("background").orElseThrow())
        .isEqualTo(OnyxShapedStack.stack().service("background").orElseThrow());
  }

  @Test
  void keepsAnOptionalDependencyOnAnEnabledService() {
    Stack narrowed = OnyxShapedStack.stack().forProfiles(List.of("s3-filestore"));
    assertThat(narrowed.service("api_server").orElseThrow().dependencyNames()).contains("minio");
    assertThat(narrowed).isEqualTo(OnyxShapedStack.stack());
  }

  @Test
  void keepsTheStacksVolumesSecretsAndConfigs() {
    Stack stack = Stack.builder("shop").addVolume(Volume.named("data")).addSecret(Secret.generated("pw"))
        .addService(svc("db").addProfiles("db").addMounts(Mount.volume("data", "/data")).build()).build();
    Stack narrowed = stack.forProfiles(List.of());
    assertThat(narrowed.services()).isEmpty();
    assertThat(narrowed.volumes()).isEqualTo(stack.volumes());
    assertThat(narrowed.secrets()).isEqualTo(stack.secrets());
  }

  @Test
  void rejectsNullProfiles() {
    assertThatThrownBy(() -> stack().forProfiles(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("activeProfiles == null");
  }

  /** A cpu and a gpu variant of one service: alternatives that never run together. */
  private static Stack variants(Service.Builder base) {
    return Stack.builder("ai").addService(
        svc("cpu").addProfiles("cpu").addPorts(PortMapping.publish(11434, 11434)).containerName("ollama").build(),
        svc("gpu").addProfiles("gpu").addPorts(PortMapping.publish(11434, 11434)).containerName("ollama").build(),
        base.build()).build();
  }

  @Test
  void alternativesInDifferentProfilesDoNotClash() {
    Stack s = variants(svc("web"));
    assertThat(s.conflicts()).isEmpty();
    assertThat(s.forProfiles(List.of("cpu")).conflicts()).isEmpty();
    assertThat(s.forProfiles(List.of("gpu")).conflicts()).isEmpty();
  }

  @Test
  void servicesSharingAProfileClash() {
    Stack s = Stack.builder("ai").addService(
        svc("a").addProfiles("x", "y").addPorts(PortMapping.publish(80, 80)).build(),
        svc("b").addProfiles("y").addPorts(PortMapping.publish(80, 8080)).containerName("b").build(),
        svc("c").addProfiles("z").containerName("b").build()).build();
    assertThat(s.conflicts()).containsExactly(new ValidationProblem("services.b.ports[0]",
        "host port 80/tcp on 0.0.0.0 is also published by service 'a' (they run together)"));
  }

  @Test
  void withoutProfilesGivenAServiceWithoutProfilesDoesNotClashWithOneThatHasSome() {
    Stack s = variants(svc("web").addPorts(PortMapping.publish(11434, 80)).containerName("ollama"));
    assertThat(s.conflicts()).isEmpty();
  }

  @Test
  void withProfilesGivenEveryActivatedServiceClashesWithTheOthers() {
    Stack s = variants(svc("web").addPorts(PortMapping.publish(11434, 80)).containerName("ollama"));
    assertThat(s.forProfiles(List.of("gpu")).conflicts()).containsExactly(
        new ValidationProblem("services.web.container_name", "'ollama' is also used by service 'gpu' (they run together)"),
        new ValidationProblem("services.web.ports[0]",
            "host port 11434/tcp on 0.0.0.0 is also published by service 'gpu' (they run together)"));
    assertThat(s.forProfiles(List.of("*")).conflicts()).hasSize(4);
    assertThat(s.forProfiles(List.of()).conflicts()).isEmpty();
  }

  @Test
  void twoServicesWithoutProfilesClash() {
    Stack s = Stack.builder("shop").addService(
        svc("a").addPorts(PortMapping.publish(80, 80)).containerName("same").build(),
        svc("b").addPorts(PortMapping.publish(80, 80)).containerName("same").build()).build();
    assertThat(s.conflicts()).containsExactly(
        new ValidationProblem("services.b.container_name", "'same' is also used by service 'a'"),
        new ValidationProblem("services.b.ports[0]", "host port 80/tcp on 0.0.0.0 is also published by service 'a'"));
  }
}
