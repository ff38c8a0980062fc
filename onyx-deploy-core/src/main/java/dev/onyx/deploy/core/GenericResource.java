package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A node resource a Swarm task reserves, like one entry of
 * {@code deploy.resources.reservations.generic_resources}: a count of a discrete resource
 * ({@code discrete_resource_spec}) or a named one ({@code named_resource_spec}).
 *
 * @param kind the resource, e.g. {@code gpu} or {@code ssd}
 * @param discreteValue how many units, for a discrete resource
 * @param namedValue the resource's name, for a named resource
 */
public record GenericResource(String kind, Optional<Long> discreteValue, Optional<String> namedValue) {
  /** Checks for nulls. */
  public GenericResource {
    Checks.notNull(kind, "kind");
    Checks.notNull(discreteValue, "discreteValue");
    Checks.notNull(namedValue, "namedValue");
  }

  /**
   * @param kind the resource
   * @param value how many units
   * @return a discrete resource
   */
  public static GenericResource discrete(String kind, long value) {
    return new GenericResource(kind, Optional.of(value), Optional.empty());
  }

  /**
   * @param kind the resource
   * @param value its name
   * @return a named resource
   */
  public static GenericResource named(String kind, String value) {
    return new GenericResource(kind, Optional.empty(), Optional.of(Checks.notNull(value, "value")));
  }
}
