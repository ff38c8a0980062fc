package dev.onyx.deploy.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP API as plain JSON values, over the same connection as its {@link DockerEngine}
 * (get it from {@link DockerEngine#api()}). Bodies and answers are maps, lists, strings, numbers
 * ({@code Long} or {@code Double}), booleans and nulls, so no client library's types appear; paths
 * are given without the API version prefix ({@code /services}, {@code /tasks?filters=...}).
 *
 * <p>For the other onyx-deploy backends (the Swarm backend speaks the services, tasks, nodes,
 * secrets and configs endpoints through it) and for callers who need an endpoint the typed API
 * does not offer. Thread-safe.
 *
 * <pre>
 * List&lt;Object&gt; nodes = EngineApi.list(engine.api().get("/nodes").orElseThrow());
 * </pre>
 */
public final class EngineApi {
  private static final Logger LOG = LoggerFactory.getLogger(EngineApi.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final DockerHttpClient http;
  private final String apiVersion;

  EngineApi(DockerHttpClient http, String apiVersion) {
    this.http = http;
    this.apiVersion = apiVersion;
  }

  /**
   * @param path the path and query under the API version, e.g. {@code /nodes}
   * @return the parsed answer, or empty when the engine answers 404
   * @throws EngineApiException on any other refusal, with the engine's message
   */
  public Optional<Object> get(String path) {
    return Optional.ofNullable(call("GET", path, null, Map.of(), true));
  }

  /**
   * @param path the path and query under the API version, e.g. {@code /services/create}
   * @param body the JSON body (maps, lists, scalars), or null for none
   * @return the parsed answer (null when empty)
   * @throws EngineApiException when the engine refuses, with its status and message
   */
  public Object post(String path, Object body) {
    return post(path, body, Map.of());
  }

  /**
   * Like {@link #post(String, Object)}, with extra headers (e.g. {@code X-Registry-Auth}). An
   * answer that is a stream of JSON values (a push's progress) is returned as a list of them.
   *
   * @param path the path and query under the API version
   * @param body the JSON body, or null for none
   * @param headers extra request headers; their values are never logged
   * @return the parsed answer (null when empty)
   * @throws EngineApiException when the engine refuses, with its status and message
   */
  public Object post(String path, Object body, Map<String, String> headers) {
    return call("POST", path, body, headers, false);
  }

  /**
   * @param path the path under the API version, e.g. {@code /services/ID}
   * @return false when the engine answers 404 (nothing to delete), true when deleted
   * @throws EngineApiException on any other refusal
   */
  public boolean delete(String path) {
    try {
      call("DELETE", path, null, Map.of(), false);
      return true;
    } catch (EngineApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Follows a streaming endpoint ({@code /events}) on a daemon thread, passing each JSON value to
   * {@code each} until the stream ends or the returned handle is closed.
   *
   * @param path the path and query under the API version
   * @param each receives each value; must not throw
   * @param onEnd called once when the stream ends or breaks (not when closed by the handle)
   * @return a handle that stops the stream
   */
  public Closeable stream(String path, Consumer<Object> each, Runnable onEnd) {
    DockerHttpClient.Response r = http.execute(request("GET", path, null, Map.of()));
    if (r.getStatusCode() / 100 != 2) {
      String text = readText(r);
      r.close();
      throw new EngineApiException("GET", path, r.getStatusCode(), messageOf(text));
    }
    boolean[] closed = {false};
    Thread t = new Thread(() -> {
      try (InputStream in = r.getBody(); JsonParser p = JSON.createParser(in)) {
        while (p.nextToken() != null) {
          each.accept(EngineReads.value(p));
        }
      } catch (IOException | RuntimeException e) {
        if (!closed[0]) {
          LOG.debug("stream {} ended", path, e);
        }
      } finally {
        if (!closed[0]) {
          onEnd.run();
        }
      }
    }, "onyx-deploy-stream");
    t.setDaemon(true);
    t.start();
    return () -> {
      closed[0] = true;
      r.close();
    };
  }

  /**
   * Reads a raw (non-JSON) answer, e.g. a service's logs.
   *
   * @param path the path and query under the API version
   * @return the answer's bytes
   * @throws EngineApiException when the engine refuses
   */
  public byte[] getBytes(String path) {
    try (DockerHttpClient.Response r = http.execute(request("GET", path, null, Map.of()));
        InputStream in = r.getBody()) {
      byte[] bytes = in.readAllBytes();
      if (r.getStatusCode() / 100 != 2) {
        throw new EngineApiException("GET", path, r.getStatusCode(),
            messageOf(new String(bytes, StandardCharsets.UTF_8)));
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading GET " + path + " from the engine", e);
    }
  }

  private Object call(String method, String path, Object body, Map<String, String> headers,
      boolean notFoundIsEmpty) {
    try (DockerHttpClient.Response r = http.execute(request(method, path, body, headers))) {
      String text = readText(r);
      int status = r.getStatusCode();
      if (status == 404 && notFoundIsEmpty) {
        return null;
      }
      if (status / 100 != 2) {
        throw new EngineApiException(method, path, status, messageOf(text));
      }
      return parseAll(text);
    }
  }

  private DockerHttpClient.Request request(String method, String path, Object body,
      Map<String, String> headers) {
    DockerHttpClient.Request.Builder b = new DockerHttpClient.Request.Builder().method(method)
        .path("/v" + apiVersion + path);
    headers.forEach(b::putHeader);
    if (body != null) {
      b.putHeader("Content-Type", "application/json").bodyBytes(toJson(body).getBytes(StandardCharsets.UTF_8));
    } else if (!"GET".equals(method)) {
      b.bodyBytes(new byte[0]);
    }
    return b.build();
  }

  private static String readText(DockerHttpClient.Response r) {
    try (InputStream in = r.getBody()) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the engine's answer", e);
    }
  }

  /** One JSON value, or a list of the values when the text holds several (a progress stream). */
  private static Object parseAll(String text) {
    if (text.isBlank()) {
      return null;
    }
    try (JsonParser p = JSON.createParser(text)) {
      List<Object> values = new ArrayList<>();
      while (p.nextToken() != null) {
        values.add(EngineReads.value(p));
      }
      return values.size() == 1 ? values.get(0) : values;
    } catch (IOException e) {
      return text.strip();
    }
  }

  /** The engine's {@code {"message": ...}}, else the text itself. */
  static String messageOf(String text) {
    Object o = parseAll(text);
    if (o instanceof Map<?, ?> m && m.get("message") != null) {
      return m.get("message").toString().strip();
    }
    return text.strip();
  }

  /**
   * @param json a JSON document
   * @return it as maps, lists, strings, numbers ({@code Long} or {@code Double}), booleans and
   *     nulls (null for an empty document)
   * @throws IOException when it cannot be read or is not JSON
   */
  public static Object parse(InputStream json) throws IOException {
    return EngineReads.parse(json);
  }

  /**
   * @param value maps (keys as given, in their order), lists, strings, numbers, booleans, nulls
   * @return the value as compact JSON
   */
  public static String toJson(Object value) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(e.getKey().toString());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(v.toString());
    }
  }

  /**
   * @param filters filter name to accepted values, e.g. {@code label -> [com.docker.stack.namespace=shop]}
   * @return the encoded {@code filters} query value
   */
  public static String filters(Map<String, List<String>> filters) {
    return query(toJson(filters));
  }

  /**
   * @param s a query value or path segment
   * @return it percent-encoded
   */
  public static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * @param o a parsed JSON value
   * @return it as an object, or an empty map when it is not one
   */
  public static Map<String, Object> map(Object o) {
    return EngineReads.map(o);
  }

  /**
   * @param o a parsed JSON value
   * @return it as a list, or an empty list when it is not one
   */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /**
   * @param o a parsed JSON value
   * @return it as text, or null
   */
  public static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /**
   * Reads an object's member along a path of keys, e.g. {@code at(task, "Status", "State")}.
   *
   * @param o a parsed JSON value
   * @param keys the keys, outermost first
   * @return the member, or null when a step is missing
   */
  public static Object at(Object o, String... keys) {
    Object cur = o;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }
}
