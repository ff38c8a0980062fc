package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployEvent.LayerPhase;
import dev.onyx.deploy.core.event.DeployListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Image pulls and pushes as people know them from {@code docker compose pull}: one line per image
 * with its bytes done of its layers' total, redrawn in place on a terminal (on stderr); otherwise
 * a line when an image starts and when it is done. Other events pass to {@code next}.
 */
final class TransferProgress implements DeployListener {
  private final PrintWriter err;
  private final boolean tty;
  private final DeployListener next;
  private final Map<String, Image> images = new LinkedHashMap<>();
  private int drawn;

  /** One image's layers: bytes done and total of each, and whether it finished. */
  private static final class Image {
    final Map<String, long[]> layers = new LinkedHashMap<>();
    String state = "waiting";
    boolean push;

    long done() {
      return layers.values().stream().mapToLong(l -> l[0]).sum();
    }

    long total() {
      return layers.values().stream().mapToLong(l -> Math.max(0, l[1])).sum();
    }
  }

  TransferProgress(PrintWriter err, boolean tty, DeployListener next) {
    this.err = err;
    this.tty = tty;
    this.next = next;
  }

  @Override
  public synchronized void onEvent(DeployEvent e) {
    if (e instanceof DeployEvent.ImageTransferStarted s) {
      Image i = images.computeIfAbsent(s.image(), k -> new Image());
      i.push = s.direction() == DeployEvent.Direction.PUSH;
      i.state = i.push ? "pushing" : "pulling";
      if (!tty) {
        err.println(i.state + " " + s.image() + " ...");
      }
      draw();
    } else if (e instanceof DeployEvent.LayerProgress p) {
      Image i = images.computeIfAbsent(p.image(), k -> new Image());
      long[] l = i.layers.computeIfAbsent(p.layer(), k -> new long[] {0, -1});
      if (p.phase() == LayerPhase.DOWNLOADING || p.phase() == LayerPhase.PUSHING) {
        l[0] = p.done();
        l[1] = p.total();
      } else if (p.phase() == LayerPhase.DONE || p.phase() == LayerPhase.EXTRACTING) {
        l[0] = Math.max(l[0], l[1]);
      }
      if (tty) {
        draw();
      }
    } else if (e instanceof DeployEvent.ImageTransferred t) {
      Image i = images.computeIfAbsent(t.image(), k -> new Image());
      i.layers.values().forEach(l -> l[0] = Math.max(l[0], l[1]));
      i.state = (t.direction() == DeployEvent.Direction.PULL ? "pulled" : "pushed")
          + String.format(Locale.ROOT, " in %.1f s", t.took().toMillis() / 1e3);
      if (!tty) {
        err.println(t.image() + ": " + i.state + " (" + ByteSize.ofBytes(i.total()).toHumanString() + ")");
      }
      draw();
    } else {
      next.onEvent(e);
      return;
    }
    err.flush();
  }

  private void draw() {
    if (!tty) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (drawn > 0) {
      sb.append("\033[").append(drawn).append('A');
    }
    int width = images.keySet().stream().mapToInt(String::length).max().orElse(10);
    for (Map.Entry<String, Image> x : images.entrySet()) {
      Image i = x.getValue();
      long total = i.total();
      double f = total <= 0 ? 0 : Math.min(1.0, (double) i.done() / total);
      int filled = (int) Math.round(f * 20);
      sb.append("\033[2K ").append(String.format("%-" + width + "s", x.getKey())).append(' ')
          .append('[').append("=".repeat(filled)).append(" ".repeat(20 - filled)).append("] ")
          .append(ByteSize.ofBytes(i.done()).toHumanString()).append(" / ")
          .append(total <= 0 ? "?" : ByteSize.ofBytes(total).toHumanString()).append("  ").append(i.state).append('\n');
    }
    drawn = images.size();
    err.print(sb);
  }
}
