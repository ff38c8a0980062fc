package dev.onyx.deploy.backup;

import dev.onyx.deploy.docker.DockerEngine;
import java.nio.file.Path;

/** A backup in its own JVM, so that a test can kill the JVM in the middle of it. */
public final class BackupChild {
  private BackupChild() {
  }

  /**
   * @param args project, output file, state folder
   */
  public static void main(String[] args) {
    try (DockerEngine engine = DockerEngine.connect()) {
      Backups.on(engine).create(args[0], null, Path.of(args[1]), BackupOptions.defaults().withStateDir(Path.of(args[2]))
          .withThreads(1).withProgress(line -> {
            System.out.println(line);
            System.out.flush();
          }));
    }
    System.out.println("finished");
  }
}
