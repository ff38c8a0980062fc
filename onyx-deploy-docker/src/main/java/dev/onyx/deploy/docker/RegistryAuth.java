package dev.onyx.deploy.docker;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Credentials for one registry: a user name and password, or an identity token (what
 * {@code docker login} keeps for registries that hand out refresh tokens). Never printed: its
 * {@link #toString()} shows the user name only, and no message, log line or event of this library
 * contains the password or token.
 */
public final class RegistryAuth {
  private final String username;
  private final String password;
  private final String identityToken;

  private RegistryAuth(String username, String password, String identityToken) {
    this.username = username;
    this.password = password;
    this.identityToken = identityToken;
  }

  /**
   * @param username the user name
   * @param password the password (or a personal access token used as one)
   * @return credentials for a registry's basic authentication
   */
  public static RegistryAuth basic(String username, String password) {
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    return new RegistryAuth(username, password, null);
  }

  /**
   * @param token an identity (refresh) token, as {@code docker login} keeps it
   * @return credentials that present the token
   */
  public static RegistryAuth identityToken(String token) {
    Objects.requireNonNull(token, "token == null");
    return new RegistryAuth("", null, token);
  }

  /** @return the user name (empty for an identity token) */
  public String username() {
    return username;
  }

  /**
   * The engine's {@code X-Registry-Auth} header value: base64url of the JSON credentials.
   *
   * Holds the secret: send it to the engine, never log or print it. The engine backends use it
   * for pushes and pulls, the Swarm backend also on service create and update (so that every node
   * pulls with it).
   *
   * @param serverAddress the registry as the engine should name it
   * @return the header value
   */
  public String header(String serverAddress) {
    StringBuilder json = new StringBuilder("{");
    if (identityToken != null) {
      json.append("\"identitytoken\":").append(EngineGateway.jsonString(identityToken));
    } else {
      json.append("\"username\":").append(EngineGateway.jsonString(username))
          .append(",\"password\":").append(EngineGateway.jsonString(password));
    }
    json.append(",\"serveraddress\":").append(EngineGateway.jsonString(serverAddress)).append('}');
    return Base64.getUrlEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** @return the kind and the user name, never the password or token */
  @Override
  public String toString() {
    return identityToken != null ? "RegistryAuth[identity token]" : "RegistryAuth[user=" + username + ", password=****]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryAuth a && username.equals(a.username) && Objects.equals(password, a.password)
        && Objects.equals(identityToken, a.identityToken);
  }

  @Override
  public int hashCode() {
    return username.hashCode();
  }
}
