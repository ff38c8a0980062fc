package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Stack}: copies, lookups and its builder. */
class StackTest {

  private static Service.Builder svc(String name) {
    return Service.builder(name).image("onyx-test/busybox:1");
  }

  private static Stack shop() {
    return Stack.builder("shop")
        .addVolume(Volume.named("db_data"))
        .addNetwork(Network.named("back").asInternal())
        .addSecret(Secret.ofValue("db_password", "correct-horse-battery"))
        .addConfig(ConfigFile.inline("init", "init.sql", "CREATE TABLE t (id int);"))
        .addService(
            svc("db").secretEnv("POSTGRES_PASSWORD", "db_password")
                .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
                .addConfigs(FileReference.of("init", "/docker-entrypoint-initdb.d/init.sql"))
                .addNetworks(NetworkAttachment.to("back")).build(),
            svc("api").addDependsOn(DependsOn.healthy("db")).addPorts(PortMapping.publish(8080, 8080))
                .addNetworks(NetworkAttachment.to("back"), NetworkAttachment.to("default")).build(),
            svc("web").addDependsOn(DependsOn.started("api")).build())
        .build();
  }

  @Test
  void withServiceReplacesAServiceOfTheSameNameInPlace() {
    Stack s = shop().withService(svc("api").image("shop/api:2").addDependsOn(DependsOn.healthy("db")).build());
    assertThat(s.serviceNames()).containsExactly("db", "api", "web");
    assertThat(s.service("api").orElseThrow().image()).contains("shop/api:2");
    assertThat(s.service("api").orElseThrow().ports()).isEmpty();
  }

  @Test
  void withServiceAppendsANewService() {
    Stack s = shop().withService(svc("worker").addDependsOn(DependsOn.healthy("db")).build());
    assertThat(s.serviceNames()).containsExactly("db", "api", "web", "worker");
    assertThat(shop().serviceNames()).containsExactly("db", "api", "web");
  }

  @Test
  void withServiceValidatesTheCopy() {
    StackValidationException e = catchThrowableOfType(StackValidationException.class,
        () -> shop().withService(svc("worker").addDependsOn(DependsOn.started("nope")).build()));
    assertThat(e.problems()).containsExactly(new ValidationProblem("services.worker.depends_on.nope",
        "no such service 'nope'"));
  }

  @Test
  void aHostPortPublishedTwiceIsAConflictNotAnInvalidStack() {
    Stack s = shop().withService(svc("worker").addPorts(PortMapping.publish(8080, 80)).build());
    assertThat(s.conflicts()).containsExactly(new ValidationProblem("services.worker.ports[0]",
        "host port 8080/tcp on 0.0.0.0 is also published by service 'api'"));
  }

  @Test
  void withServiceByNameChangesItsBuilder() {
    Stack s = shop().withService("api", b -> b.env("LOG_LEVEL", "debug").resources(
        Resources.NONE.withLimits(ResourceSpec.of("2", "1g"))));
    Service api = s.service("api").orElseThrow();
    assertThat(api.environment()).containsEntry("LOG_LEVEL", "debug");
    assertThat(api.resources().limits().memory()).contains(ByteSize.ofGibibytes(1));
    assertThat(api.ports()).isEqualTo(shop().service("api").orElseThrow().ports());
    assertThat(s.serviceNames()).containsExactly("db", "api", "web");
  }

  @Test
  void withServiceByNameRejectsAnUnknownService() {
    assertThatThrownBy(() -> shop().withService("nope", b -> b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no service 'nope' in stack 'shop'");
  }

  @Test
  void withoutServiceRemovesALeaf() {
    assertThat(shop().withoutService("web").serviceNames()).containsExactly("db", "api");
  }

  @Test
  void withoutServiceRefusesToLeaveADanglingDependency() {
    StackValidationException e = catchThrowableOfType(StackValidationException.class,
        () -> shop().withoutService("api"));
    assertThat(e.problems()).containsExactly(
        new ValidationProblem("services.web.depends_on.api", "no such service 'api'"));
  }

  @Test
  void toBuilderRoundTripsToAnEqualStack() {
    Stack s = shop();
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.toBuilder().name("shop2").build()).isNotEqualTo(s);
    assertThat(s.toBuilder().build().name()).isEqualTo("shop");
  }

  @Test
  void toBuilderLeavesTheOriginalAlone() {
    Stack s = shop();
    Stack.Builder b = s.toBuilder().removeService("web").addVolume(Volume.named("more"));
    assertThat(b.build().serviceNames()).containsExactly("db", "api");
    assertThat(s).isEqualTo(shop());
  }

  @Test
  void putServiceReplacesOrAppends() {
    Stack.Builder b = Stack.builder("x").addService(svc("a").build(), svc("b").build());
    b.putService(svc("a").image("new:1").build()).putService(svc("c").build());
    assertThat(b.services()).extracting(Service::name).containsExactly("a", "b", "c");
    assertThat(b.build().service("a").orElseThrow().image()).contains("new:1");
  }

  @Test
  void listFormsReplace() {
    Stack s = shop().toBuilder().services(List.of(svc("only").build())).volumes(List.of()).networks(List.of())
        .secrets(List.of()).configs(List.of()).build();
    assertThat(s.serviceNames()).containsExactly("only");
    assertThat(s.volumes()).isEmpty();
    assertThat(s.networks()).isEmpty();
    assertThat(s.secrets()).isEmpty();
    assertThat(s.configs()).isEmpty();
  }

  @Test
  void copiesListsPassedIn() {
    List<Service> services = new ArrayList<>(List.of(svc("a").build()));
    Stack.Builder b = Stack.builder("x").services(services);
    services.add(svc("b").build());
    assertThat(b.build().serviceNames()).containsExactly("a");
    assertThatThrownBy(() -> b.build().services().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void findsItsPartsByName() {
    Stack s = shop();
    assertThat(s.service("db")).isPresent();
    assertThat(s.service("nope")).isEmpty();
    assertThat(s.volume("db_data")).contains(Volume.named("db_data"));
    assertThat(s.network("back").orElseThrow().internal()).isTrue();
    assertThat(s.secret("db_password").orElseThrow().source()).isEqualTo(Secret.Source.VALUE);
    assertThat(s.config("init").orElseThrow().fileName()).contains("init.sql");
    assertThat(s.config("nope")).isEmpty();
  }

  @Test
  void toStringNamesTheServicesButNoSecret() {
    Stack s = shop();
    assertThat(s).hasToString("Stack[name=shop, services=[db, api, web]]");
    assertThat(s.toString()).doesNotContain("correct-horse-battery");
    assertThat(s.config("init").orElseThrow().toString()).doesNotContain("CREATE TABLE");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> Stack.builder(null)).hasMessage("name == null");
    assertThatThrownBy(() -> Stack.builder("x").putService(null)).hasMessage("service == null");
    assertThatThrownBy(() -> Stack.builder("x").addService(svc("a").build(), null)).hasMessage("services[1] == null");
    assertThatThrownBy(() -> Stack.builder("x").addVolume((Volume) null)).hasMessage("volumes[0] == null");
    assertThatThrownBy(() -> Stack.builder("x").networks(null)).hasMessage("networks == null");
  }

  @Test
  void buildsTheExampleOfItsJavadoc() {
    Stack stack = Stack.builder("shop")
        .addVolume(Volume.named("db_data"))
        .addSecret(Secret.generated("db_password"))
        .addService(Service.builder("db").image("postgres:16")
            .secretEnv("POSTGRES_PASSWORD", "db_password")
            .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
            .healthcheck(Healthcheck.shell("pg_isready -U postgres"))
            .build())
        .addService(Service.builder("api").image("shop/api:1.0")
            .addDependsOn(DependsOn.healthy("db"))
            .addPorts(PortMapping.publish(8080, 8080))
            .build())
        .build();
    Stack bigger = stack.withService(stack.service("api").orElseThrow()
        .withResources(Resources.NONE.withLimits(ResourceSpec.of("2", "1g"))));
    assertThat(bigger.service("api").orElseThrow().resources().limits().cpus()).hasValueSatisfying(
        c -> assertThat(c).isEqualByComparingTo("2"));
  }
}
