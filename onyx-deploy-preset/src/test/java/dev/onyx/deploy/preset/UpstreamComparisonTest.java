package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the preset's upstream layout structurally with upstream's docker-compose.yml (a verbatim
 * copy of Onyx v4.6.1's file in the test resources): service names, dependency edges with their
 * conditions, named volumes, each service's mounts, and health endpoints. The differences found
 * must be exactly the structural ones {@link OnyxStack#differencesFromUpstream()} documents.
 */
class UpstreamComparisonTest {
  private static JsonNode upstream;

  @BeforeAll
  static void readUpstream() throws Exception {
    try (InputStream in = UpstreamComparisonTest.class.getResourceAsStream("/onyx-upstream/docker-compose.yml")) {
      upstream = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static Set<String> upstreamServices() {
    Set<String> names = new TreeSet<>();
    upstream.get("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** "service -> dependency (condition, required)" for every edge. */
  private static Set<String> upstreamEdges() {
    Set<String> edges = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = upstream.get("services").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode deps = e.getValue().get("depends_on");
      if (deps == null) {
        continue;
      }
      if (deps.isArray()) {
        deps.forEach(d -> edges.add(e.getKey() + " -> " + d.asText() + " (service_started, required)"));
      } else {
        deps.fields().forEachRemaining(d -> edges.add(e.getKey() + " -> " + d.getKey() + " ("
            + d.getValue().path("condition").asText("service_started") + ", "
            + (d.getValue().path("required").asBoolean(true) ? "required" : "optional") + ")"));
      }
    }
    return edges;
  }

  private static Set<String> presetEdges(Stack s) {
    Set<String> edges = new TreeSet<>();
    for (Service svc : s.services()) {
      for (DependsOn d : svc.dependsOn()) {
        edges.add(svc.name() + " -> " + d.service() + " (" + d.condition().composeName() + ", "
            + (d.required() ? "required" : "optional") + ")");
      }
    }
    return edges;
  }

  /** "service: source:target" for named-volume and bind mounts (tmpfs left out), trailing / dropped. */
  private static Set<String> upstreamMounts() {
    Set<String> mounts = new TreeSet<>();
    upstream.get("services").fields().forEachRemaining(e -> {
      JsonNode vols = e.getValue().get("volumes");
      if (vols != null) {
        vols.forEach(v -> {
          String[] parts = v.asText().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1").split(":");
          mounts.add(e.getKey() + ": " + parts[0] + ":" + strip(parts[1]));
        });
      }
    });
    return mounts;
  }

  private static Set<String> presetMounts(Stack s) {
    Set<String> mounts = new TreeSet<>();
    for (Service svc : s.services()) {
      for (Mount m : svc.mounts()) {
        if (m.type() != Mount.Type.TMPFS) {
          mounts.add(svc.name() + ": " + m.source().orElse("") + ":" + strip(m.target()));
        }
      }
    }
    return mounts;
  }

  private static String strip(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The healthcheck test of each service, upstream's ${POSTGRES_USER:-postgres} resolved to its default. */
  private static Map<String, String> upstreamHealth() {
    Map<String, String> health = new TreeMap<>();
    upstream.get("services").fields().forEachRemaining(e -> {
      JsonNode test = e.getValue().path("healthcheck").path("test");
      if (!test.isMissingNode()) {
        List<String> argv = new ArrayList<>();
        test.forEach(t -> argv.add(t.asText().replace("${POSTGRES_USER:-postgres}", "postgres")));
        health.put(e.getKey(), String.join(" ", argv));
      }
    });
    return health;
  }

  private static Map<String, String> presetHealth(Stack s) {
    Map<String, String> health = new TreeMap<>();
    for (Service svc : s.services()) {
      svc.healthcheck().filter(h -> h.kind() != Healthcheck.Kind.NONE)
          .ifPresent(h -> health.put(svc.name(), String.join(" ", h.engineTest())));
    }
    return health;
  }

  private static Set<String> documentedStructuralPaths() {
    return OnyxStack.differencesFromUpstream().stream().filter(UpstreamDifference::structural)
        .map(UpstreamDifference::path).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void structuralDifferencesOfTheDefaultStackAreExactlyTheDocumentedOnes() {
    Stack s = OnyxStack.defaults();
    Set<String> found = new TreeSet<>();
    Set<String> presetNames = new TreeSet<>(s.serviceNames());
    for (String name : upstreamServices()) {
      if (!presetNames.contains(name)) {
        found.add("services." + name);
      }
    }
    for (String name : presetNames) {
      if (!upstreamServices().contains(name)) {
        found.add("services." + name);
      }
    }
    Set<String> up = upstreamMounts();
    Set<String> ours = presetMounts(s);
    for (String m : up) {
      String service = m.substring(0, m.indexOf(':'));
      if (!ours.contains(m) && presetNames.contains(service)) {
        found.add("services." + service + ".volumes[" + m.substring(service.length() + 2) + "]");
      }
    }
    for (String m : ours) {
      if (!up.contains(m)) {
        String service = m.substring(0, m.indexOf(':'));
        found.add("services." + service + ".volumes[" + m.substring(service.length() + 2) + "]");
      }
    }
    assertThat(found).isEqualTo(documentedStructuralPaths());
  }

  @Test
  void withCodeInterpreterTheServiceNamesAreUpstreams() {
    Stack s = OnyxStack.builder().withCodeInterpreter(true).build();
    assertThat(new TreeSet<>(s.serviceNames())).isEqualTo(upstreamServices());
  }

  @Test
  void dependencyEdgesAndConditionsAreUpstreams() {
    assertThat(presetEdges(OnyxStack.builder().withCodeInterpreter(true).build())).isEqualTo(upstreamEdges());
    assertThat(upstreamEdges()).contains("nginx -> api_server (service_healthy, required)",
        "api_server -> minio (service_started, optional)");
  }

  @Test
  void namedVolumesAreUpstreams() {
    Set<String> upstreamVolumes = new TreeSet<>();
    upstream.get("volumes").fieldNames().forEachRemaining(upstreamVolumes::add);
    Set<String> ours = OnyxStack.defaults().volumes().stream().map(Volume::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(ours).isEqualTo(upstreamVolumes);
  }

  @Test
  void mountsAreUpstreamsExceptTheDocumentedNginxTemplates() {
    Set<String> up = upstreamMounts();
    Set<String> ours = presetMounts(OnyxStack.builder().withCodeInterpreter(true).build());
    Set<String> missing = new TreeSet<>(up);
    missing.removeAll(ours);
    Set<String> extra = new TreeSet<>(ours);
    extra.removeAll(up);
    assertThat(missing).containsExactly("nginx: ../data/nginx:/nginx-templates");
    assertThat(extra).isEmpty();
  }

  @Test
  void healthEndpointsAreUpstreams() {
    Map<String, String> ours = presetHealth(OnyxStack.builder().withCodeInterpreter(true).build());
    assertThat(ours).isEqualTo(upstreamHealth());
    assertThat(ours.get("api_server")).contains("http://localhost:8080/health");
    assertThat(ours.get("nginx")).contains("http://127.0.0.1/nginx-health");
  }

  @Test
  void healthTimingsAreUpstreams() {
    Stack s = OnyxStack.builder().withCodeInterpreter(true).build();
    upstream.get("services").fields().forEachRemaining(e -> {
      JsonNode h = e.getValue().get("healthcheck");
      if (h == null) {
        return;
      }
      Healthcheck ours = s.service(e.getKey()).orElseThrow().healthcheck().orElseThrow();
      assertThat(ours.interval().map(d -> d.getSeconds() + "s").orElse(null)).as(e.getKey())
          .isEqualTo(h.path("interval").asText(null));
      assertThat(ours.timeout().map(d -> d.getSeconds() + "s").orElse(null)).as(e.getKey())
          .isEqualTo(h.path("timeout").asText(null));
      assertThat(ours.retries().orElse(null)).as(e.getKey()).isEqualTo(h.path("retries").asInt());
      assertThat(ours.startPeriod().map(d -> d.getSeconds() + "s").orElse(null)).as(e.getKey())
          .isEqualTo(h.path("start_period").asText(null));
    });
  }

  @Test
  void serverProfileLimitsAreUpstreamsResourcesOverlay() throws Exception {
    JsonNode overlay;
    try (InputStream in = getClass().getResourceAsStream("/onyx-upstream/docker-compose.resources.yml")) {
      overlay = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    Stack s = OnyxStack.builder().profile(ResourceProfile.SERVER).build();
    overlay.get("services").fields().forEachRemaining(e -> {
      JsonNode limits = e.getValue().path("deploy").path("resources").path("limits");
      var ours = s.service(e.getKey()).orElseThrow().resources().limits();
      String mem = limits.path("memory").asText().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1");
      assertThat(ours.memory().orElseThrow()).as(e.getKey()).isEqualTo(dev.onyx.deploy.core.ByteSize.parse(mem));
      if (limits.has("cpus")) {
        String cpus = limits.path("cpus").asText().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1");
        assertThat(ours.cpus().orElseThrow()).as(e.getKey()).isEqualByComparingTo(cpus);
      } else {
        assertThat(ours.cpus()).as(e.getKey()).isEmpty();
      }
    });
  }
}
