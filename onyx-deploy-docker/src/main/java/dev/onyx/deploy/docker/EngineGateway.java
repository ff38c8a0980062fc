package dev.onyx.deploy.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one way raw HTTP reaches the engine: every call that does not go through docker-java's client
 * (the reads each apply starts with, image save/load/pull/push, {@code /version}) goes through here,
 * over the docker-java transport, and every answer (documents, message streams and errors) is read
 * with Jackson's streaming parser into plain maps, lists, strings, numbers and booleans.
 */
final class EngineGateway {
  private static final JsonFactory JSON = new JsonFactory();

  private final DockerHttpClient http;
  private final String apiVersion;

  /**
   * @param http the transport
   * @param apiVersion the API version every path is prefixed with ({@code /v1.41/...})
   */
  EngineGateway(DockerHttpClient http, String apiVersion) {
    this.http = http;
    this.apiVersion = apiVersion;
  }

  /**
   * An engine answer that is not a success: the HTTP status and the engine's own message (the
   * {@code message} of its JSON error body, or the {@code error} of a message stream).
   */
  static final class Refusal extends DeployException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String engineMessage;

    Refusal(String what, int status, String engineMessage) {
      super(what + " failed: " + engineMessage + (status > 0 ? " (HTTP " + status + ")" : ""));
      this.status = status;
      this.engineMessage = engineMessage;
    }

    /** @return the HTTP status, or 0 when the error came inside a 200 message stream */
    int status() {
      return status;
    }

    /** @return the engine's message, as it gave it */
    String engineMessage() {
      return engineMessage;
    }
  }

  /**
   * {@code GET /version}, which answers without an API prefix (the version is not known yet).
   *
   * @return the parsed document
   */
  static Map<String, Object> version(DockerHttpClient http) {
    DockerHttpClient.Request req = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET).path("/version").build();
    try (DockerHttpClient.Response r = http.execute(req); InputStream body = r.getBody()) {
      byte[] bytes = body.readAllBytes();
      if (r.getStatusCode() != 200) {
        throw new Refusal("GET /version", r.getStatusCode(), errorMessage(bytes));
      }
      return map(parse(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param pathAndQuery the path under the API version, e.g. {@code /networks}
   * @return the parsed JSON body, or empty on 404
   * @throws Refusal on any other refusal, with the engine's message
   */
  Optional<Object> getJson(String pathAndQuery) {
    DockerHttpClient.Request req = request(DockerHttpClient.Request.Method.GET, pathAndQuery, Map.of(), null);
    try (DockerHttpClient.Response r = http.execute(req); InputStream body = r.getBody()) {
      if (r.getStatusCode() == 404) {
        return Optional.empty();
      }
      if (r.getStatusCode() / 100 != 2) {
        throw new Refusal("GET " + pathAndQuery, r.getStatusCode(), errorMessage(body.readAllBytes()));
      }
      return Optional.ofNullable(parse(body));
    } catch (IOException e) {
      throw new UncheckedIOException("reading GET " + pathAndQuery + " from the engine", e);
    }
  }

  /**
   * A streamed GET (an image export): the body comes straight from the engine; the caller closes it.
   *
   * @param pathAndQuery the path under the API version
   * @param what what is being done, for the message of a refusal
   * @return the body
   * @throws Refusal when the engine refuses
   */
  InputStream getStream(String pathAndQuery, String what) {
    DockerHttpClient.Response resp = open(pathAndQuery, what);
    return new FilterInputStream(resp.getBody()) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          resp.close();
        }
      }
    };
  }

  /**
   * A streamed GET whose response the caller holds: for one that does not end by itself (the
   * engine's {@code /events}), the caller reads the body and stops it by closing the response, which
   * drops the connection (closing the body instead would read the endless stream to its end).
   *
   * @param pathAndQuery the path under the API version
   * @param what what is being done, for the message of a refusal
   * @return the open response
   * @throws Refusal when the engine refuses
   */
  DockerHttpClient.Response open(String pathAndQuery, String what) {
    DockerHttpClient.Response resp = http.execute(request(DockerHttpClient.Request.Method.GET, pathAndQuery,
        Map.of(), null));
    if (resp.getStatusCode() != 200) {
      try (resp; InputStream in = resp.getBody()) {
        throw new Refusal(what, resp.getStatusCode(), errorMessage(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return resp;
  }

  /**
   * A POST whose answer is a stream of JSON messages (load, pull, push, build): each message goes to
   * {@code messages} as it arrives; an {@code error} message, or a refusing status, ends the call.
   *
   * @param pathAndQuery the path under the API version
   * @param headers extra headers (e.g. {@code X-Registry-Auth}, never logged)
   * @param body the request body, or null for none; read to its end, not closed
   * @param what what is being done, for the message of a refusal
   * @param messages receives each message
   * @throws Refusal when the engine refuses or reports an error in the stream
   */
  void postStream(String pathAndQuery, Map<String, String> headers, InputStream body, String what,
      Consumer<Map<String, Object>> messages) {
    DockerHttpClient.Request req = request(DockerHttpClient.Request.Method.POST, pathAndQuery, headers, body);
    try (DockerHttpClient.Response r = http.execute(req); InputStream in = r.getBody()) {
      if (r.getStatusCode() / 100 != 2) {
        throw new Refusal(what, r.getStatusCode(), errorMessage(in.readAllBytes()));
      }
      try (JsonParser p = JSON.createParser(in)) {
        while (p.nextToken() != null) {
          Map<String, Object> m = map(value(p));
          Object error = m.get("error");
          if (error == null && m.get("errorDetail") instanceof Map<?, ?> d) {
            error = d.get("message");
          }
          if (error != null) {
            throw new Refusal(what, 0, str(error).strip());
          }
          messages.accept(m);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the engine's answer to " + what, e);
    }
  }

  /**
   * A PUT of a stream (a tar into a container's folder) whose answer carries no document.
   *
   * @param pathAndQuery the path under the API version
   * @param headers extra headers (the content type)
   * @param body the request body; read to its end, not closed
   * @param what what is being done, for the message of a refusal
   * @throws Refusal when the engine refuses
   */
  void put(String pathAndQuery, Map<String, String> headers, InputStream body, String what) {
    DockerHttpClient.Request req = request(DockerHttpClient.Request.Method.PUT, pathAndQuery, headers, body);
    try (DockerHttpClient.Response r = http.execute(req); InputStream in = r.getBody()) {
      byte[] answer = in.readAllBytes();
      if (r.getStatusCode() / 100 != 2) {
        throw new Refusal(what, r.getStatusCode(), errorMessage(answer));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the engine's answer to " + what, e);
    }
  }

  /** A whole answer: its HTTP status and its body's bytes. */
  record Answer(int status, byte[] body) {
    /** @return whether the status is a success (2xx) */
    boolean ok() {
      return status / 100 == 2;
    }
  }

  /**
   * A call whose answer is read whole, whatever its status (the caller decides what a refusal is).
   *
   * @param method the HTTP method
   * @param pathAndQuery the path under the API version
   * @param headers extra headers (never logged)
   * @param json the JSON body, or null for none
   * @return the status and body
   */
  Answer exchange(DockerHttpClient.Request.Method method, String pathAndQuery, Map<String, String> headers,
      byte @Nullable [] json) {
    DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method)
        .path("/v" + apiVersion + pathAndQuery).headers(headers);
    if (json != null) {
      b.putHeader("Content-Type", "application/json").bodyBytes(json);
    } else if (method != DockerHttpClient.Request.Method.GET) {
      b.bodyBytes(new byte[0]);
    }
    try (DockerHttpClient.Response r = http.execute(b.build()); InputStream in = r.getBody()) {
      return new Answer(r.getStatusCode(), in == null ? new byte[0] : in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the engine's answer to " + method + " " + pathAndQuery, e);
    }
  }

  private DockerHttpClient.Request request(DockerHttpClient.Request.Method method, String pathAndQuery,
      Map<String, String> headers, InputStream body) {
    DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method)
        .path("/v" + apiVersion + pathAndQuery).headers(headers);
    if (body != null) {
      b.body(new FilterInputStream(body) {
        @Override
        public void close() {
          // the caller owns the stream
        }
      });
    }
    return b.build();
  }

  /**
   * @param body an error answer's body
   * @return the engine's message: the {@code message} (or {@code error}) of a JSON body, else the
   *     body's text
   */
  static String errorMessage(byte[] body) {
    try {
      Map<String, Object> m = map(parse(new ByteArrayInputStream(body)));
      Object msg = m.get("message") != null ? m.get("message") : m.get("error");
      if (msg != null) {
        return str(msg).strip();
      }
    } catch (IOException e) {
      // not JSON: the text itself
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "(no message)" : text;
  }

  /** @return a JSON document as maps, lists, strings, numbers, booleans and null */
  static Object parse(InputStream json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return value(p);
    }
  }

  /** The value at the parser's current token, as maps, lists, strings, numbers, booleans, null. */
  static Object value(JsonParser p) throws IOException {
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
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }

  static long number(Object o) {
    return o instanceof Number n ? n.longValue() : -1;
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
  static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes an image reference for a path ({@code /}, {@code :} and {@code @} kept). */
  static String path(String s) {
    return query(s).replace("%2F", "/").replace("%3A", ":").replace("%40", "@");
  }
}
