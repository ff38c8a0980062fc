package dev.onyx.deploy.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.VolumeOptions;
import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Engine API fields docker-java's models lack, added by small subclasses that its JSON mapper
 * writes like its own: a volume mount's {@code Subpath} (API 1.45), an address pool's
 * {@code AuxiliaryAddresses}; and the IPAM driver's {@code Options}, which docker-java reads but
 * cannot set.
 */
final class EngineTypes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineTypes() {
  }

  /** {@code VolumeOptions} with the subpath of the volume to mount. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class SubpathVolumeOptions extends VolumeOptions {
    private static final long serialVersionUID = 1L;

    @JsonProperty("Subpath")
    private final @Nullable String subpath;

    SubpathVolumeOptions(@Nullable String subpath) {
      this.subpath = subpath;
    }

    @Nullable String getSubpath() {
      return subpath;
    }
  }

  /** An address pool with the addresses the driver must not hand out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Pool extends Network.Ipam.Config {
    private static final long serialVersionUID = 1L;

    @JsonProperty("AuxiliaryAddresses")
    private final @Nullable Map<String, String> auxAddresses;

    Pool(@Nullable Map<String, String> auxAddresses) {
      this.auxAddresses = auxAddresses;
    }

    @Nullable Map<String, String> getAuxAddresses() {
      return auxAddresses;
    }
  }

  /** A volume mount's options: {@code nocopy} and, when set, the subpath. */
  static VolumeOptions volumeOptions(boolean nocopy, @Nullable String subpath) {
    VolumeOptions o = subpath == null ? new VolumeOptions() : new SubpathVolumeOptions(subpath);
    if (nocopy) {
      o.withNoCopy(true);
    }
    return o;
  }

  /** The engine's IPAM settings of a network's {@code ipam} section, as compose sends them. */
  static Network.Ipam ipam(Ipam ipam) {
    // docker-java's Ipam reads its Options but has no setter: its own JSON mapping sets them
    Network.Ipam out = ipam.options().isEmpty() ? new Network.Ipam()
        : JSON.convertValue(Map.of("Options", ipam.options()), Network.Ipam.class);
    ipam.driver().ifPresent(out::withDriver);
    out.withConfig(pools(ipam.config()));
    return out;
  }

  private static List<Network.Ipam.Config> pools(List<IpamConfig> config) {
    return config.stream().map(c -> {
      Network.Ipam.Config p = c.auxAddresses().isEmpty() ? new Network.Ipam.Config() : new Pool(c.auxAddresses());
      c.subnet().ifPresent(p::withSubnet);
      c.ipRange().ifPresent(p::withIpRange);
      c.gateway().ifPresent(p::withGateway);
      return p;
    }).toList();
  }
}
