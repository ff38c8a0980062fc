package dev.onyx.deploy.preset;

/** Where Onyx keeps uploaded and indexed files ({@code FILE_STORE_BACKEND}). */
public enum FileStore {
  /**
   * S3 on a MinIO service behind the compose profile {@code s3-filestore}, as upstream (bucket
   * {@code onyx-file-store-bucket}, generated credentials). Activate the profile when deploying.
   */
  S3_MINIO,
  /** Files as large objects in Postgres ({@code FILE_STORE_BACKEND=postgres}); no MinIO service. */
  POSTGRES
}
