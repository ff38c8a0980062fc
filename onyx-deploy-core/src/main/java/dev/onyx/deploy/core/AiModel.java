package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * An AI model the stack runs for its services, like one entry of the top-level {@code models}.
 *
 * @param name the model's key in the stack
 * @param model the model's reference, e.g. {@code ai/smollm2} ({@code model})
 * @param customName the runtime's name for it ({@code name})
 * @param contextSize the context window in tokens ({@code context_size})
 * @param runtimeFlags flags passed to the inference engine ({@code runtime_flags})
 */
public record AiModel(String name, String model, Optional<String> customName, Optional<Integer> contextSize,
    List<String> runtimeFlags) {
  /** Checks for nulls and copies the flags. */
  public AiModel {
    Checks.notNull(name, "name");
    Checks.notNull(model, "model");
    Checks.notNull(customName, "customName");
    Checks.notNull(contextSize, "contextSize");
    runtimeFlags = Checks.list(runtimeFlags, "runtimeFlags");
  }

  /**
   * @param name the key in the stack
   * @param model the model's reference
   * @return the model with the runtime's defaults
   */
  public static AiModel of(String name, String model) {
    return new AiModel(name, model, Optional.empty(), Optional.empty(), List.of());
  }
}
