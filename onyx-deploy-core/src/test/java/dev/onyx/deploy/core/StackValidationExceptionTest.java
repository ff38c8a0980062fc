package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link StackValidationException}: every problem at once, in a readable message. */
class StackValidationExceptionTest {

  private static Stack.Builder fiveProblems() {
    return Stack.builder("shop")
        .addSecret(Secret.ofValue("db_password", "hunter2-very-secret"))
        .addService(
            service("db").secretEnv("POSTGRES_PASSWORD", "db_password")
                .healthcheck(Healthcheck.shell("pg_isready").withInterval(Duration.ZERO)).build(),
            service("api").addDependsOn(DependsOn.healthy("cache"))
                .addPorts(PortMapping.publish(8080, 8080)).build(),
            service("web").addPorts(PortMapping.publish(70000, 3000))
                .addMounts(Mount.volume("web_data", "/data")).build(),
            Service.builder("worker").env("QUEUE", "celery").build());
  }

  @Test
  void reportsAllFiveProblemsOfAStackWithFiveDifferentOnes() {
    StackValidationException e = catchThrowableOfType(StackValidationException.class, fiveProblems()::build);

    assertThat(e.problems()).containsExactly(
        new ValidationProblem("services.db.healthcheck.interval", "must be > 0 (was 0s)"),
        new ValidationProblem("services.api.depends_on.cache", "no such service 'cache'"),
        new ValidationProblem("services.web.ports[0]", "host port 70000 out of range 1-65535"),
        new ValidationProblem("services.web.volumes[0].source", "no such volume 'web_data'"),
        new ValidationProblem("services.worker", "needs an image or a build"));
  }

  @Test
  void listsEveryProblemInTheMessageOnePerLineWithTheStackNameAndCount() {
    StackValidationException e = catchThrowableOfType(StackValidationException.class, fiveProblems()::build);

    assertThat(e.getMessage()).isEqualTo("""
        stack 'shop' is invalid (5 problems):
          services.db.healthcheck.interval: must be > 0 (was 0s)
          services.api.depends_on.cache: no such service 'cache'
          services.web.ports[0]: host port 70000 out of range 1-65535
          services.web.volumes[0].source: no such volume 'web_data'
          services.worker: needs an image or a build""");
    assertThat(e.getMessage()).doesNotContain("hunter2");
    assertThat(e).isInstanceOf(OnyxDeployException.class);
  }

  @Test
  void reportsFiveKindsOfProblemAtOnce() {
    List<ValidationProblem> problems = Problems.of(Stack.builder("Shop")
        .addService(service("a").addDependsOn(DependsOn.started("b")).build(),
            service("b").addDependsOn(DependsOn.started("a")).addMounts(Mount.tmpfs("tmp")).build(),
            service("c").resources(Resources.NONE.withLimits(ResourceSpec.of("0", "1g"))).build(),
            service("d").addNetworks(NetworkAttachment.to("nowhere")).build()));

    assertThat(problems).extracting(ValidationProblem::path).containsExactly(
        "name", "services.b.volumes[0].target", "services.c.deploy.resources.limits.cpus",
        "services.d.networks.nowhere", "services.a.depends_on");
  }

  @Test
  void saysProblemInTheSingularForOne() {
    StackValidationException e = new StackValidationException("shop",
        List.of(new ValidationProblem("services.api", "needs an image or a build")));
    assertThat(e.getMessage()).isEqualTo("stack 'shop' is invalid (1 problem):\n"
        + "  services.api: needs an image or a build");
  }

  @Test
  void keepsACopyOfTheProblems() {
    List<ValidationProblem> list = new java.util.ArrayList<>(List.of(new ValidationProblem("name", "bad")));
    StackValidationException e = new StackValidationException("x", list);
    list.clear();
    assertThat(e.problems()).hasSize(1);
  }

  @Test
  void printsAProblemAsPathColonMessage() {
    assertThat(new ValidationProblem("services.api.depends_on.db", "no such service 'db'"))
        .hasToString("services.api.depends_on.db: no such service 'db'");
  }
}
