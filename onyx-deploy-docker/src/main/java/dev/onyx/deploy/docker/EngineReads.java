package dev.onyx.deploy.docker;

import static dev.onyx.deploy.docker.EngineGateway.jsonString;
import static dev.onyx.deploy.docker.EngineGateway.list;
import static dev.onyx.deploy.docker.EngineGateway.map;
import static dev.onyx.deploy.docker.EngineGateway.path;
import static dev.onyx.deploy.docker.EngineGateway.query;
import static dev.onyx.deploy.docker.EngineGateway.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine reads that every apply, plan and status starts with (list the project's containers,
 * networks and volumes, inspect images), done through the {@link EngineGateway} (the raw transport, read
 * with Jackson's streaming parser). docker-java's own client (its config loader, object mapper and model
 * classes) then starts only when something must change: a no-op re-apply or a {@code ps} never
 * pays for it (0.5 s or more of a cold command line on a small machine).
 */
final class EngineReads {
  private final EngineGateway gateway;

  EngineReads(EngineGateway gateway) {
    this.gateway = gateway;
  }

  /** One of the project's containers as {@code GET /containers/json} lists it. */
  record ContainerSummary(String id, String name, String state, String status, Map<String, String> labels,
      List<Map<String, Object>> ports) {
  }

  /** @return the containers (running or not) labelled with the project */
  List<ContainerSummary> projectContainers(String project) {
    String filters = "{\"label\":[" + jsonString(Names.PROJECT + "=" + project) + "]}";
    List<ContainerSummary> out = new ArrayList<>();
    for (Object o : list(get("/containers/json?all=1&filters=" + query(filters)).orElse(List.of()))) {
      Map<String, Object> c = map(o);
      String id = str(c.get("Id"));
      List<Object> names = list(c.get("Names"));
      String name = Names.shown(names.isEmpty() ? null : str(names.get(0)), id);
      Map<String, String> labels = new LinkedHashMap<>();
      map(c.get("Labels")).forEach((k, v) -> labels.put(k, str(v)));
      List<Map<String, Object>> ports = new ArrayList<>();
      list(c.get("Ports")).forEach(p -> ports.add(map(p)));
      out.add(new ContainerSummary(id, name, str(c.get("State")),
          str(c.get("Status")), labels, ports));
    }
    return out;
  }

  /** @return the names of all networks */
  List<String> networkNames() {
    List<String> out = new ArrayList<>();
    list(get("/networks").orElse(List.of())).forEach(n -> out.add(str(map(n).get("Name"))));
    return out;
  }

  /** @return the names of all volumes */
  List<String> volumeNames() {
    List<String> out = new ArrayList<>();
    list(map(get("/volumes").orElse(Map.of())).get("Volumes")).forEach(v -> out.add(str(map(v).get("Name"))));
    return out;
  }

  /** @return the image, or empty when the engine has none by that reference */
  Optional<ImageInfo> image(String ref) {
    return get("/images/" + path(ref) + "/json").map(o -> {
      Map<String, Object> m = map(o);
      List<String> tags = new ArrayList<>();
      list(m.get("RepoTags")).forEach(t -> tags.add(str(t)));
      List<String> layers = new ArrayList<>();
      list(map(m.get("RootFS")).get("Layers")).forEach(l -> layers.add(str(l)));
      Object size = m.get("Size");
      return new ImageInfo(str(m.get("Id")), tags, size instanceof Number n ? n.longValue() : 0, layers);
    });
  }

  /**
   * @param pathAndQuery the path under the API version, e.g. {@code /networks}
   * @return the parsed JSON body, or empty on 404
   * @throws DeployException on any other refusal, with the engine's message
   */
  Optional<Object> get(String pathAndQuery) {
    return gateway.getJson(pathAndQuery);
  }
}
