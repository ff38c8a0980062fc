package dev.onyx.deploy.preset;

import dev.onyx.deploy.core.ByteSize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How much memory and how many CPUs to give Docker Desktop (its WSL 2 VM on Windows) for a stack,
 * computed from the services' limits and reservations. Made by {@link OnyxStack#hostAdvice}.
 *
 * <p>Memory: the sum of the memory limits of every service in the stack (all profiles), plus
 * headroom for the VM's kernel, the engine and page cache (10%, at least 1 GB), rounded up to whole
 * GB. CPUs: enough for the sum of CPU reservations and for the largest single CPU limit, at least 2,
 * rounded up to an even number.
 *
 * @param stackName the stack the advice is for
 * @param memoryLimits the sum of the services' memory limits
 * @param headroom the memory added for the VM itself
 * @param cpuLimits the sum of the services' CPU limits (services may burst to these at once only
 *     rarely, so this is informational)
 * @param cpuReservations the sum of the services' CPU reservations
 * @param memoryGigabytes the suggested VM memory, in GB
 * @param processors the suggested number of CPUs
 * @param unlimitedServices services without a memory limit (each counted as 512 MB)
 */
public record HostAdvice(String stackName, ByteSize memoryLimits, ByteSize headroom,
    BigDecimal cpuLimits, BigDecimal cpuReservations, int memoryGigabytes, int processors,
    List<String> unlimitedServices) {

  /** Checks for nulls and copies the list. */
  public HostAdvice {
    Objects.requireNonNull(stackName, "stackName == null");
    Objects.requireNonNull(memoryLimits, "memoryLimits == null");
    Objects.requireNonNull(headroom, "headroom == null");
    Objects.requireNonNull(cpuLimits, "cpuLimits == null");
    Objects.requireNonNull(cpuReservations, "cpuReservations == null");
    unlimitedServices = List.copyOf(unlimitedServices);
  }

  /** @return the suggested swap of the WSL VM, in GB: a quarter of its memory, at least 2 */
  public int swapGigabytes() {
    return Math.max(2, (memoryGigabytes + 3) / 4);
  }

  /**
   * @return the text of a {@code %UserProfile%\.wslconfig} for Docker Desktop's WSL 2 backend, with
   *     comments saying where it comes from and how to apply it (LF line endings; Windows reads them)
   */
  public String wslconfig() {
    return "# %UserProfile%\\.wslconfig - suggested by onyx-deploy for stack '" + stackName + "'\n"
        + "# Memory limits of its services total " + gb(memoryLimits) + " GB, plus " + gb(headroom)
        + " GB headroom for the VM;\n"
        + "# CPU reservations total " + cpuReservations.stripTrailingZeros().toPlainString() + ".\n"
        + "# Apply: save this file, run `wsl --shutdown`, then start Docker Desktop again.\n"
        + "[wsl2]\n"
        + "memory=" + memoryGigabytes + "GB\n"
        + "processors=" + processors + "\n"
        + "swap=" + swapGigabytes() + "GB\n";
  }

  /** @return one paragraph of advice for Docker Desktop's settings */
  public String dockerDesktopSuggestion() {
    return "Give Docker Desktop at least " + memoryGigabytes + " GB of memory and " + processors
        + " CPUs for stack '" + stackName + "' (memory limits total " + gb(memoryLimits)
        + " GB + " + gb(headroom) + " GB headroom). With the WSL 2 backend these come from "
        + "%UserProfile%\\.wslconfig; with Hyper-V or on macOS set them in "
        + "Settings > Resources." + (unlimitedServices.isEmpty() ? ""
            : " Services without a memory limit (counted as 512 MB each): "
                + String.join(", ", unlimitedServices) + ".");
  }

  private static String gb(ByteSize size) {
    return String.format(Locale.ROOT, "%.1f", size.bytes() / (1024.0 * 1024 * 1024));
  }
}
