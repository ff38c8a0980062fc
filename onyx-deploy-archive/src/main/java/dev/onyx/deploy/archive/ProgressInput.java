package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongUnaryOperator;

/**
 * Counts the bytes read through it and reports them as {@link DeployEvent.Progress} every 8 MiB
 * (and when the expected total is reached).
 */
final class ProgressInput extends FilterInputStream {
  private final String task;
  private final LongUnaryOperator total;
  private final DeployListener listener;
  private long count;
  private long last;

  /**
   * @param task the progress task, e.g. {@code load images}
   * @param total the total to report for a count (an estimate may grow with what was read)
   */
  ProgressInput(InputStream in, String task, LongUnaryOperator total, DeployListener listener) {
    super(in);
    this.task = task;
    this.total = total;
    this.listener = listener;
  }

  /** @return the bytes read so far */
  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      progress(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      progress(n);
    }
    return n;
  }

  private void progress(int n) {
    count += n;
    long t = total.applyAsLong(count);
    if (count - last >= 8 << 20 || count == t) {
      last = count;
      listener.onEvent(new DeployEvent.Progress(task, count, t));
    }
  }
}
