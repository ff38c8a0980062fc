package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON and URL pieces of {@link EngineGateway}; its calls run against the engine in the ITs. */
class EngineGatewayTest {
  @Test
  void readsEngineJsonIntoPlainValues() throws Exception {
    String json = "[{\"Id\":\"abc\",\"Names\":[\"/p-web-1\"],\"Labels\":{\"a\":\"b\\\"c\"},\"Ports\":"
        + "[{\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\",\"IP\":\"0.0.0.0\"}],"
        + "\"Size\":1.5e3,\"Up\":true,\"None\":null}]";
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      Object v = EngineGateway.value(p);
      Map<String, Object> expected = new java.util.LinkedHashMap<>();
      expected.put("Id", "abc");
      expected.put("Names", List.of("/p-web-1"));
      expected.put("Labels", Map.of("a", "b\"c"));
      expected.put("Ports", List.of(Map.of("PrivatePort", 80L, "PublicPort", 8080L, "Type", "tcp", "IP", "0.0.0.0")));
      expected.put("Size", 1500.0);
      expected.put("Up", true);
      expected.put("None", null);
      assertThat(v).isEqualTo(List.of(expected));
    }
  }

  @Test
  void readsTheEnginesErrorMessageWithTheJsonParser() {
    assertThat(EngineGateway.errorMessage("{\"message\":\"manifest for a:b not found: \\\"x\\\"\\nnext\"}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("manifest for a:b not found: \"x\"\nnext");
    assertThat(EngineGateway.errorMessage("{\"error\":\"boom\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("boom");
    assertThat(EngineGateway.errorMessage("plain text\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("plain text");
    assertThat(EngineGateway.errorMessage(new byte[0])).isEqualTo("(no message)");
  }

  @Test
  void escapesFilterValuesAndImagePaths() {
    assertThat(EngineGateway.jsonString("com.docker.compose.project=a\"b\\c"))
        .isEqualTo("\"com.docker.compose.project=a\\\"b\\\\c\"");
    assertThat(EngineGateway.path("registry.example.com:5000/team/app:1.0"))
        .isEqualTo("registry.example.com:5000/team/app:1.0");
    assertThat(EngineGateway.path("app@sha256:ab")).isEqualTo("app@sha256:ab");
    assertThat(EngineGateway.path("we ird#x")).isEqualTo("we%20ird%23x");
  }
}
