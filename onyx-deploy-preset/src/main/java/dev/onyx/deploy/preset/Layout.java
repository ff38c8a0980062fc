package dev.onyx.deploy.preset;

/** Which set of services {@link OnyxStack} builds. */
public enum Layout {
  /**
   * Upstream's {@code docker-compose.yml} (Onyx v4.6.1): nginx, web_server, api_server, background,
   * inference_model_server, indexing_model_server, relational_db, cache, opensearch, minio (profile
   * {@code s3-filestore}) and, when asked for, code-interpreter. The default.
   */
  UPSTREAM,
  /**
   * The original seven-service plan: nginx, web, api, model_server, celery_worker, postgres, redis.
   * It has no OpenSearch, so Onyx runs with {@code DISABLE_VECTOR_DB=true} and keeps its files in
   * Postgres (like upstream's "Lite" mode): fine for trying Onyx, without document search.
   */
  CLASSIC
}
