package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec attach protocol over a Unix socket, against a small fake engine. */
class UnixExecStreamTest {
  @TempDir
  Path dir;

  /** A fake engine: answers the upgrade, then echoes the input back in stdout frames of odd sizes. */
  private CompletableFuture<String> engine(ServerSocketChannel server, String status) {
    return CompletableFuture.supplyAsync(() -> {
      try (SocketChannel c = server.accept()) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          one.clear();
          c.read(one);
          head.write(one.array()[0]);
        }
        c.read(ByteBuffer.allocate(28)); // the JSON body
        c.write(ByteBuffer.wrap((status + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII)));
        if (!status.contains("101")) {
          return head.toString(StandardCharsets.US_ASCII);
        }
        frame(c, 2, "warming up\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer in = ByteBuffer.allocate(70_001);
        while (c.read(in) >= 0) {
          in.flip();
          byte[] b = new byte[in.remaining()];
          in.get(b);
          frame(c, 1, b);
          in.clear();
        }
        return head.toString(StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static void frame(SocketChannel c, int stream, byte[] payload) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(8).put(0, (byte) stream).putInt(4, payload.length);
    ByteBuffer p = ByteBuffer.wrap(payload);
    while (h.hasRemaining() || p.hasRemaining()) {
      c.write(new ByteBuffer[] {h, p});
    }
  }

  @Test
  void feedsTheWholeInputAndSplitsTheOutputStreams() throws Exception {
    Path sock = dir.resolve("engine.sock");
    byte[] input = new byte[3_000_000];
    new Random(3).nextBytes(input);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      CompletableFuture<String> fake = engine(server, "HTTP/1.1 101 UPGRADED");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      UnixExecStream.run(sock, "1.41", "abc123", new ByteArrayInputStream(input), out, err);
      assertThat(out.toByteArray()).isEqualTo(input);
      assertThat(err.toString(StandardCharsets.US_ASCII)).isEqualTo("warming up\n");
      assertThat(fake.get()).startsWith("POST /v1.41/exec/abc123/start HTTP/1.1\r\n").contains("Upgrade: tcp\r\n");
    }
  }

  @Test
  void aRefusalIsAnErrorWithTheEnginesStatus() throws Exception {
    Path sock = dir.resolve("engine.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      engine(server, "HTTP/1.1 404 Not Found");
      assertThatThrownBy(() -> UnixExecStream.run(sock, "1.41", "gone", new ByteArrayInputStream(new byte[0]),
          new ByteArrayOutputStream(), new ByteArrayOutputStream())).isInstanceOf(IOException.class)
          .hasMessage("the engine refused to start the command: HTTP/1.1 404 Not Found");
    }
  }

  @Test
  void onlyUnixAddressesHaveASocket() {
    assertThat(UnixExecStream.socketOf(URI.create("unix:///var/run/docker.sock"))).isEqualTo(Path.of("/var/run/docker.sock"));
    assertThat(UnixExecStream.socketOf(URI.create("tcp://10.0.0.1:2376"))).isNull();
  }
}
