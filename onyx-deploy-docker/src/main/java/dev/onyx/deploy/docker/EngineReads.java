package dev.onyx.deploy.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine reads that every apply, plan and status starts with (list the project's containers,
 * networks and volumes, inspect images), done straight over the docker-java transport and read with
 * Jackson's streaming parser. docker-java's own client (its config loader, object mapper and model
 * classes) then starts only when something must change: a no-op re-apply or a {@code ps} never
 * pays for it (0.5 s or more of a cold command line on a small machine).
 */
final class EngineReads {
  private static final JsonFactory JSON = new JsonFactory();

  private final DockerHttpClient http;
  private final String apiVersion;

  EngineReads(DockerHttpClient http, String apiVersion) {
    this.http = http;
    this.apiVersion = apiVersion;
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
    DockerHttpClient.Request req = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET).path("/v" + apiVersion + pathAndQuery).build();
    try (DockerHttpClient.Response r = http.execute(req); InputStream body = r.getBody()) {
      if (r.getStatusCode() == 404) {
        return Optional.empty();
      }
      if (r.getStatusCode() / 100 != 2) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
        throw new DeployException("the engine answered GET " + pathAndQuery + " with HTTP " + r.getStatusCode()
            + ": " + text);
      }
      return Optional.ofNullable(parse(body));
    } catch (IOException e) {
      throw new UncheckedIOException("reading GET " + pathAndQuery + " from the engine", e);
    }
  }

  /** @return a JSON document as maps, lists, strings, numbers, booleans and null */
  static @Nullable Object parse(InputStream json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return value(p);
    }
  }

  /** The value at the parser's current token, as maps, lists, strings, numbers, booleans, null. */
  static @Nullable Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      default -> {
        return null;
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(@Nullable Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(@Nullable Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static @Nullable String str(@Nullable Object o) {
    return o == null ? null : o.toString();
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Percent-encodes a query value. */
  private static String query(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes an image reference for a path ({@code /}, {@code :} and {@code @} kept). */
  static String path(String s) {
    return query(s).replace("%2F", "/").replace("%3A", ":").replace("%40", "@");
  }
}
