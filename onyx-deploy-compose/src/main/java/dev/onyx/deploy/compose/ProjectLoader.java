package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.compose.YNode.Source;
import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The document phase of reading: loads the files, interpolates them, resolves {@code include} and
 * {@code extends}, and merges override files into one document (a {@link YMap}) for
 * {@link StackMapper}.
 */
final class ProjectLoader {
  private static final Set<String> SECTIONS = Set.of("services", "volumes", "networks", "secrets", "configs");

  /**
   * The loaded, merged document, the environment it was interpolated with, and the project name
   * (which that environment holds as {@code COMPOSE_PROJECT_NAME}, as compose gives it).
   */
  record Loaded(YMap document, Map<String, String> environment, Path projectDir, String projectName) {}

  private final Map<String, String> processEnv;
  private final Map<String, YMap> fileCache = new HashMap<>();

  ProjectLoader(Map<String, String> processEnv) {
    this.processEnv = processEnv;
  }

  /**
   * @param files the compose files, the first is the base, the others override it
   * @param envFiles explicit env files; empty means {@code .env} in the project folder
   * @param projectDir the project folder (relative paths are resolved against it)
   * @return the merged document
   */
  Loaded load(List<Path> files, List<Path> envFiles, Path projectDir, Optional<String> name) {
    Map<String, String> env = environment(envFiles, projectDir, processEnv);
    List<YNode> roots = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      Source source = new Source(f.toString(), projectDir, abs.getParent());
      sources.add(source);
      roots.add(YamlLoader.parse(readFile(f, abs), source));
    }
    String projectName = projectName(roots, env, projectDir, name);
    YMap merged = null;
    for (int i = 0; i < roots.size(); i++) {
      YMap doc = prepare(roots.get(i), sources.get(i), env, new LinkedHashSet<>());
      merged = merged == null ? doc : Nodes.mergeDocuments(merged, doc);
    }
    return new Loaded(merged, env, projectDir, projectName);
  }

  /** Reads YAML given as text (no file), as if it were {@code compose.yaml} in {@code projectDir}. */
  Loaded loadText(String yaml, List<Path> envFiles, Path projectDir, Optional<String> name) {
    Map<String, String> env = environment(envFiles, projectDir, processEnv);
    Source source = new Source("compose.yaml", projectDir, projectDir);
    YNode root = YamlLoader.parse(yaml, source);
    String projectName = projectName(List.of(root), env, projectDir, name);
    YMap doc = prepare(root, source, env, new LinkedHashSet<>());
    return new Loaded(doc, env, projectDir, projectName);
  }

  /**
   * The project name as compose finds it: the one given ({@code -p}), else
   * {@code COMPOSE_PROJECT_NAME}, else the top-level {@code name} of the last file that has one
   * (interpolated), else the project folder's name; normalised, and put in the environment as
   * {@code COMPOSE_PROJECT_NAME} for the files' interpolation, as compose does.
   */
  private static String projectName(List<YNode> roots, Map<String, String> env, Path projectDir,
      Optional<String> given) {
    String name = given.orElse(null);
    if (name == null) {
      String fromEnv = env.get("COMPOSE_PROJECT_NAME");
      if (fromEnv != null && !fromEnv.isEmpty()) {
        name = fromEnv;
      }
    }
    if (name == null) {
      for (YNode root : roots) {
        if (root instanceof YMap m && m.get("name") instanceof YScalar s && !s.isNull()) {
          try {
            String n = Scalars.normalizeProjectName(new Interpolator(env::get).apply(s.asString()));
            if (!n.isEmpty()) {
              name = n;
            }
          } catch (Interpolator.InterpolationException e) {
            throw s.error("name", e.getMessage());
          }
        }
      }
    }
    if (name == null) {
      Path fn = projectDir.getFileName();
      String n = Scalars.normalizeProjectName(fn == null ? "" : fn.toString());
      name = n.isEmpty() ? "default" : n;
    }
    env.put("COMPOSE_PROJECT_NAME", name);
    return name;
  }

  /** The interpolation environment: env files (or {@code .env}) under the process environment. */
  static Map<String, String> environment(List<Path> envFiles, Path dir, Map<String, String> processEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    List<Path> files = envFiles;
    boolean explicit = !envFiles.isEmpty();
    if (!explicit) {
      Path dotEnv = dir.resolve(".env");
      files = Files.isRegularFile(dotEnv) ? List.of(dotEnv) : List.of();
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new ComposeFormatException(f.toString(), 0, 0, "", "env file not found (check the --env-file path)");
      }
      env.putAll(readEnvFile(f, null, k -> processEnv.containsKey(k) ? processEnv.get(k) : env.get(k)));
    }
    env.putAll(processEnv);
    return env;
  }

  static Map<String, String> readEnvFile(Path f, YNode at, java.util.function.Function<String, String> lookup) {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ComposeFormatException(f.toString(), 0, 0, "", "cannot read env file: " + Messages.describe(e), e);
    }
    try {
      return EnvFileParser.parse(text, lookup);
    } catch (EnvFileParser.EnvFileException e) {
      throw new ComposeFormatException(f.toString(), e.line, 1, "", e.getMessage(), e);
    }
  }

  private YMap loadFile(Path file, Path baseDir, Map<String, String> env, Set<String> including) {
    Path abs = file.toAbsolutePath().normalize();
    Source source = new Source(file.toString(), baseDir, abs.getParent());
    return prepare(YamlLoader.parse(readFile(file, abs), source), source, env, including);
  }

  private static String readFile(Path file, Path abs) {
    try {
      return Files.readString(abs, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ComposeFormatException(file.toString(), 0, 0, "", "compose file not found", e);
    } catch (IOException e) {
      throw new ComposeFormatException(file.toString(), 0, 0, "", "cannot read compose file: " + Messages.describe(e), e);
    }
  }

  private YMap prepare(YNode root, Source source, Map<String, String> env, Set<String> including) {
    if (!(root instanceof YMap)) {
      throw root.error("", "a compose file must be a mapping (services: ...), not " + root.kindName());
    }
    Interpolator interpolator = new Interpolator(env::get);
    YMap doc = (YMap) Nodes.interpolate(root, interpolator, "");
    doc = resolveIncludes(doc, source, env, including);
    return resolveExtends(doc, source, env);
  }

  // ---------------------------------------------------------------- include

  private YMap resolveIncludes(YMap doc, Source source, Map<String, String> env, Set<String> including) {
    YNode inc = doc.get("include");
    if (inc == null) {
      return doc;
    }
    if (!(inc instanceof YSeq list)) {
      throw inc.error("include", "must be a list of files, not " + inc.kindName());
    }
    Map<String, YNode> out = new LinkedHashMap<>(doc.entries);
    out.remove("include");
    YMap result = doc.with(out);
    for (int i = 0; i < list.items.size(); i++) {
      String p = "include[" + i + "]";
      YNode item = list.items.get(i);
      List<Path> paths = new ArrayList<>();
      Path projectDir = null;
      List<Path> envFiles = new ArrayList<>();
      if (item instanceof YScalar s && !s.isNull()) {
        paths.add(source.fileDir().resolve(s.text).normalize());
      } else if (item instanceof YMap m) {
        for (String k : m.entries.keySet()) {
          if (!ComposeKeys.INCLUDE.contains(k)) {
            throw m.keyNode(k).error(p + "." + k, "unknown key '" + k + "' (expected path, project_directory or env_file)");
          }
        }
        YNode pn = m.get("path");
        if (pn == null) {
          throw m.error(p, "needs a path");
        }
        for (YNode x : Scalars.stringList(pn, p + ".path")) {
          paths.add(source.fileDir().resolve(((YScalar) x).text).normalize());
        }
        YNode pd = m.get("project_directory");
        if (pd != null) {
          projectDir = source.fileDir().resolve(Scalars.str(pd, p + ".project_directory")).normalize();
        }
        YNode ef = m.get("env_file");
        if (ef != null) {
          for (YNode x : Scalars.stringList(ef, p + ".env_file")) {
            envFiles.add(source.fileDir().resolve(((YScalar) x).text).normalize());
          }
        }
      } else {
        throw item.error(p, "must be a file path or a mapping with path, not " + item.kindName());
      }
      if (paths.isEmpty()) {
        throw item.error(p, "needs a path");
      }
      Path dir = projectDir != null ? projectDir : paths.get(0).getParent();
      String key = paths.get(0).toString();
      if (!including.add(key)) {
        throw item.error(p, "include cycle: " + String.join(" -> ", including) + " -> " + key);
      }
      Map<String, String> incEnv = new LinkedHashMap<>(env);
      if (!envFiles.isEmpty() || Files.isRegularFile(dir.resolve(".env"))) {
        incEnv.putAll(environment(envFiles, dir, processEnv));
      }
      YMap included = null;
      for (Path f : paths) {
        if (!Files.isRegularFile(f)) {
          throw item.error(p, "included file " + f + " not found");
        }
        YMap d = loadFile(f, dir, incEnv, including);
        included = included == null ? d : Nodes.mergeDocuments(included, d);
      }
      including.remove(key);
      result = addIncluded(result, included, item, p);
    }
    return result;
  }

  private static YMap addIncluded(YMap doc, YMap included, YNode at, String path) {
    Map<String, YNode> out = new LinkedHashMap<>(doc.entries);
    for (String section : SECTIONS) {
      YNode inc = included.get(section);
      if (!(inc instanceof YMap im)) {
        continue;
      }
      YNode mine = out.get(section);
      Map<String, YNode> merged = new LinkedHashMap<>();
      if (mine instanceof YMap mm) {
        merged.putAll(mm.entries);
      }
      for (Map.Entry<String, YNode> e : im.entries.entrySet()) {
        if (merged.containsKey(e.getKey())) {
          throw at.error(path, section + "." + e.getKey() + " from the included file conflicts with one defined here");
        }
        merged.put(e.getKey(), e.getValue());
      }
      out.put(section, mine instanceof YMap mm ? mm.with(merged) : im.with(merged));
    }
    return doc.with(out);
  }

  // ---------------------------------------------------------------- extends

  private YMap resolveExtends(YMap doc, Source source, Map<String, String> env) {
    YNode services = doc.get("services");
    if (!(services instanceof YMap sm)) {
      return doc;
    }
    boolean any = false;
    for (int i = 0; i < sm.entries.size(); i++) {
      any |= sm.entries.valueAt(i) instanceof YMap m && m.get("extends") != null;
    }
    if (!any) {
      return doc;
    }
    Map<String, YNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, YNode> e : sm.entries.entrySet()) {
      YNode s = e.getValue();
      List<String> chain = new ArrayList<>();
      chain.add(source.name() + "#" + e.getKey());
      out.put(e.getKey(), s instanceof YMap m ? extend(m, e.getKey(), sm, source, env, chain) : s);
    }
    Map<String, YNode> top = new LinkedHashMap<>(doc.entries);
    top.put("services", sm.with(out));
    return doc.with(top);
  }

  private YMap extend(YMap service, String name, YMap services, Source source, Map<String, String> env,
      List<String> chain) {
    YNode ext = service.get("extends");
    if (ext == null) {
      return service;
    }
    String p = "services." + name + ".extends";
    String baseName;
    Path file = null;
    if (ext instanceof YScalar s && !s.isNull()) {
      baseName = s.text;
    } else if (ext instanceof YMap m) {
      for (String k : m.entries.keySet()) {
        if (!ComposeKeys.EXTENDS.contains(k)) {
          throw m.keyNode(k).error(p + "." + k, "unknown key '" + k + "' (expected service and file)");
        }
      }
      YNode sn = m.get("service");
      if (sn == null) {
        throw m.error(p, "needs 'service'");
      }
      baseName = Scalars.str(sn, p + ".service");
      YNode fn = m.get("file");
      if (fn != null) {
        String f = Scalars.str(fn, p + ".file");
        file = ext.source.fileDir().resolve(f).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
          throw fn.error(p + ".file", "extended file " + file + " not found");
        }
      }
    } else {
      throw ext.error(p, "must be a service name or a mapping with service and file, not " + ext.kindName());
    }
    String key = (file == null ? source.name() : file.toString()) + "#" + baseName;
    if (chain.contains(key)) {
      List<String> names = new ArrayList<>();
      for (String c : chain) {
        names.add(c.substring(c.indexOf('#') + 1));
      }
      names.add(baseName);
      throw ext.error(p, "cyclic extends: " + String.join(" -> ", names));
    }
    chain.add(key);
    YMap baseServices = services;
    Source baseSource = source;
    if (file != null) {
      String cacheKey = file.toString();
      YMap other = fileCache.get(cacheKey);
      if (other == null) {
        Source src = new Source(file.toString(), file.getParent(), file.getParent());
        YNode root = YamlLoader.parse(readFile(file, ext), src);
        if (!(root instanceof YMap)) {
          throw root.error("", "a compose file must be a mapping");
        }
        other = (YMap) Nodes.interpolate(root, new Interpolator(env::get), "");
        fileCache.put(cacheKey, other);
      }
      YNode os = other.get("services");
      if (!(os instanceof YMap osm)) {
        throw ext.error(p, "no services in " + file);
      }
      baseServices = osm;
      baseSource = new Source(file.toString(), file.getParent(), file.getParent());
    }
    YNode base = baseServices.get(baseName);
    if (!(base instanceof YMap bm)) {
      throw ext.error(p, "no service '" + baseName + "'" + (file == null ? "" : " in " + file));
    }
    YMap resolvedBase = extend(bm, baseName, baseServices, baseSource, env, chain);
    chain.remove(chain.size() - 1);
    Map<String, YNode> without = new LinkedHashMap<>(service.entries);
    without.remove("extends");
    Map<String, YNode> baseWithout = new LinkedHashMap<>(resolvedBase.entries);
    baseWithout.remove("extends");
    return Nodes.mergeService(resolvedBase.with(baseWithout), service.with(without));
  }

  private static String readFile(Path file, YNode at) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw at.error("", "cannot read " + file + ": " + Messages.describe(e));
    }
  }
}
