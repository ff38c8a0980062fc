package dev.onyx.deploy.examples;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.HostAdvice;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.preset.ResourceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows the Onyx preset's API: build the stack with options, change one service through the model,
 * write it as a compose project and print the Windows host advice.
 *
 * <pre>
 * java -cp onyx-deploy.jar dev.onyx.deploy.examples.CustomiseOnyxPreset ./onyx
 * </pre>
 */
public final class CustomiseOnyxPreset {
  private CustomiseOnyxPreset() {}

  /**
   * @param args the project folder (default {@code ./onyx-example})
   * @throws IOException if {@code wslconfig.txt} cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "onyx-example");
    // tag::preset[]
    Stack stack = OnyxStack.builder()
        .profile(ResourceProfile.LAPTOP)                        // fits Docker Desktop with 8 GB
        .withLogging(true)                                      // Kibana on http://127.0.0.1:5601/
        .build()
        .withService(OnyxStack.API_SERVER, b -> b.env("LOG_LEVEL", "debug"));  // any object, any field
    ComposeProject.writer(dir)
        .withVariable("COMPOSE_PROFILES", OnyxStack.composeProfiles(stack))  // profiles a plain up starts
        .write(stack);
    HostAdvice advice = OnyxStack.hostAdvice(stack);            // memory and CPUs for Docker Desktop
    Files.writeString(dir.resolve("wslconfig.txt"), advice.wslconfig());
    // end::preset[]
    System.out.println(advice.dockerDesktopSuggestion());
    System.out.print(advice.wslconfig());
  }
}
