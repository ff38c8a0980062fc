package dev.onyx.deploy.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of the manifest and of the small item records (jackson-core's streaming API, internal). */
final class ManifestJson {
  private static final JsonFactory JSON = new JsonFactory();

  private ManifestJson() {
  }

  static byte[] write(Map<String, ?> value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      writeValue(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  /** @throws CorruptBackupException when the bytes are not a JSON object */
  static Map<String, Object> read(byte[] json, String what) {
    try (JsonParser p = JSON.createParser(json)) {
      Object v = value(p, p.nextToken());
      if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) m;
        return r;
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    throw new CorruptBackupException(null, "the backup is damaged: its " + what + " is not readable");
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new IOException("end of input");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          m.put(k, value(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        JsonToken x;
        while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(value(p, x));
        }
        return l;
      }
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        return p.getText();
    }
  }

  static Map<String, Object> toMap(BackupManifest m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("formatVersion", m.formatVersion());
    out.put("project", m.project());
    out.put("createdAt", m.createdAt().toString());
    out.put("toolVersion", m.toolVersion());
    out.put("online", m.online());
    List<Object> items = new ArrayList<>();
    for (BackupManifest.Item i : m.items()) {
      items.add(itemMap(i));
    }
    out.put("items", items);
    return out;
  }

  static Map<String, Object> itemMap(BackupManifest.Item i) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("name", i.name());
    x.put("kind", i.kind().name().toLowerCase(java.util.Locale.ROOT));
    x.put("source", i.source());
    x.put("size", i.size());
    x.put("storedSize", i.storedSize());
    x.put("sha256", i.sha256());
    return x;
  }

  static BackupManifest fromMap(Map<String, Object> m, boolean encrypted) {
    try {
      List<BackupManifest.Item> items = new ArrayList<>();
      for (Object o : (List<?>) m.get("items")) {
        items.add(item(asMap(o)));
      }
      return new BackupManifest(((Number) m.get("formatVersion")).intValue(), (String) m.get("project"),
          Instant.parse((String) m.get("createdAt")), (String) m.get("toolVersion"),
          Boolean.TRUE.equals(m.get("online")), encrypted, items);
    } catch (RuntimeException e) {
      throw new CorruptBackupException(null, "the backup is damaged: its manifest lacks a field or has a wrong one");
    }
  }

  static BackupManifest.Item item(Map<String, Object> x) {
    return new BackupManifest.Item((String) x.get("name"),
        BackupManifest.Kind.valueOf(((String) x.get("kind")).toUpperCase(java.util.Locale.ROOT)),
        (String) x.get("source"), ((Number) x.get("size")).longValue(), ((Number) x.get("storedSize")).longValue(),
        (String) x.get("sha256"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
