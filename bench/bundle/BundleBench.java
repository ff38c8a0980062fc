import dev.onyx.deploy.archive.Bundle;
import dev.onyx.deploy.archive.BundleManifest;
import dev.onyx.deploy.archive.BundleOptions;
import dev.onyx.deploy.archive.VerifyReport;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark driver for offline bundles (see bench/README.md). One action per JVM, so each run's heap
 * peak is its own:
 *
 * <pre>
 *   java -Xmx128m -cp CP BundleBench create OUT.zip LEVEL IMAGE...
 *   java -Xmx128m -cp CP BundleBench create-since OUT.zip LEVEL OLD.zip IMAGE...   (an upgrade bundle)
 *   java -Xmx128m -cp CP BundleBench verify OUT.zip
 * </pre>
 *
 * Prints one line: {@code action=create jvm_ms=... zip_bytes=... heapPeakMiB=... xmxMiB=...} (jvm_ms:
 * from main() to the end, i.e. without JVM start-up).
 */
public final class BundleBench {
  public static void main(String[] args) throws Exception {
    String action = args[0];
    Path zip = Path.of(args[1]);
    long t0 = System.nanoTime();
    String extra = "";
    if (action.equals("create") || action.equals("create-since")) {
      int level = Integer.parseInt(args[2]);
      boolean since = action.equals("create-since");
      List<String> images = List.of(args).subList(since ? 4 : 3, args.length);
      Stack.Builder b = Stack.builder("bench");
      for (int i = 0; i < images.size(); i++) {
        b.addService(Service.builder("s" + i).image(images.get(i)).command(List.of("sleep", "3600")).build());
      }
      Stack stack = b.build();
      try (DockerEngine engine = DockerEngine.connect()) {
        BundleOptions options = BundleOptions.defaults().withCompressionLevel(level);
        if (since) {
          options = options.withSince(Path.of(args[3]));
        }
        BundleManifest m = Bundle.create(stack, engine, zip, options);
        extra = " tar_bytes=" + m.file(Bundle.IMAGES_ENTRY).orElseThrow().size();
      }
    } else if (action.equals("verify")) {
      VerifyReport r = Bundle.verify(zip);
      extra = " checked_bytes=" + r.bytesChecked();
    } else {
      throw new IllegalArgumentException("action: create or verify");
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.println("action=" + action + " jvm_ms=" + ms + " zip_bytes=" + Files.size(zip)
        + " heapPeakMiB=" + (peak >> 20) + " xmxMiB=" + (Runtime.getRuntime().maxMemory() >> 20) + extra);
  }
}
