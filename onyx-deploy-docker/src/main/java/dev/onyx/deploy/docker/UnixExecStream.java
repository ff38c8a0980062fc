package dev.onyx.deploy.docker;

import java.io.ByteArrayOutputStream;
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
   * @throws IOException if the connection fails, the engine refuses, or writing the output fails
   */
  static void run(Path socket, String apiVersion, String execId, InputStream stdin, OutputStream stdout,
      OutputStream stderr) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);
      String head = "POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length
          + "\r\n\r\n";
      writeFully(ch, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      writeFully(ch, ByteBuffer.wrap(body));
      ByteBuffer in = ByteBuffer.allocate(BUFFER);
      String status = readHead(ch, in);
      if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.0 101")) {
        throw new IOException("the engine refused to start the command: " + status.lines().findFirst().orElse(""));
      }
      IOException[] writeFailed = new IOException[1];
      Thread writer = new Thread(() -> {
        try {
          byte[] buf = new byte[BUFFER];
          int n;
          while ((n = stdin.read(buf)) >= 0) {
            writeFully(ch, ByteBuffer.wrap(buf, 0, n));
          }
          ch.shutdownOutput();
        } catch (IOException e) {
          // the command may end before it has read all its input; its exit code tells
          writeFailed[0] = e;
        }
      }, "onyx-exec-input");
      writer.setDaemon(true);
      writer.start();
      copyFrames(ch, in, stdout, stderr);
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (writeFailed[0] != null) {
        LOG.debug("the command's input ended early: {}", writeFailed[0].getMessage());
      }
    }
  }

  private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Reads the response head; leaves {@code in} in read mode holding the bytes after it. */
  private static String readHead(SocketChannel ch, ByteBuffer in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int match = 0;
    while (true) {
      in.clear();
      if (ch.read(in) < 0) {
        throw new EOFException("the engine closed the connection before answering");
      }
      in.flip();
      while (in.hasRemaining()) {
        byte c = in.get();
        head.write(c);
        match = (c == "\r\n\r\n".charAt(match)) ? match + 1 : (c == '\r' ? 1 : 0);
        if (match == 4) {
          return head.toString(StandardCharsets.US_ASCII);
        }
        if (head.size() > 64 * 1024) {
          throw new IOException("the engine's answer has no end of its head");
        }
      }
    }
  }

  /** Copies the multiplexed output (8-byte frame heads: stream, 0, 0, 0, size) to its streams. */
  private static void copyFrames(SocketChannel ch, ByteBuffer in, OutputStream stdout, OutputStream stderr)
      throws IOException {
    byte[] buf = new byte[BUFFER];
    ByteBuffer header = ByteBuffer.allocate(8);
    while (true) {
      header.clear();
      if (!fill(ch, in, header)) {
        return;
      }
      header.flip();
      int stream = header.get(0);
      long size = header.getInt(4) & 0xFFFFFFFFL;
      OutputStream out = stream == 2 ? stderr : stdout;
      while (size > 0) {
        ByteBuffer part = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size));
        if (!fill(ch, in, part)) {
          throw new EOFException("the command's output ends inside a frame");
        }
        out.write(buf, 0, part.position());
        size -= part.position();
      }
    }
  }

  /** Fills {@code dst} from what is buffered, then from the channel. @return false at the end of the stream before any byte */
  private static boolean fill(SocketChannel ch, ByteBuffer in, ByteBuffer dst) throws IOException {
    boolean any = false;
    while (dst.hasRemaining()) {
      if (!in.hasRemaining()) {
        in.clear();
        int n = ch.read(in);
        in.flip();
        if (n < 0) {
          if (any) {
            throw new EOFException("the command's output ends inside a frame");
          }
          return false;
        }
      }
      int k = Math.min(in.remaining(), dst.remaining());
      ByteBuffer slice = in.slice();
      slice.limit(k);
      dst.put(slice);
      in.position(in.position() + k);
      any = true;
    }
    return true;
  }
}
