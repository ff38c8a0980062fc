package dev.onyx.deploy.swarm;

import dev.onyx.deploy.docker.EngineApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Content and spec hashes: SHA-256 of bytes, or of a JSON value with its keys sorted. */
final class Hashes {
  private Hashes() {
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the SHA-256 of the value's JSON with every object's keys sorted (order-blind for maps) */
  static String ofJson(@Nullable Object value) {
    return sha256(EngineApi.toJson(sorted(value)).getBytes(StandardCharsets.UTF_8));
  }

  /** A copy with every map's keys sorted; lists keep their order. */
  static @Nullable Object sorted(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, @Nullable Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(k.toString(), sorted(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(x -> out.add(sorted(x)));
      return out;
    }
    return value;
  }
}
