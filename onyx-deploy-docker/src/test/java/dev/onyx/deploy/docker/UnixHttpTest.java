package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed GET and PUT over a Unix socket, against a small fake engine. */
class UnixHttpTest {
  @TempDir
  Path dir;

  private static final byte[] DATA = new byte[1_500_000];

  static {
    new Random(5).nextBytes(DATA);
  }

  /** One connection: reads the request head, hands the connection to {@code answer}, returns the head. */
  private CompletableFuture<String> engine(ServerSocketChannel server, Function<SocketChannel, byte[]> answer) {
    return CompletableFuture.supplyAsync(() -> {
      try (SocketChannel c = server.accept()) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          one.clear();
          if (c.read(one) < 0) {
            break;
          }
          head.write(one.array()[0]);
        }
        byte[] reply = answer.apply(c);
        c.write(ByteBuffer.wrap(reply));
        return head.toString(StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static byte[] chunked(byte[] body, int chunk) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < body.length; i += chunk) {
      int n = Math.min(chunk, body.length - i);
      b.writeBytes((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
      b.write(body, i, n);
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private ServerSocketChannel server(Path sock) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    return s;
  }

  @Test
  void aChunkedGetIsReadWhole() throws Exception {
    Path sock = dir.resolve("e.sock");
    try (ServerSocketChannel server = server(sock)) {
      CompletableFuture<String> fake = engine(server, c -> chunked(DATA, 70_001));
      try (InputStream in = UnixHttp.get(sock, "1.41", "/containers/abc/archive?path=%2Fv", "reading")) {
        assertThat(in.readAllBytes()).isEqualTo(DATA);
      }
      assertThat(fake.get()).startsWith("GET /v1.41/containers/abc/archive?path=%2Fv HTTP/1.1\r\n");
    }
  }

  @Test
  void aGetOfAKnownLengthStopsThere() throws Exception {
    Path sock = dir.resolve("e.sock");
    try (ServerSocketChannel server = server(sock)) {
      engine(server, c -> {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello worldEXTRA".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
      });
      try (InputStream in = UnixHttp.get(sock, "1.41", "/x", "reading")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
      }
    }
  }

  @Test
  void aRefusedGetCarriesTheEnginesMessage() throws Exception {
    Path sock = dir.resolve("e.sock");
    String json = "{\"message\":\"Could not find the file /v in container abc\"}";
    try (ServerSocketChannel server = server(sock)) {
      engine(server, c -> ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
          + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> UnixHttp.get(sock, "1.41", "/x", "reading /v from container abc"))
          .isInstanceOf(EngineGateway.Refusal.class)
          .hasMessage("reading /v from container abc failed: Could not find the file /v in container abc (HTTP 404)");
    }
  }

  /** Reads a chunked request body from the connection. */
  private static byte[] readChunkedBody(SocketChannel c) {
    try {
      InputStream in = Channels.newInputStream(c);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int n = Integer.parseInt(size, 16);
        if (n == 0) {
          line(in);
          return body.toByteArray();
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.append((char) c);
    }
    return b.toString().strip();
  }

  @Test
  void aPutSendsTheWholeStreamInChunks() throws Exception {
    Path sock = dir.resolve("e.sock");
    byte[][] got = new byte[1][];
    try (ServerSocketChannel server = server(sock)) {
      CompletableFuture<String> fake = engine(server, c -> {
        got[0] = readChunkedBody(c);
        return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      });
      UnixHttp.put(sock, "1.41", "/containers/abc/archive?path=%2F", Map.of("Content-Type", "application/x-tar"),
          new ByteArrayInputStream(DATA), "writing");
      assertThat(got[0]).isEqualTo(DATA);
      assertThat(fake.get()).startsWith("PUT /v1.41/containers/abc/archive?path=%2F HTTP/1.1\r\n")
          .contains("Content-Type: application/x-tar\r\n").contains("Transfer-Encoding: chunked\r\n");
    }
  }

  @Test
  void aRefusedPutCarriesTheEnginesMessage() throws Exception {
    Path sock = dir.resolve("e.sock");
    String json = "{\"message\":\"no such container: abc\"}";
    try (ServerSocketChannel server = server(sock)) {
      engine(server, c -> {
        readChunkedBody(c);
        return ("HTTP/1.1 404 Not Found\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
            .getBytes(StandardCharsets.US_ASCII);
      });
      assertThatThrownBy(() -> UnixHttp.put(sock, "1.41", "/x", Map.of(), new ByteArrayInputStream(DATA), "writing"))
          .isInstanceOf(EngineGateway.Refusal.class).hasMessage("writing failed: no such container: abc (HTTP 404)");
    }
  }

  @Test
  void anEngineThatRefusesBeforeTakingTheBodyIsHeard() throws Exception {
    Path sock = dir.resolve("e.sock");
    String json = "{\"message\":\"Could not find the file / in container abc\"}";
    byte[] big = new byte[16 << 20];
    try (ServerSocketChannel server = server(sock)) {
      engine(server, c -> ("HTTP/1.1 404 Not Found\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
          .getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> UnixHttp.put(sock, "1.41", "/x", Map.of(), new ByteArrayInputStream(big), "writing"))
          .isInstanceOf(EngineGateway.Refusal.class)
          .hasMessage("writing failed: Could not find the file / in container abc (HTTP 404)");
    }
  }

  @Test
  void aBodyThatFailsEndsThePutWithItsFailure() throws Exception {
    Path sock = dir.resolve("e.sock");
    try (ServerSocketChannel server = server(sock)) {
      engine(server, c -> {
        try {
          c.read(ByteBuffer.allocate(1 << 20));
        } catch (IOException e) {
          // the client went away
        }
        return new byte[0];
      });
      InputStream failing = new InputStream() {
        @Override
        public int read() throws IOException {
          throw new IOException("the backup is damaged");
        }
      };
      assertThatThrownBy(() -> UnixHttp.put(sock, "1.41", "/x", Map.of(), failing, "writing"))
          .isInstanceOf(IOException.class).hasMessage("the backup is damaged");
    }
  }
}
