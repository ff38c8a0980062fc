package dev.onyx.deploy.preset;

/** The CPU and memory limits and reservations {@link OnyxStack} gives each service. */
public enum ResourceProfile {
  /**
   * A laptop running Docker Desktop with 8 GB for its VM. Limits total about 7 GB (OpenSearch heap
   * 512 MB), so the default stack fits an 8 GB VM with 1 GB headroom. Upstream recommends 10 GB:
   * under heavy indexing a service may hit its limit and be restarted; use {@link #SERVER} then.
   */
  LAPTOP,
  /**
   * A server: upstream's {@code docker-compose.resources.yml} limits (background 6 CPUs / 10 GB,
   * api_server 2 / 4 GB, relational_db 2 / 4 GB, nginx 1 / 1 GB, model servers 5 GB each), with
   * the Helm chart's sizes for the services that overlay leaves open (OpenSearch 8 GB with a 4 GB
   * heap) and the Helm requests as reservations.
   */
  SERVER
}
