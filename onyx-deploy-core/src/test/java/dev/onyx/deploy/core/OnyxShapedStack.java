package dev.onyx.deploy.core;

/** The service layout of the upstream Onyx compose file, for graph and profile tests. */
final class OnyxShapedStack {
  private OnyxShapedStack() {}

  private static Service.Builder svc(String name) {
    return Service.builder(name).image("onyx-test/busybox:1");
  }

  /** @return the upstream Onyx services in upstream order, minio behind profile {@code s3-filestore} */
  static Stack stack() {
    return Stack.builder("onyx").addService(
        svc("api_server").addDependsOn(DependsOn.started("relational_db"), DependsOn.started("opensearch"),
            DependsOn.started("cache"), DependsOn.started("inference_model_server"),
            DependsOn.started("minio").optional()).build(),
        svc("background").addDependsOn(DependsOn.started("relational_db"), DependsOn.started("opensearch"),
            DependsOn.started("cache"), DependsOn.started("inference_model_server"),
            DependsOn.started("indexing_model_server")).build(),
        svc("web_server").addDependsOn(DependsOn.started("api_server")).build(),
        svc("inference_model_server").build(),
        svc("indexing_model_server").build(),
        svc("relational_db").build(),
        svc("opensearch").build(),
        svc("nginx").addDependsOn(DependsOn.healthy("api_server"), DependsOn.healthy("web_server")).build(),
        svc("cache").build(),
        svc("minio").addProfiles("s3-filestore").build(),
        svc("code-interpreter").build())
        .build();
  }
}
