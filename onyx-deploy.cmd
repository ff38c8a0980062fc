@echo off
rem onyx-deploy launcher for Windows: builds onyx-deploy-cli\target\onyx-deploy.jar when it is missing or
rem older than any source file or pom.xml of the project, then runs it with the given arguments.
rem   onyx-deploy --help
rem   onyx-deploy convert -f compose.yaml
rem Environment: JAVA_HOME (else java on PATH), ONYX_DEPLOY_JAVA_OPTS, ONYX_DEPLOY_NO_BUILD=1,
rem ONYX_DEPLOY_CDS=0 (no class-data archive). Like ./onyx-deploy, it runs the JVM with C1 only, the
rem serial collector and a class-data archive made once per built jar by a training run (faster starts).
setlocal
set "ROOT=%~dp0"
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
set "JAR=%ROOT%\onyx-deploy-cli\target\onyx-deploy.jar"
set "JSA=%ROOT%\onyx-deploy-cli\target\onyx-deploy.jsa"
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"

if "%ONYX_DEPLOY_NO_BUILD%"=="1" goto run
set "STALE=0"
if not exist "%JAR%" (
  set "STALE=1"
) else (
  powershell -NoProfile -ExecutionPolicy Bypass -Command ^
    "$j=(Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc;" ^
    "$p=Get-ChildItem -LiteralPath $env:ROOT -Filter pom.xml -File -Depth 1 -ErrorAction SilentlyContinue;" ^
    "$s=Get-ChildItem -Path (Join-Path $env:ROOT '*\src') -Recurse -File -ErrorAction SilentlyContinue;" ^
    "if (@($p)+@($s) | Where-Object { $_.LastWriteTimeUtc -gt $j } | Select-Object -First 1) { exit 1 } else { exit 0 }"
  if errorlevel 1 set "STALE=1"
)
if "%STALE%"=="0" goto run

if exist "%ROOT%\mvnw.cmd" (
  set "MVN=%ROOT%\mvnw.cmd"
) else (
  set "MVN=mvn"
)
echo onyx-deploy: building %JAR% (sources changed) ... 1>&2
pushd "%ROOT%"
call "%MVN%" -q -B -DskipTests -pl onyx-deploy-cli -am package 1>&2
set "BUILD_STATUS=%ERRORLEVEL%"
popd
if not "%BUILD_STATUS%"=="0" (
  echo onyx-deploy: the build failed; run "%MVN% -B -pl onyx-deploy-cli -am package" for details 1>&2
  exit /b 1
)
if exist "%JSA%" del /q "%JSA%"

:run
if not exist "%JAR%" (
  echo onyx-deploy: %JAR% is missing 1>&2
  exit /b 1
)
set "JVM_OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
if "%ONYX_DEPLOY_CDS%"=="0" goto launch
if not exist "%JSA%" (
  echo onyx-deploy: preparing faster starts ^(once per build, a few seconds^) ... 1>&2
  "%JAVA_EXE%" "-XX:ArchiveClassesAtExit=%JSA%" %JVM_OPTS% %ONYX_DEPLOY_JAVA_OPTS% -cp "%JAR%" dev.onyx.deploy.cli.Training >nul 2>&1
)
rem -Xshare:auto: a stale or unreadable archive is ignored, never an error
if exist "%JSA%" set "JVM_OPTS=%JVM_OPTS% -XX:SharedArchiveFile="%JSA%" -Xshare:auto"

:launch
"%JAVA_EXE%" %JVM_OPTS% %ONYX_DEPLOY_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
