package dev.onyx.deploy.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
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

  private final EngineGateway gateway;

  EngineApi(EngineGateway gateway) {
    this.gateway = gateway;
  }

  /**
   * @param path the path and query under the API version, e.g. {@code /nodes}
   * @return the parsed answer, or empty when the engine answers 404
   * @throws EngineApiException on any other refusal, with the engine's message
   */
  public Optional<Object> get(String path) {
    return Optional.ofNullable(call(Method.GET, path, null, Map.of(), true));
  }

  /**
   * @param path the path and query under the API version, e.g. {@code /services/create}
   * @param body the JSON body (maps, lists, scalars), or null for none
   * @return the parsed answer (null when empty)
   * @throws EngineApiException when the engine refuses, with its status and message
   */
  public @Nullable Object post(String path, @Nullable Object body) {
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
  public @Nullable Object post(String path, @Nullable Object body, Map<String, String> headers) {
    return call(Method.POST, path, body, headers, false);
  }

  /**
   * @param path the path under the API version, e.g. {@code /services/ID}
   * @return false when the engine answers 404 (nothing to delete), true when deleted
   * @throws EngineApiException on any other refusal
   */
  public boolean delete(String path) {
    try {
      call(Method.DELETE, path, null, Map.of(), false);
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
    DockerHttpClient.Response r;
    try {
      r = gateway.open(path, "GET " + path);
    } catch (EngineGateway.Refusal refusal) {
      throw new EngineApiException("GET", path, refusal.status(), refusal.engineMessage());
    }
    boolean[] closed = {false};
    Thread t = new Thread(() -> {
      try (InputStream in = r.getBody(); JsonParser p = JSON.createParser(in)) {
        while (p.nextToken() != null) {
          each.accept(EngineGateway.value(p));
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
    EngineGateway.Answer a = gateway.exchange(Method.GET, path, Map.of(), null);
    if (!a.ok()) {
      throw new EngineApiException("GET", path, a.status(), EngineGateway.errorMessage(a.body()));
    }
    return a.body();
  }

  private @Nullable Object call(Method method, String path, @Nullable Object body, Map<String, String> headers,
      boolean notFoundIsEmpty) {
    EngineGateway.Answer a = gateway.exchange(method, path, headers,
        body == null ? null : toJson(body).getBytes(StandardCharsets.UTF_8));
    if (a.status() == 404 && notFoundIsEmpty) {
      return null;
    }
    if (!a.ok()) {
      throw new EngineApiException(method.name(), path, a.status(), EngineGateway.errorMessage(a.body()));
    }
    return parseAll(new String(a.body(), StandardCharsets.UTF_8));
  }

  /** One JSON value, or a list of the values when the text holds several (a progress stream). */
  private static @Nullable Object parseAll(String text) {
    if (text.isBlank()) {
      return null;
    }
    try (JsonParser p = JSON.createParser(text)) {
      List<Object> values = new ArrayList<>();
      while (p.nextToken() != null) {
        values.add(EngineGateway.value(p));
      }
      return values.size() == 1 ? values.get(0) : values;
    } catch (IOException e) {
      return text.strip();
    }
  }

  /**
   * @param json a JSON document
   * @return it as maps, lists, strings, numbers ({@code Long} or {@code Double}), booleans and
   *     nulls (null for an empty document)
   * @throws IOException when it cannot be read or is not JSON
   */
  public static @Nullable Object parse(InputStream json) throws IOException {
    return EngineGateway.parse(json);
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
    return EngineGateway.query(s);
  }

  /**
   * @param o a parsed JSON value
   * @return it as an object, or an empty map when it is not one
   */
  public static Map<String, Object> map(@Nullable Object o) {
    return EngineGateway.map(o);
  }

  /**
   * @param o a parsed JSON value
   * @return it as a list, or an empty list when it is not one
   */
  public static List<Object> list(@Nullable Object o) {
    return EngineGateway.list(o);
  }

  /**
   * @param o a parsed JSON value
   * @return it as text, or null
   */
  public static @Nullable String str(@Nullable Object o) {
    return EngineGateway.str(o);
  }

  /**
   * Reads an object's member along a path of keys, e.g. {@code at(task, "Status", "State")}.
   *
   * @param o a parsed JSON value
   * @param keys the keys, outermost first
   * @return the member, or null when a step is missing
   */
  public static @Nullable Object at(@Nullable Object o, String... keys) {
    @Nullable Object cur = o;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }
}
