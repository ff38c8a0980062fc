package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.list;
import static dev.onyx.deploy.docker.EngineApi.map;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.docker.EngineApi;
import dev.onyx.deploy.docker.EngineApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The manager's Swarm endpoints, as JSON values over the engine's connection. */
final class SwarmApi {
  final EngineApi api;

  SwarmApi(EngineApi api) {
    this.api = api;
  }

  /** {@code GET /info}. */
  Map<String, Object> info() {
    return map(api.get("/info").orElse(Map.of()));
  }

  List<SwarmNode> nodes() {
    List<SwarmNode> out = new ArrayList<>();
    for (Object o : list(api.get("/nodes").orElse(List.of()))) {
      Map<String, String> labels = new LinkedHashMap<>();
      map(at(o, "Spec", "Labels")).forEach((k, v) -> labels.put(k, str(v)));
      out.add(new SwarmNode(str(at(o, "ID")), text(at(o, "Description", "Hostname")),
          text(at(o, "Spec", "Role")), text(at(o, "Spec", "Availability")), text(at(o, "Status", "State")),
          text(at(o, "Status", "Addr")), Boolean.TRUE.equals(at(o, "ManagerStatus", "Leader")), labels));
    }
    return out;
  }

  /** @return the services labelled with the stack */
  List<Map<String, Object>> services(String stack) {
    return objectsLabelled("services", Names.NAMESPACE + "=" + stack);
  }

  Optional<Map<String, Object>> service(String idOrName) {
    return api.get("/services/" + EngineApi.query(idOrName)).map(EngineApi::map);
  }

  /** @return the tasks of the stack's services (every state, history included) */
  List<Map<String, Object>> tasks(String stack) {
    return objectsLabelled("tasks", Names.NAMESPACE + "=" + stack);
  }

  /** @return the tasks of one service */
  List<Map<String, Object>> tasksOf(String serviceId) {
    return tasksOf(List.of(serviceId));
  }

  /** @return the tasks of these services (every state, history included) */
  List<Map<String, Object>> tasksOf(List<String> serviceIds) {
    return objects("/tasks?filters=" + EngineApi.filters(Map.of("service", serviceIds)));
  }

  List<Map<String, Object>> networks(String stack) {
    return objectsLabelled("networks", Names.NAMESPACE + "=" + stack);
  }

  /** @return the network of exactly that name (the engine's filter matches parts of names) */
  Optional<Map<String, Object>> network(String name) {
    return named("networks", name);
  }

  /**
   * @param kind {@code networks}, {@code secrets} or {@code configs}
   * @param name the object's whole name
   * @return the object of exactly that name (the engine's filter matches parts of names)
   */
  Optional<Map<String, Object>> named(String kind, String name) {
    for (Map<String, Object> o : objects("/" + kind + "?filters=" + EngineApi.filters(Map.of("name", List.of(name))))) {
      if (name.equals(kind.equals("networks") ? o.get("Name") : at(o, "Spec", "Name"))) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  List<Map<String, Object>> secrets(String stack) {
    return objectsLabelled("secrets", Names.NAMESPACE + "=" + stack);
  }

  List<Map<String, Object>> configs(String stack) {
    return objectsLabelled("configs", Names.NAMESPACE + "=" + stack);
  }

  /** @return the id of the new service */
  String createService(Map<String, Object> spec, @Nullable String registryAuth) {
    return str(map(api.post("/services/create", spec, authHeader(registryAuth))).get("ID"));
  }

  /** @return the engine's warnings, if any */
  List<Object> updateService(String id, long version, Map<String, Object> spec, @Nullable String registryAuth) {
    return list(map(api.post("/services/" + id + "/update?version=" + version, spec, authHeader(registryAuth)))
        .get("Warnings"));
  }

  boolean removeService(String id) {
    return api.delete("/services/" + id);
  }

  String createNetwork(Map<String, Object> spec) {
    return str(map(api.post("/networks/create", spec)).get("Id"));
  }

  boolean removeNetwork(String id) {
    return api.delete("/networks/" + id);
  }

  /** Creates a secret ({@code kind} "secrets") or config ({@code kind} "configs"). */
  String createObject(String kind, String name, byte[] data, Map<String, String> labels) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Name", name);
    spec.put("Labels", labels);
    spec.put("Data", Base64.getEncoder().encodeToString(data));
    return str(map(api.post("/" + kind + "/create", spec)).get("ID"));
  }

  boolean removeObject(String kind, String id) {
    return api.delete("/" + kind + "/" + id);
  }

  /** @return the last lines of a service's logs (every node's tasks, through the manager) */
  List<String> logs(String serviceId, int tail) {
    byte[] raw;
    try {
      raw = api.getBytes("/services/" + serviceId + "/logs?stdout=1&stderr=1&tail=" + tail);
    } catch (EngineApiException e) {
      return List.of("(logs unavailable: " + e.engineMessage() + ")");
    }
    return demux(raw);
  }

  /** Splits the engine's multiplexed log stream (8-byte frame headers) into lines. */
  static List<String> demux(byte[] raw) {
    StringBuilder text = new StringBuilder();
    int i = 0;
    boolean framed = raw.length >= 8 && raw[0] <= 2 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0;
    if (!framed) {
      text.append(new String(raw, StandardCharsets.UTF_8));
    }
    while (framed && i + 8 <= raw.length) {
      int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
      int end = Math.min(raw.length, i + 8 + len);
      text.append(new String(raw, i + 8, end - i - 8, StandardCharsets.UTF_8));
      i = end;
    }
    List<String> lines = new ArrayList<>();
    for (String l : text.toString().split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.replace("\r", ""));
      }
    }
    return lines;
  }

  /** @return the objects of a kind ({@code services}, {@code tasks}, ...) that carry the label ({@code k=v}) */
  List<Map<String, Object>> objectsLabelled(String kind, String label) {
    return objects("/" + kind + "?filters=" + EngineApi.filters(Map.of("label", List.of(label))));
  }

  private List<Map<String, Object>> objects(String path) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list(api.get(path).orElse(List.of()))) {
      out.add(map(o));
    }
    return out;
  }

  private static Map<String, String> authHeader(@Nullable String registryAuth) {
    return registryAuth == null ? Map.of() : Map.of("X-Registry-Auth", registryAuth);
  }

  static String text(@Nullable Object o) {
    return o == null ? "" : o.toString();
  }

  static long version(Map<String, Object> object) {
    Object v = at(object, "Version", "Index");
    return v instanceof Number n ? n.longValue() : 0;
  }

  static Instant time(@Nullable Object o) {
    if (o == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(o.toString());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  static Map<String, String> labels(@Nullable Object labels) {
    Map<String, String> out = new LinkedHashMap<>();
    map(labels).forEach((k, v) -> out.put(k, str(v)));
    return out;
  }
}
