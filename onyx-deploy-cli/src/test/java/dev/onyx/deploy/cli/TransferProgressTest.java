package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployEvent.Direction;
import dev.onyx.deploy.core.event.DeployEvent.LayerPhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-image pull progress of the command line: bars on a terminal, start and end lines otherwise. */
class TransferProgressTest {
  private static void pull(TransferProgress p) {
    p.onEvent(new DeployEvent.ImageTransferStarted("postgres:16", Direction.PULL));
    p.onEvent(new DeployEvent.LayerProgress("postgres:16", "aaa", LayerPhase.ALREADY_PRESENT, 0, -1));
    p.onEvent(new DeployEvent.LayerProgress("postgres:16", "bbb", LayerPhase.DOWNLOADING, 1_000_000, 4_000_000));
    p.onEvent(new DeployEvent.LayerProgress("postgres:16", "ccc", LayerPhase.DOWNLOADING, 0, 4_000_000));
    p.onEvent(new DeployEvent.ImageTransferred("postgres:16", Direction.PULL, "sha256:x", Duration.ofMillis(1500)));
  }

  @Test
  void onATerminalEachImageIsOneBarOfItsLayersBytes() {
    StringWriter err = new StringWriter();
    List<DeployEvent> passed = new ArrayList<>();
    TransferProgress p = new TransferProgress(new PrintWriter(err, true), true, passed::add);
    pull(p);
    p.onEvent(new DeployEvent.ServiceStarted("db", "id"));
    String[] frames = err.toString().split("\033\\[2K");
    assertThat(frames[3]).contains("postgres:16 [=====               ] 976.6 KiB / 3.8 MiB  pulling");
    assertThat(frames[4]).contains("postgres:16 [===                 ] 976.6 KiB / 7.6 MiB  pulling");
    assertThat(frames[frames.length - 1]).contains("[====================] 7.6 MiB / 7.6 MiB  pulled in 1.5 s");
    assertThat(passed).containsExactly(new DeployEvent.ServiceStarted("db", "id"));
  }

  @Test
  void elsewhereAnImageGetsAStartAndAnEndLine() {
    StringWriter err = new StringWriter();
    TransferProgress p = new TransferProgress(new PrintWriter(err, true), false, e -> { });
    pull(p);
    assertThat(err.toString()).isEqualTo("pulling postgres:16 ...\npostgres:16: pulled in 1.5 s (7.6 MiB)\n");
  }
}
