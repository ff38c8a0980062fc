package dev.onyx.deploy.archive;

import dev.onyx.deploy.compose.ComposeRequirement;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The bundle's {@code README.md} and {@code SHA256SUMS}. */
final class Readme {
  private Readme() {
  }

  /** @return {@code SHA256SUMS}: one {@code HASH  PATH} line per file, as {@code sha256sum} writes */
  static byte[] sha256sums(List<BundleManifest.FileEntry> files) {
    StringBuilder sb = new StringBuilder();
    for (BundleManifest.FileEntry f : files) {
      sb.append(f.sha256()).append("  ").append(f.path()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] readme(Stack stack, String bundleName, String toolVersion, String created,
      ComposeRequirement compose, Optional<BundleManifest.Base> base, List<BundleManifest.Image> images,
      List<BundleManifest.FileEntry> files, List<BundleManifest.SecretEntry> secrets) {
    long tar = files.stream().filter(f -> f.path().equals(Bundle.IMAGES_ENTRY)).mapToLong(BundleManifest.FileEntry::size)
        .findFirst().orElse(0);
    long memLimits = 0;
    int limited = 0;
    for (Service s : stack.services()) {
      var mem = s.resources().limits().memory().or(() -> s.resources().reservations().memory());
      if (mem.isPresent()) {
        memLimits += mem.get().bytes();
        limited++;
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("# Offline bundle: ").append(stack.name()).append("\n\n");
    b.append("Everything needed to run the stack `").append(stack.name()).append("` (services: ")
        .append(String.join(", ", stack.serviceNames())).append(") on a machine that cannot reach an image registry: ")
        .append("its images, its compose project, checksums and scripts.\n");
    b.append("Made by onyx-deploy ").append(toolVersion).append(" on ").append(created).append(".\n\n");
    base.ifPresent(x -> b.append("**This is an upgrade (incremental) bundle**: it leaves out the image layers of ")
        .append(x.describe()).append(", which must be loaded on the target first (the load scripts and ")
        .append("`onyx-deploy bundle load` check that before loading anything, and say what is missing).\n\n"));

    b.append("## Requirements\n\n");
    b.append("- **Docker**: Docker Engine 20.10 or newer (Linux), or Docker Desktop 4.x (Windows, macOS), running.\n");
    b.append("- **Docker Compose ").append(compose.version()).append(" or newer** (`docker compose version`; ")
        .append(compose.reasons().isEmpty() ? "`up --wait` needs " + ComposeRequirement.WAIT
            : "the compose file uses " + String.join(", ", compose.reasons()))
        .append("). The deploy scripts check it.\n");
    b.append("- **Disk**: about ").append(ByteSize.ofBytes(tar * 2 + (long) (tar * 0.1)).toHumanString()).append(" free: ")
        .append(ByteSize.ofBytes(tar).toHumanString()).append(" for the extracted `images/images.tar` and about as much again for the loaded images")
        .append(" (delete the extracted bundle after loading to get the first part back).\n");
    b.append("- **Memory**: ");
    if (limited > 0) {
      b.append("the services' memory limits add up to ").append(ByteSize.ofBytes(memLimits).toHumanString()).append(" (")
          .append(limited).append(" of ").append(stack.services().size())
          .append(" services set one); give Docker at least that plus 1 GiB.\n");
    } else {
      b.append("no service sets a memory limit; give Docker at least 2 GiB (4 GiB or more for database servers). ")
          .append("On Docker Desktop see Settings > Resources (on Windows with WSL 2: `.wslconfig`).\n");
    }
    b.append("- **Platform**: the images were saved from the machine that made the bundle; the target needs the same CPU architecture.\n");
    b.append("- A shell to run the scripts: `sh` (Linux, macOS) or Windows PowerShell 5.1 / PowerShell 7.\n\n");

    b.append("## Steps\n\n");
    b.append("Linux or macOS:\n\n```sh\nunzip " + bundleName + " -d ").append(stack.name()).append("\ncd ").append(stack.name())
        .append("\nsh scripts/deploy.sh            # checks, loads the images, makes secrets, starts the stack\n```\n\n");
    b.append("Windows (PowerShell, with Docker Desktop running):\n\n```powershell\nExpand-Archive " + bundleName + " -DestinationPath ")
        .append(stack.name()).append("\ncd ").append(stack.name())
        .append("\npowershell -ExecutionPolicy Bypass -File scripts\\deploy.ps1\n```\n\n");
    b.append("To only check the files and load the images: `sh scripts/load.sh` or `scripts\\load.ps1`. ")
        .append("To start it under another project name: `sh scripts/deploy.sh NAME` or `scripts\\deploy.ps1 -Project NAME`.\n\n");
    b.append("With the onyx-deploy command line, which also verifies the zip itself before extracting anything:\n\n")
        .append("```sh\nonyx-deploy bundle verify " + bundleName + "\nonyx-deploy bundle load " + bundleName + " --extract ")
        .append(stack.name()).append(" --up -p ").append(stack.name()).append("\n```\n\n");
    b.append("Stop the stack with `docker compose -p ").append(stack.name()).append(" down` in the `compose` folder ")
        .append("(add `-v` to delete its volumes too).\n\n");

    b.append("## Secrets\n\n");
    if (secrets.isEmpty()) {
      b.append("The stack has no secrets.\n\n");
    } else {
      b.append("No secret value is in this bundle. The deploy scripts create `compose/.env` from `compose/.env.example` ")
          .append("and generate the missing secrets on the target with a strong random generator; existing values are kept, ")
          .append("so running them again never changes a password a volume already uses.\n\n");
      for (BundleManifest.SecretEntry s : secrets) {
        b.append("- `").append(s.name()).append("`: ").append(s.generated() ? "generated (" + s.rules().describe() + ")"
            : "to be supplied by you before deploying").append(s.file().map(f -> ", file `compose/" + f + "`").orElse(""))
            .append(s.variable().map(v -> ", variable `" + v + "` in `compose/.env`").orElse("")).append("\n");
      }
      b.append('\n');
    }

    b.append("## What is inside\n\n");
    b.append("| path | size | what |\n|---|---:|---|\n");
    for (BundleManifest.FileEntry f : files) {
      b.append("| `").append(f.path()).append("` | ").append(ByteSize.ofBytes(f.size()).toHumanString()).append(" | ").append(what(f.path())).append(" |\n");
    }
    b.append("| `SHA256SUMS` | | the SHA-256 of every file above (`sha256sum -c SHA256SUMS`) |\n");
    b.append("| `manifest.json` | | format version, stack, images (tags, ids, sizes), every file with size and SHA-256 |\n\n");
    b.append("Images (one `docker save` stream: layers shared by several images are stored once):\n\n");
    b.append("| image | id | size | services |\n|---|---|---:|---|\n");
    for (BundleManifest.Image i : images) {
      b.append("| `").append(i.reference()).append("` | `").append(i.shortId()).append("` | ")
          .append(ByteSize.ofBytes(i.size()).toHumanString()).append(" | ").append(String.join(", ", i.services())).append(" |\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String what(String path) {
    if (path.equals(Bundle.IMAGES_ENTRY)) {
      return "the images, as written by `docker save` (`docker load -i` reads it)";
    }
    if (path.endsWith("compose.yaml")) {
      return "the compose project";
    }
    if (path.endsWith(".env.example")) {
      return "every variable of the project, without secret values";
    }
    if (path.startsWith("scripts/load")) {
      return "checks the files, loads the images";
    }
    if (path.startsWith("scripts/deploy")) {
      return "load, then secrets and `docker compose up -d --wait`";
    }
    if (path.startsWith("compose/")) {
      return "a file of the compose project";
    }
    return "";
  }


}
