package dev.onyx.deploy.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a service is deployed, like a service's {@code deploy}: how many replicas and in which mode,
 * where they may run, how updates and rollbacks roll, when tasks restart, the resources, and labels
 * of the service itself. Every part is optional and means the backend's default when unset.
 *
 * <p>The single-engine backend honours {@link #replicas()}, {@link #restartPolicy()} and
 * {@link #resources()}; the placement, update, rollback and endpoint settings need a Swarm, as in
 * compose, and are kept in the model and written out.
 *
 * <pre>
 * Deploy.builder()
 *     .replicas(2)
 *     .placement(Placement.constraints("node.role == worker"))
 *     .updateConfig(UpdateConfig.builder().parallelism(1).failureAction(UpdateConfig.FailureAction.ROLLBACK).build())
 *     .build()
 * </pre>
 *
 * <p>Immutable; made only through {@link #builder()} (or {@link #toBuilder()} of another).
 */
public final class Deploy {
  /** Nothing set: every backend default. */
  public static final Deploy NONE = builder().build();

  /** Whether a service runs a fixed number of tasks or one per node, as a long-running service or a job. */
  public enum Mode {
    /** A fixed number of replicas ({@code replicated}, the default). */
    REPLICATED,
    /** One task on every node that fits ({@code global}). */
    GLOBAL,
    /** A fixed number of one-shot tasks ({@code replicated-job}). */
    REPLICATED_JOB,
    /** One one-shot task on every node ({@code global-job}). */
    GLOBAL_JOB;

    /** @return the compose spelling ({@code replicated-job}) */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param value a compose spelling
     * @return the mode, if the spelling names one
     */
    public static Optional<Mode> fromComposeName(String value) {
      for (Mode m : values()) {
        if (m.composeName().equals(value)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }
  }

  /** How clients reach the service's tasks ({@code endpoint_mode}). */
  public enum EndpointMode {
    /** One virtual IP in front of the tasks ({@code vip}, the default). */
    VIP,
    /** DNS round robin over the tasks' addresses ({@code dnsrr}). */
    DNSRR;

    /** @return the compose spelling ({@code vip}, {@code dnsrr}) */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Values(
      Optional<Mode> mode,
      Optional<Integer> replicas,
      Map<String, String> labels,
      Optional<UpdateConfig> updateConfig,
      Optional<UpdateConfig> rollbackConfig,
      Optional<TaskRestartPolicy> restartPolicy,
      Placement placement,
      Optional<EndpointMode> endpointMode,
      Resources resources) {
  }

  private final Values v;

  private Deploy(Values v) {
    this.v = v;
  }

  /** @return a builder with nothing set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this value's settings, to change a copy */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = v.mode;
    b.replicas = v.replicas;
    b.labels.putAll(v.labels);
    b.updateConfig = v.updateConfig;
    b.rollbackConfig = v.rollbackConfig;
    b.restartPolicy = v.restartPolicy;
    b.placement = v.placement;
    b.endpointMode = v.endpointMode;
    b.resources = v.resources;
    return b;
  }

  /** @return the mode ({@code deploy.mode}); empty means replicated */
  public Optional<Mode> mode() {
    return v.mode;
  }

  /** @return the number of replicas ({@code deploy.replicas}); empty means 1 in replicated mode */
  public Optional<Integer> replicas() {
    return v.replicas;
  }

  /** @return labels of the service object, not of its containers ({@code deploy.labels}) */
  public Map<String, String> labels() {
    return v.labels;
  }

  /** @return how an update rolls ({@code deploy.update_config}) */
  public Optional<UpdateConfig> updateConfig() {
    return v.updateConfig;
  }

  /** @return how a rollback rolls ({@code deploy.rollback_config}) */
  public Optional<UpdateConfig> rollbackConfig() {
    return v.rollbackConfig;
  }

  /** @return when tasks are restarted ({@code deploy.restart_policy}) */
  public Optional<TaskRestartPolicy> restartPolicy() {
    return v.restartPolicy;
  }

  /** @return where tasks may run ({@code deploy.placement}); {@link Placement#NONE} when unset */
  public Placement placement() {
    return v.placement;
  }

  /** @return how clients reach the tasks ({@code deploy.endpoint_mode}) */
  public Optional<EndpointMode> endpointMode() {
    return v.endpointMode;
  }

  /** @return limits, reservations and devices ({@code deploy.resources}) */
  public Resources resources() {
    return v.resources;
  }

  /** @return the number of tasks in replicated mode: the replicas when set, else 1 */
  public int replicaCount() {
    return v.replicas.orElse(1);
  }

  /** @return whether nothing is set */
  public boolean isEmpty() {
    // field by field, not equals(NONE): a record's equals is costly on a cold start
    return v.mode.isEmpty() && v.replicas.isEmpty() && v.labels.isEmpty() && v.updateConfig.isEmpty()
        && v.rollbackConfig.isEmpty() && v.restartPolicy.isEmpty() && v.placement.isEmpty()
        && v.endpointMode.isEmpty() && v.resources.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Deploy d && v.equals(d.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Deploy" + v.toString().substring("Values".length());
  }

  /**
   * A mutable builder of {@link Deploy}; {@code x(...)} sets, {@code clearX()} unsets. Not
   * thread-safe.
   */
  public static final class Builder {
    private Optional<Mode> mode = Optional.empty();
    private Optional<Integer> replicas = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<UpdateConfig> updateConfig = Optional.empty();
    private Optional<UpdateConfig> rollbackConfig = Optional.empty();
    private Optional<TaskRestartPolicy> restartPolicy = Optional.empty();
    private Placement placement = Placement.NONE;
    private Optional<EndpointMode> endpointMode = Optional.empty();
    private Resources resources = Resources.NONE;

    private Builder() {}

    /**
     * @param value the mode ({@code deploy.mode})
     * @return this builder
     */
    public Builder mode(Mode value) {
      mode = Optional.of(Checks.notNull(value, "mode"));
      return this;
    }

    /** @return this builder, with the mode unset */
    public Builder clearMode() {
      mode = Optional.empty();
      return this;
    }

    /**
     * @param value the number of replicas, 0 or more ({@code deploy.replicas}); checked by the
     *     stack's validation
     * @return this builder
     */
    public Builder replicas(int value) {
      replicas = Optional.of(value);
      return this;
    }

    /** @return this builder, with the replicas unset (1) */
    public Builder clearReplicas() {
      replicas = Optional.empty();
      return this;
    }

    /**
     * @param value the service labels, replacing any set before ({@code deploy.labels})
     * @return this builder
     */
    public Builder labels(Map<String, String> value) {
      labels.clear();
      labels.putAll(Checks.orderedMapNoNulls(value, "labels"));
      return this;
    }

    /**
     * @param key a service label
     * @param value its value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Checks.notNull(key, "label"), Checks.notNull(value, "label ", key));
      return this;
    }

    /**
     * @param value how updates roll ({@code deploy.update_config})
     * @return this builder
     */
    public Builder updateConfig(UpdateConfig value) {
      updateConfig = Optional.of(Checks.notNull(value, "updateConfig"));
      return this;
    }

    /** @return this builder, with the update config unset */
    public Builder clearUpdateConfig() {
      updateConfig = Optional.empty();
      return this;
    }

    /**
     * @param value how rollbacks roll ({@code deploy.rollback_config})
     * @return this builder
     */
    public Builder rollbackConfig(UpdateConfig value) {
      rollbackConfig = Optional.of(Checks.notNull(value, "rollbackConfig"));
      return this;
    }

    /** @return this builder, with the rollback config unset */
    public Builder clearRollbackConfig() {
      rollbackConfig = Optional.empty();
      return this;
    }

    /**
     * @param value when tasks restart ({@code deploy.restart_policy})
     * @return this builder
     */
    public Builder restartPolicy(TaskRestartPolicy value) {
      restartPolicy = Optional.of(Checks.notNull(value, "restartPolicy"));
      return this;
    }

    /** @return this builder, with the restart policy unset */
    public Builder clearRestartPolicy() {
      restartPolicy = Optional.empty();
      return this;
    }

    /**
     * @param value where tasks may run ({@code deploy.placement})
     * @return this builder
     */
    public Builder placement(Placement value) {
      placement = Checks.notNull(value, "placement");
      return this;
    }

    /**
     * @param value how clients reach the tasks ({@code deploy.endpoint_mode})
     * @return this builder
     */
    public Builder endpointMode(EndpointMode value) {
      endpointMode = Optional.of(Checks.notNull(value, "endpointMode"));
      return this;
    }

    /** @return this builder, with the endpoint mode unset */
    public Builder clearEndpointMode() {
      endpointMode = Optional.empty();
      return this;
    }

    /**
     * @param value limits, reservations and devices ({@code deploy.resources})
     * @return this builder
     */
    public Builder resources(Resources value) {
      resources = Checks.notNull(value, "resources");
      return this;
    }

    /** @return the value; ranges (replicas &ge; 0, ...) are checked by the stack's validation */
    public Deploy build() {
      return new Deploy(new Values(mode, replicas, Checks.orderedMap(labels, "labels"), updateConfig,
          rollbackConfig, restartPolicy, placement, endpointMode, resources));
    }
  }
}
