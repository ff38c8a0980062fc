package dev.onyx.deploy.backup;

import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL commands run in the database's container. The password, when the server asks for
 * one, is taken inside the container from {@code POSTGRES_PASSWORD_FILE} or {@code POSTGRES_PASSWORD}
 * (the official image's variables): it never passes through this library, its logs or the plan.
 */
final class Postgres {
  private static final String PASSWORD = "if [ -z \"${PGPASSWORD:-}\" ]; then"
      + " if [ -n \"${POSTGRES_PASSWORD_FILE:-}\" ] && [ -r \"$POSTGRES_PASSWORD_FILE\" ];"
      + " then PGPASSWORD=$(cat \"$POSTGRES_PASSWORD_FILE\"); export PGPASSWORD;"
      + " elif [ -n \"${POSTGRES_PASSWORD:-}\" ]; then PGPASSWORD=$POSTGRES_PASSWORD; export PGPASSWORD; fi; fi; ";

  /** Role errors that a restore of a whole-cluster dump into a fresh server always meets. */
  private static final List<String> BENIGN = List.of("current user cannot be dropped",
      "cannot drop the currently open database");

  private Postgres() {
  }

  /**
   * {@code pg_dumpall} with {@code --clean --if-exists} (a restore replaces what is there) and
   * {@code --no-role-passwords}: the restored server keeps the passwords its own deployment set
   * (its generated secrets), and no password hash is written into the backup.
   */
  static List<String> dump(String user) {
    return List.of("sh", "-c", PASSWORD + "exec pg_dumpall --clean --if-exists --no-role-passwords -U \"$1\"",
        "sh", user);
  }

  /**
   * {@code psql} reading the dump from its input, going on after errors (reported afterwards). The
   * input is cut at the dump's known size with {@code head -c}: the engine's exec does not pass
   * the end of the input on, so psql would otherwise wait for more forever.
   */
  static List<String> restore(String user, long size) {
    return List.of("sh", "-c", PASSWORD + "head -c \"$2\" | psql -X -q -v ON_ERROR_STOP=0 -d postgres -U \"$1\"",
        "sh", user, Long.toString(size));
  }

  /** Prints the number of databases besides the standard ones, and of tables in {@code postgres}. */
  static List<String> dataCheck(String user) {
    return List.of("sh", "-c", PASSWORD + "exec psql -X -tA -d postgres -U \"$1\" -c \"select (select count(*) from"
        + " pg_database where not datistemplate and datname <> 'postgres') || ' ' || (select count(*) from pg_class c"
        + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p') and n.nspname not in"
        + " ('pg_catalog','information_schema') and n.nspname not like 'pg_toast%')\"", "sh", user);
  }

  /** @return the error lines of a restore's output that matter (at most {@code max}) */
  static List<String> realErrors(String stderr, int max) {
    List<String> out = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if ((line.contains("ERROR:") || line.contains("FATAL:")) && BENIGN.stream().noneMatch(line::contains)
          && !(line.contains("role \"") && line.contains("already exists"))) {
        if (out.size() < max) {
          out.add(line.strip());
        }
      }
    }
    return out;
  }
}
