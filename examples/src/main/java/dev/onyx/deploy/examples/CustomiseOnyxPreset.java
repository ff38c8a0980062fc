package dev.onyx.deploy.examples;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.HostAdvice;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.preset.ResourceProfile;
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
   */
  public static void main(String[] args) {
    Stack stack = OnyxStack.builder()
        .profile(ResourceProfile.LAPTOP)
        .withLogging(true)
        .build()
        // every object stays reachable: here a setting of the api server
        .withService(OnyxStack.API_SERVER, b -> b.env("LOG_LEVEL", "debug"));
    Path dir = Path.of(args.length > 0 ? args[0] : "onyx-example");
    System.out.print(ComposeProject.writer(dir)
        .withVariable("COMPOSE_PROFILES", String.join(",", stack.profiles()))
        .write(stack).summary());
    HostAdvice advice = OnyxStack.hostAdvice(stack);
    System.out.println(advice.dockerDesktopSuggestion());
    System.out.print(advice.wslconfig());
  }
}
