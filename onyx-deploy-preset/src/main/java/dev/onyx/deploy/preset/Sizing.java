package dev.onyx.deploy.preset;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import java.math.BigDecimal;
import java.util.Optional;

/** The resource tables of the two profiles, by role. */
final class Sizing {
  /** What a service does, whatever its name in the layout. */
  enum Role {
    NGINX, WEB, API, BACKGROUND, INFERENCE, INDEXING, DB, CACHE, SEARCH, MINIO, CODE_INTERPRETER,
    ELASTICSEARCH, KIBANA, FILEBEAT
  }

  private Sizing() {}

  static Resources of(ResourceProfile profile, Role role) {
    return profile == ResourceProfile.SERVER ? server(role) : laptop(role);
  }

  /** OpenSearch's JVM heap: half its memory limit. */
  static String searchHeap(ResourceProfile profile) {
    return profile == ResourceProfile.SERVER ? "2g" : "512m";
  }

  /** Elasticsearch's (logging overlay) JVM heap: half its memory limit. */
  static String elasticsearchHeap(ResourceProfile profile) {
    return profile == ResourceProfile.SERVER ? "1g" : "512m";
  }

  // Docker Desktop with 8 GB: limits total 6.9 GB for the default stack (with MinIO).
  private static Resources laptop(Role role) {
    return switch (role) {
      case NGINX -> r("0.5", "128m", "0.1", "32m");
      case WEB -> r("1", "512m", "0.25", "256m");
      case API -> r("1.5", "1280m", "0.5", "768m");
      case BACKGROUND -> r("2", "1280m", "0.5", "768m");
      case INFERENCE, INDEXING -> r("1.5", "1g", "0.25", "512m");
      case DB -> r("1", "512m", "0.25", "256m");
      case CACHE -> r("0.5", "128m", "0.1", "32m");
      case SEARCH -> r("1", "1g", "0.5", "768m");
      case MINIO -> r("0.5", "192m", "0.1", "64m");
      case CODE_INTERPRETER -> r("1", "512m", "0.1", "128m");
      case ELASTICSEARCH -> r("1", "1g", "0.25", "768m");
      case KIBANA -> r("1", "1g", "0.1", "512m");
      case FILEBEAT -> r("0.5", "128m", "0.1", "64m");
    };
  }

  // Upstream's docker-compose.resources.yml where it sets limits; the Helm chart's sizes elsewhere.
  private static Resources server(Role role) {
    return switch (role) {
      case NGINX -> r("1", "1g", "0.1", "64m");
      case WEB -> r("1", "1g", "0.2", "512m");
      case API -> r("2", "4g", "1", "1g");
      case BACKGROUND -> r("6", "10g", "1", "2g");
      case INFERENCE, INDEXING -> r(null, "5g", "1", "3g");
      case DB -> r("2", "4g", "0.5", "1g");
      case CACHE -> r("1", "1g", "0.25", "256m");
      case SEARCH -> r("2", "4g", "1", "2g");
      case MINIO -> r("1", "1g", "0.25", "256m");
      case CODE_INTERPRETER -> r("1", "1g", "0.25", "256m");
      case ELASTICSEARCH -> r("2", "2g", "0.5", "1536m");
      case KIBANA -> r("1", "2g", "0.25", "1g");
      case FILEBEAT -> r("0.5", "256m", "0.1", "128m");
    };
  }

  private static Resources r(String cpuLimit, String memLimit, String cpuRes, String memRes) {
    ResourceSpec limits = new ResourceSpec(Optional.ofNullable(cpuLimit).map(BigDecimal::new),
        Optional.of(ByteSize.parse(memLimit)), Optional.empty());
    return Resources.NONE.withLimits(limits).withReservations(ResourceSpec.of(cpuRes, memRes));
  }
}
