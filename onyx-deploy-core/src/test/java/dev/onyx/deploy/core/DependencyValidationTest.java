package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for the {@code depends_on} rules of {@link Validator}: unknown targets, self, duplicates, cycles. */
class DependencyValidationTest {

  @Test
  void rejectsADependencyOnAnUnknownService() {
    assertOnly("services.api.depends_on.db", "no such service 'db'",
        service("api").addDependsOn(DependsOn.healthy("db")).build());
  }

  @Test
  void rejectsAnOptionalDependencyOnAnUnknownServiceToo() {
    assertOnly("services.api.depends_on.db", "no such service 'db'",
        service("api").addDependsOn(DependsOn.started("db").optional()).build());
  }

  @Test
  void rejectsAServiceThatDependsOnItselfOnce() {
    // Reported once, as a self-dependency, not a second time as the cycle "api -> api".
    assertOnly("services.api.depends_on.api", "a service cannot depend on itself",
        service("api").addDependsOn(DependsOn.started("api")).build());
  }

  @Test
  void rejectsADependencyListedTwice() {
    assertOnly("services.api.depends_on.db", "listed more than once",
        service("db").build(),
        service("api").addDependsOn(DependsOn.started("db"), DependsOn.healthy("db")).build());
  }

  @Test
  void rejectsACycleOfTwoNamingIt() {
    assertOnly("services.a.depends_on", "dependency cycle: a -> b -> a",
        service("a").addDependsOn(DependsOn.started("b")).build(),
        service("b").addDependsOn(DependsOn.started("a")).build());
  }

  @Test
  void rejectsACycleOfThreeNamingTheWholeCycle() {
    assertOnly("services.a.depends_on", "dependency cycle: a -> b -> c -> a",
        service("a").addDependsOn(DependsOn.started("b")).build(),
        service("b").addDependsOn(DependsOn.started("c")).build(),
        service("c").addDependsOn(DependsOn.healthy("a")).build());
  }

  @Test
  void namesOnlyTheCycleNotTheServicesLeadingIntoIt() {
    assertOnly("services.b.depends_on", "dependency cycle: b -> c -> b",
        service("a").addDependsOn(DependsOn.started("b")).build(),
        service("b").addDependsOn(DependsOn.started("c")).build(),
        service("c").addDependsOn(DependsOn.started("b")).build());
  }

  @Test
  void reportsEveryIndependentCycleAtOnce() {
    assertThat(Problems.ofServices(
        service("a").addDependsOn(DependsOn.started("b")).build(),
        service("b").addDependsOn(DependsOn.started("a")).build(),
        service("c").addDependsOn(DependsOn.started("d")).build(),
        service("d").addDependsOn(DependsOn.started("e")).build(),
        service("e").addDependsOn(DependsOn.started("c")).build(),
        service("ok").addDependsOn(DependsOn.started("a")).build()))
        .containsExactly(
            new ValidationProblem("services.a.depends_on", "dependency cycle: a -> b -> a"),
            new ValidationProblem("services.c.depends_on", "dependency cycle: c -> d -> e -> c"));
  }

  @Test
  void reportsACycleBesideASelfDependencyInTheSameGroup() {
    assertThat(Problems.ofServices(
        service("a").addDependsOn(DependsOn.started("a"), DependsOn.started("b")).build(),
        service("b").addDependsOn(DependsOn.started("a")).build()))
        .containsExactly(
            new ValidationProblem("services.a.depends_on.a", "a service cannot depend on itself"),
            new ValidationProblem("services.a.depends_on", "dependency cycle: a -> b -> a"));
  }

  @Test
  void acceptsADiamond() {
    Stack stack = Problems.valid(
        service("db").build(),
        service("api").addDependsOn(DependsOn.healthy("db")).build(),
        service("worker").addDependsOn(DependsOn.healthy("db")).build(),
        service("web").addDependsOn(DependsOn.started("api"), DependsOn.started("worker")).build());
    assertThat(stack.serviceNames()).containsExactly("db", "api", "worker", "web");
  }

  @Test
  void rejectsANetworkModeOfAnUnknownService() {
    assertOnly("services.api.network_mode", "no such service 'vpn'",
        service("api").networkMode("service:vpn").build());
  }

  @Test
  void acceptsANetworkModeOfAKnownService() {
    assertThat(Problems.valid(service("vpn").build(), service("api").networkMode("service:vpn").build())
        .service("api").orElseThrow().networkNames()).isEmpty();
  }
}
