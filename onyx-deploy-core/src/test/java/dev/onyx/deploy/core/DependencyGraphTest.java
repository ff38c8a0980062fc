package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tests for {@link DependencyGraph}. */
class DependencyGraphTest {

  private static Service svc(String name, String... deps) {
    Service.Builder b = Service.builder(name).image("onyx-test/busybox:1");
    for (String d : deps) {
      b.addDependsOn(DependsOn.started(d));
    }
    return b.build();
  }

  private static DependencyGraph diamond() {
    return Stack.builder("shop").addService(svc("web", "api", "worker"), svc("api", "db"),
        svc("worker", "db"), svc("db")).build().graph();
  }

  @Test
  void levelsADiamond() {
    assertThat(diamond().levels()).containsExactly(List.of("db"), List.of("api", "worker"), List.of("web"));
  }

  @Test
  void levelsTheOnyxStack() {
    assertThat(OnyxShapedStack.stack().graph().levels()).containsExactly(
        List.of("inference_model_server", "indexing_model_server", "relational_db", "opensearch", "cache",
            "minio", "code-interpreter"),
        List.of("api_server", "background"),
        List.of("web_server"),
        List.of("nginx"));
  }

  @Test
  void givesOneLevelForServicesWithoutDependencies() {
    DependencyGraph g = Problems.valid(svc("b"), svc("a"), svc("c")).graph();
    assertThat(g.levels()).containsExactly(List.of("b", "a", "c"));
    assertThat(g.services()).containsExactly("b", "a", "c");
  }

  @Test
  void givesNoLevelsForAnEmptyStack() {
    assertThat(Stack.builder("empty").build().graph().levels()).isEmpty();
  }

  @Test
  void listsTransitiveDependenciesEachAfterWhatItNeeds() {
    DependencyGraph g = OnyxShapedStack.stack().graph();
    assertThat(g.transitiveDependenciesOf("nginx")).containsExactly("relational_db", "opensearch", "cache",
        "inference_model_server", "minio", "api_server", "web_server");
    assertThat(diamond().transitiveDependenciesOf("web")).containsExactly("db", "api", "worker");
    assertThat(diamond().transitiveDependenciesOf("api")).containsExactly("db");
    assertThat(diamond().transitiveDependenciesOf("db")).isEmpty();
  }

  @Test
  void givesNothingForAnUnknownService() {
    assertThat(diamond().transitiveDependenciesOf("nope")).isEmpty();
    assertThat(diamond().dependenciesOf("nope")).isEmpty();
    assertThat(diamond().dependantsOf("nope")).isEmpty();
  }

  @Test
  void listsDirectDependenciesAndDependants() {
    DependencyGraph g = diamond();
    assertThat(g.dependenciesOf("web")).containsExactly("api", "worker");
    assertThat(g.dependantsOf("db")).containsExactly("api", "worker");
    assertThat(g.dependantsOf("api")).containsExactly("web");
    assertThat(g.dependantsOf("web")).isEmpty();
  }

  @Test
  void findsNoCycleInAValidStack() {
    assertThat(OnyxShapedStack.stack().graph().findCycle()).isEmpty();
  }

  @Test
  void findCycleNamesTheWholeCycleWithTheFirstRepeated() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("a", "b"), svc("b", "c"), svc("c", "a")));
    assertThat(g.findCycle()).contains(List.of("a", "b", "c", "a"));
  }

  @Test
  void findCycleLeavesOutTheServicesLeadingIntoTheCycle() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("x", "b"), svc("a", "b"), svc("b", "c"), svc("c", "a")));
    assertThat(g.findCycle()).contains(List.of("b", "c", "a", "b"));
  }

  @Test
  void findCycleFindsASelfDependency() {
    assertThat(DependencyGraph.of(List.of(svc("a", "a"))).findCycle()).contains(List.of("a", "a"));
  }

  @Test
  void levelsRefuseACycleNamingIt() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("ok"), svc("a", "b", "ok"), svc("b", "a")));
    assertThatThrownBy(g::levels).isInstanceOf(IllegalStateException.class)
        .hasMessage("dependency cycle: a -> b -> a");
    assertThatThrownBy(g::topologicalOrder).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void transitiveDependenciesStopAtACycle() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("a", "b"), svc("b", "a")));
    assertThat(g.transitiveDependenciesOf("a")).containsExactly("b");
  }

  @Test
  void topologicalOrderPutsEveryServiceAfterItsDependencies() {
    DependencyGraph g = OnyxShapedStack.stack().graph();
    List<String> order = g.topologicalOrder();
    assertThat(order).containsExactlyInAnyOrderElementsOf(g.services());
    for (String s : g.services()) {
      for (String d : g.dependenciesOf(s)) {
        assertThat(order.indexOf(d)).as("%s before %s", d, s).isLessThan(order.indexOf(s));
      }
    }
    assertThat(diamond().topologicalOrder()).containsExactly("db", "api", "worker", "web");
  }

  @Test
  void ignoresEdgesToUnknownServices() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("api", "db", "ghost"), svc("db")));
    assertThat(g.dependenciesOf("api")).containsExactly("db");
    assertThat(g.services()).containsExactly("api", "db");
    assertThat(g.levels()).containsExactly(List.of("db"), List.of("api"));
    assertThat(g.findCycle()).isEqualTo(Optional.empty());
  }

  @Test
  void countsADependencyListedTwiceOnce() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("api", "db", "db"), svc("db")));
    assertThat(g.dependenciesOf("api")).containsExactly("db");
    assertThat(g.dependantsOf("db")).containsExactly("api");
  }

  @Test
  void findsEveryIndependentCycleForValidation() {
    DependencyGraph g = DependencyGraph.of(List.of(svc("x", "x"), svc("c", "d"), svc("a", "b"),
        svc("b", "a", "b"), svc("d", "e"), svc("e", "c", "a")));
    assertThat(g.cyclesIgnoringSelfDependencies()).containsExactly(
        List.of("c", "d", "e", "c"), List.of("a", "b", "a"));
  }

  @Test
  void returnsUnmodifiableViews() {
    DependencyGraph g = diamond();
    assertThatThrownBy(() -> g.levels().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> g.dependenciesOf("web").clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> g.services().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> g.dependantsOf("db").clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void levelsALongChainDeclaredLastFirstOneServicePerLevel() {
    int n = 2000;
    Stack.Builder b = Stack.builder("chain");
    for (int i = n - 1; i > 0; i--) {
      b.addService(svc("s" + i, "s" + (i - 1)));
    }
    b.addService(svc("s0"));
    List<List<String>> levels = b.build().graph().levels();
    assertThat(levels).hasSize(n);
    assertThat(levels.get(0)).containsExactly("s0");
    assertThat(levels.get(n - 1)).containsExactly("s" + (n - 1));
  }
}
