# Sourced by the bundle benchmarks: builds the archive module and its reactor siblings (package, no
# tests, nothing installed into ~/.m2) and compiles BundleBench.java; sets CP.
# Needs: W (work folder). Run from the repository root.
./mvnw -B -q -o -pl onyx-deploy-archive -am package dependency:build-classpath -DskipTests \
  -Dmaven.javadoc.skip -Dmaven.source.skip -Djacoco.skip \
  -Dmdep.outputFile="$W/cp.txt" -Dmdep.includeScope=runtime
CP="$W/classes:onyx-deploy-archive/target/classes:$(cat "$W/cp.txt")"
mkdir -p "$W/classes"
javac -d "$W/classes" -cp "$CP" bench/bundle/BundleBench.java
