package dev.onyx.deploy.docker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streamed HTTP/1.1 calls to an engine at a local Unix socket, over a connection of their own
 * made with the JDK: a volume's tar read from or written to a container's archive endpoint. The
 * general client reads and writes such a socket a few KiB at a time through native calls, which
 * costs this process several seconds of CPU per GiB; here each read and write moves up to
 * {@link #BUFFER} bytes.
 */
final class UnixHttp {
  static final int BUFFER = 256 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};

  private UnixHttp() {
  }

  /** A response's status line and headers (names in lower case). */
  record Head(String statusLine, int status, Map<String, String> headers) {
  }

  /**
   * A streamed GET: the body comes straight from the engine; closing it drops the connection.
   *
   * @throws EngineGateway.Refusal when the engine answers with anything but 200
   * @throws IOException if the connection fails
   */
  static InputStream get(Path socket, String apiVersion, String pathAndQuery, String what) throws IOException {
    SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    try {
      writeFully(ch, ByteBuffer.wrap(("GET /v" + apiVersion + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      ChannelInput in = new ChannelInput(ch);
      Head h = readHead(in);
      InputStream body = body(in, h);
      if (h.status() != 200) {
        throw new EngineGateway.Refusal(what, h.status(), EngineGateway.errorMessage(body.readAllBytes()));
      }
      return body;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * A PUT whose body is a stream of unknown length, sent in chunks of up to {@link #BUFFER} bytes.
   *
   * @param body read to its end, not closed
   * @throws EngineGateway.Refusal when the engine answers with anything but a success
   * @throws IOException if the connection fails, or reading the body fails
   */
  static void put(Path socket, String apiVersion, String pathAndQuery, Map<String, String> headers, InputStream body,
      String what) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      StringBuilder head = new StringBuilder("PUT /v" + apiVersion + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      writeFully(ch, ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)));
      ChannelInput in = new ChannelInput(ch);
      byte[] buf = new byte[BUFFER];
      int n;
      // a failure to read the body ends the call as it is (closing the connection aborts the PUT)
      while ((n = body.read(buf)) >= 0) {
        if (n > 0) {
          send(ch, in, what, ByteBuffer.wrap((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII)),
              ByteBuffer.wrap(buf, 0, n), ByteBuffer.wrap(CRLF));
        }
      }
      send(ch, in, what, ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      Head h = readHead(in);
      byte[] answer = body(in, h).readAllBytes();
      if (h.status() / 100 != 2) {
        throw new EngineGateway.Refusal(what, h.status(), EngineGateway.errorMessage(answer));
      }
    }
  }

  /**
   * Writes part of a request body. The engine may have answered (a refusal) and closed the
   * connection before taking the whole body: its answer is then the failure.
   */
  private static void send(SocketChannel ch, ChannelInput in, String what, ByteBuffer... bs) throws IOException {
    try {
      writeFully(ch, bs);
    } catch (IOException e) {
      Head h;
      byte[] answer;
      try {
        h = readHead(in);
        answer = body(in, h).readAllBytes();
      } catch (IOException | RuntimeException none) {
        throw e;
      }
      if (h.status() / 100 != 2) {
        throw new EngineGateway.Refusal(what, h.status(), EngineGateway.errorMessage(answer));
      }
      throw e;
    }
  }

  /** @return the response's body as its headers frame it: chunked, of a known length, or to the connection's end */
  private static InputStream body(ChannelInput in, Head h) {
    String te = h.headers().getOrDefault("transfer-encoding", "");
    if (te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new Chunked(in);
    }
    String len = h.headers().get("content-length");
    if (len != null) {
      return new Bounded(in, Long.parseLong(len.strip()));
    }
    return in;
  }

  static void writeFully(SocketChannel ch, ByteBuffer... bs) throws IOException {
    long left = 0;
    for (ByteBuffer b : bs) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= ch.write(bs);
    }
  }

  /** Reads a response head (status line and headers, up to the blank line). */
  static Head readHead(ChannelInput in) throws IOException {
    String status = in.line();
    if (status == null) {
      throw new EOFException("the engine closed the connection before answering");
    }
    String[] parts = status.split(" ", 3);
    int code;
    try {
      code = Integer.parseInt(parts.length > 1 ? parts[1] : "");
    } catch (NumberFormatException e) {
      throw new IOException("the engine's answer is not HTTP: " + status);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    int total = status.length();
    while ((line = in.line()) != null && !line.isEmpty()) {
      total += line.length();
      if (total > 64 * 1024) {
        throw new IOException("the engine's answer has no end of its head");
      }
      int c = line.indexOf(':');
      if (c > 0) {
        headers.put(line.substring(0, c).strip().toLowerCase(Locale.ROOT), line.substring(c + 1).strip());
      }
    }
    if (line == null) {
      throw new EOFException("the engine closed the connection inside its answer's head");
    }
    return new Head(status, code, headers);
  }

  /**
   * A buffered stream over a socket channel: reads of at least the buffer's size go straight into
   * the caller's array. Closing it closes the channel.
   */
  static final class ChannelInput extends InputStream {
    private final SocketChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);

    ChannelInput(SocketChannel ch) {
      this.ch = ch;
      buf.flip();
    }

    /** @return the bytes received but not read yet (in read mode) */
    ByteBuffer buffered() {
      return buf;
    }

    @Override
    public int read() throws IOException {
      if (!buf.hasRemaining() && fill() < 0) {
        return -1;
      }
      return buf.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!buf.hasRemaining()) {
        if (len >= buf.capacity()) {
          return ch.read(ByteBuffer.wrap(b, off, len));
        }
        if (fill() < 0) {
          return -1;
        }
      }
      int k = Math.min(len, buf.remaining());
      buf.get(b, off, k);
      return k;
    }

    private int fill() throws IOException {
      buf.clear();
      int n;
      do {
        n = ch.read(buf);
      } while (n == 0);
      buf.flip();
      return n;
    }

    /** @return the next line without its CR LF, or null at the end of the stream */
    @org.jspecify.annotations.Nullable String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = read()) >= 0 && c != '\n') {
        if (b.size() > 64 * 1024) {
          throw new IOException("the engine's answer holds a line that does not end");
        }
        b.write(c);
      }
      if (c < 0 && b.size() == 0) {
        return null;
      }
      String s = b.toString(StandardCharsets.US_ASCII);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** A body of a known length. */
  private static final class Bounded extends InputStream {
    private final ChannelInput in;
    private long left;

    Bounded(ChannelInput in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int k = in.read(b, off, (int) Math.min(len, left));
      if (k < 0) {
        throw new EOFException("the engine's answer ends early");
      }
      left -= k;
      return k;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A chunked body (RFC 9112 section 7.1); trailers are read and dropped. */
  private static final class Chunked extends InputStream {
    private final ChannelInput in;
    private long left;
    private boolean ended;

    Chunked(ChannelInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (left == 0) {
        if (ended) {
          return -1;
        }
        String size = in.line();
        if (size == null) {
          throw new EOFException("the engine's answer ends inside its body");
        }
        int semi = size.indexOf(';');
        try {
          left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("the engine's answer has a damaged chunk head: " + size);
        }
        if (left == 0) {
          ended = true;
          String t;
          while ((t = in.line()) != null && !t.isEmpty()) {
            // trailers: none expected
          }
          return -1;
        }
      }
      int k = in.read(b, off, (int) Math.min(len, left));
      if (k < 0) {
        throw new EOFException("the engine's answer ends inside a chunk");
      }
      left -= k;
      if (left == 0 && in.line() == null) {
        throw new EOFException("the engine's answer ends inside a chunk");
      }
      return k;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
