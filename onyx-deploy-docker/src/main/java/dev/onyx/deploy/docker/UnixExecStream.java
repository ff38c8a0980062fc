package dev.onyx.deploy.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an exec whose input is a large stream (a database restore) on an engine at a local Unix
 * socket, over a connection of its own made with the JDK: the engine's attach protocol (an HTTP
 * upgrade, then the raw input one way and the multiplexed output the other), with large buffers.
 * The general client's attach writes the input 1 KiB at a time with a flush after each, which caps
 * a restore far below what the engine and the database can take.
 */
final class UnixExecStream {
  private static final Logger LOG = LoggerFactory.getLogger(UnixExecStream.class);
  private static final int BUFFER = 256 * 1024;

  private UnixExecStream() {
  }

  /** @return the socket file of a {@code unix://} engine address, or null for any other address */
  static @Nullable Path socketOf(URI host) {
    return "unix".equals(host.getScheme()) && host.getPath() != null ? Path.of(host.getPath()) : null;
  }

  /**
   * Starts a created exec attached, feeds it {@code stdin} to its end (then closes its input) and
   * copies its output until it ends.
   *
   * @param stdin the command's input, or null when the exec was created without one
   * @throws IOException if the connection fails, the engine refuses, or writing the output fails
   */
  static void run(Path socket, String apiVersion, String execId, @Nullable InputStream stdin, OutputStream stdout,
      OutputStream stderr) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);
      String head = "POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length
          + "\r\n\r\n";
      UnixHttp.writeFully(ch, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(body));
      UnixHttp.ChannelInput in = new UnixHttp.ChannelInput(ch);
      UnixHttp.Head answer = UnixHttp.readHead(in);
      if (answer.status() != 101) {
        throw new IOException("the engine refused to start the command: " + answer.statusLine());
      }
      IOException[] writeFailed = new IOException[1];
      Thread writer = null;
      if (stdin != null) {
        writer = new Thread(() -> {
          try {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = stdin.read(buf)) >= 0) {
              UnixHttp.writeFully(ch, ByteBuffer.wrap(buf, 0, n));
            }
            ch.shutdownOutput();
          } catch (IOException e) {
            // the command may end before it has read all its input; its exit code tells
            writeFailed[0] = e;
          }
        }, "onyx-exec-input");
        writer.setDaemon(true);
        writer.start();
      }
      copyFrames(in, stdout, stderr);
      if (writer != null) {
        try {
          writer.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (writeFailed[0] != null) {
        LOG.debug("the command's input ended early: {}", writeFailed[0].getMessage());
      }
    }
  }

  /** Copies the multiplexed output (8-byte frame heads: stream, 0, 0, 0, size) to its streams. */
  private static void copyFrames(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
    byte[] buf = new byte[BUFFER];
    byte[] header = new byte[8];
    while (true) {
      int h = in.readNBytes(header, 0, 8);
      if (h == 0) {
        return;
      }
      if (h < 8) {
        throw new EOFException("the command's output ends inside a frame");
      }
      int stream = header[0];
      long size = ByteBuffer.wrap(header).getInt(4) & 0xFFFFFFFFL;
      OutputStream out = stream == 2 ? stderr : stdout;
      while (size > 0) {
        int k = in.read(buf, 0, (int) Math.min(buf.length, size));
        if (k < 0) {
          throw new EOFException("the command's output ends inside a frame");
        }
        out.write(buf, 0, k);
        size -= k;
      }
    }
  }
}
