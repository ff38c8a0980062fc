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
}
