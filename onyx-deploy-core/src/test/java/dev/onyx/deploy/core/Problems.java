package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Helpers that build stacks expected to be invalid and return what validation reports. */
final class Problems {
  private Problems() {}

  /** @return a service with an image, ready to be changed further */
  static Service.Builder service(String name) {
    return Service.builder(name).image("onyx-test/busybox:1");
  }

  /**
   * @return the problems {@code build()} reports for the stack, or, when it builds, its
   *     {@linkplain Stack#conflicts() conflicts}; fails if there are none
   */
  static List<ValidationProblem> of(Stack.Builder stack) {
    StackValidationException e = catchThrowableOfType(StackValidationException.class, stack::build);
    List<ValidationProblem> found = e != null ? e.problems() : stack.build().conflicts();
    assertThat(found).as("expected the stack to be invalid or to have conflicts").isNotEmpty();
    return found;
  }

  /** @return the problems of a stack named {@code shop} holding the given services */
  static List<ValidationProblem> ofServices(Service... services) {
    return of(Stack.builder("shop").addService(services));
  }

  /** Asserts that the stack reports exactly one problem, with that path and message. */
  static void assertOnly(Stack.Builder stack, String path, String message) {
    assertThat(of(stack)).containsExactly(new ValidationProblem(path, message));
  }

  /** Asserts that a stack {@code shop} of these services reports exactly that one problem. */
  static void assertOnly(String path, String message, Service... services) {
    assertOnly(Stack.builder("shop").addService(services), path, message);
  }

  /** Asserts that a stack of these services builds (is valid) and has no conflicts. */
  static Stack valid(Service... services) {
    Stack s = Stack.builder("shop").addService(services).build();
    assertThat(s.conflicts()).as("conflicts").isEmpty();
    return s;
  }
}
