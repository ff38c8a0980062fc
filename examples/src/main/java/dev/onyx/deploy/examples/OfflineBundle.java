package dev.onyx.deploy.examples;

import dev.onyx.deploy.archive.Bundle;
import dev.onyx.deploy.archive.BundleManifest;
import dev.onyx.deploy.archive.LoadOptions;
import dev.onyx.deploy.archive.LoadResult;
import dev.onyx.deploy.archive.VerifyReport;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes an offline bundle of a stack (its images, the compose project and load/deploy scripts in one
 * verified zip; an image missing on the engine is pulled first), verifies it without an engine, and
 * loads it back into an engine. An upgrade bundle that carries only the layers an earlier bundle
 * lacks: {@code Bundle.create(stack, engine, next, BundleOptions.defaults().withSince(zip))}.
 *
 * <pre>
 * java -cp ... dev.onyx.deploy.examples.OfflineBundle ./app.zip busybox:1.36 ./unpacked
 * </pre>
 */
public final class OfflineBundle {
  private OfflineBundle() {}

  /**
   * @param args the bundle file (default {@code app.zip}), an image the engine has (default
   *     {@code busybox:1.36}) and the folder to unpack the compose project into (default
   *     {@code app-unpacked})
   */
  public static void main(String[] args) {
    Path zip = Path.of(args.length > 0 ? args[0] : "app.zip");
    String image = args.length > 1 ? args[1] : "busybox:1.36";
    Path unpacked = Path.of(args.length > 2 ? args[2] : "app-unpacked");
    Stack stack = Stack.builder("app")
        .addService(Service.builder("worker").image(image).command(List.of("sleep", "3600")).build())
        .build();

    // tag::bundle[]
    try (DockerEngine engine = DockerEngine.connect()) {
      BundleManifest made = Bundle.create(stack, engine, zip);           // written whole, or not at all
      VerifyReport report = Bundle.verify(zip);                          // every checksum; no engine
      LoadResult loaded = Bundle.load(zip, engine,                       // images + compose project
          LoadOptions.defaults().withExtractTo(unpacked));
      System.out.println(made.images().size() + " image(s), " + report.filesChecked()
          + " files verified, project in " + loaded.directory().orElseThrow());
    }
    // end::bundle[]
  }
}
