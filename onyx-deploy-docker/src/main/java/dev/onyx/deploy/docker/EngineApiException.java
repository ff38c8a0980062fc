package dev.onyx.deploy.docker;

/**
 * The engine refused a call made through {@link EngineApi}: the method, path, HTTP status and the
 * engine's own message (e.g. {@code rpc error: ... name conflicts with an existing object}).
 */
public class EngineApiException extends DeployException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String engineMessage;

  /**
   * @param method the HTTP method
   * @param path the path called (under the API version)
   * @param status the HTTP status the engine answered
   * @param engineMessage the engine's message
   */
  public EngineApiException(String method, String path, int status, String engineMessage) {
    super("the engine answered " + method + " " + path.replaceAll("\\?.*", "") + " with HTTP " + status + ": "
        + engineMessage);
    this.status = status;
    this.engineMessage = engineMessage;
  }

  /** @return the HTTP status, e.g. 404, 409 */
  public int status() {
    return status;
  }

  /** @return the engine's message, without the call */
  public String engineMessage() {
    return engineMessage;
  }
}
