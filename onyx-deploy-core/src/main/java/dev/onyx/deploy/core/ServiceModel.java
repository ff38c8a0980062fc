package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A service's use of a stack {@link AiModel}, like one entry of a service's {@code models}.
 *
 * @param model the name of the model in the stack
 * @param endpointVariable the variable that gets the model's endpoint URL ({@code endpoint_var})
 * @param modelVariable the variable that gets the model's name ({@code model_var})
 */
public record ServiceModel(String model, Optional<String> endpointVariable, Optional<String> modelVariable) {
  /** Checks for nulls. */
  public ServiceModel {
    Checks.notNull(model, "model");
    Checks.notNull(endpointVariable, "endpointVariable");
    Checks.notNull(modelVariable, "modelVariable");
  }

  /**
   * @param model the model's name in the stack
   * @return a use with the default variables
   */
  public static ServiceModel of(String model) {
    return new ServiceModel(model, Optional.empty(), Optional.empty());
  }
}
