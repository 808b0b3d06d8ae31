@echo off
rem Server Connect launcher for Windows: run, demo and version (the POSIX launcher bin/serverconnect has more).
rem Not tested on Windows by the project's CI (no Windows machine there); report what does not work.
setlocal EnableDelayedExpansion

set "DIST=%~dp0.."
for %%i in ("%DIST%") do set "DIST=%%~fi"
set "CMD="
set "HOME_DIR=%SERVERCONNECT_HOME%"

:args
if "%~1"=="" goto parsed
if /i "%~1"=="--home" (
    set "HOME_DIR=%~2"
    shift & shift
    goto args
)
if "!CMD!"=="" (
    set "CMD=%~1"
    shift
    goto args
)
echo serverconnect: unknown option %~1 1>&2
exit /b 2
:parsed

if "!CMD!"=="version" (
    set /p VERSION=<"%DIST%\VERSION"
    echo serverconnect !VERSION!
    exit /b 0
)
if not "!CMD!"=="run" if not "!CMD!"=="demo" (
    echo Usage: serverconnect [--home DIR] run ^| demo ^| version 1>&2
    echo   run     the runtime in the foreground ^(Ctrl-C stops it^); the home is DIR, %%SERVERCONNECT_HOME%% or %%USERPROFILE%%\.serverconnect 1>&2
    echo   demo    the demo: a Pagero Online emulator, Acme and Globex; its home is demo\ in the distribution 1>&2
    exit /b 2
)

rem Java 17 or newer: JAVA_HOME first, then PATH
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
"%JAVA%" -version >nul 2>&1 || (
    echo serverconnect: Java 17 or newer is needed: install it or set JAVA_HOME 1>&2
    exit /b 1
)
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do set "JV=%%~v"
for /f "delims=." %%m in ("!JV!") do set "JMAJOR=%%m"
if !JMAJOR! LSS 17 (
    echo serverconnect: Java 17 or newer is needed, !JAVA! is version !JV! 1>&2
    exit /b 1
)

if "!HOME_DIR!"=="" (
    rem never the distribution folder, which an upgrade replaces; the demo's state is disposable
    if "!CMD!"=="demo" (set "HOME_DIR=%DIST%\demo") else (set "HOME_DIR=%USERPROFILE%\.serverconnect")
)
set "FRESH="
if not exist "!HOME_DIR!\etc\serverconnect.properties" set "FRESH=1"
for %%d in (etc data log deploy) do if not exist "!HOME_DIR!\%%d" mkdir "!HOME_DIR!\%%d"
if defined FRESH (
    copy /y "%DIST%\defaults\etc\*.*" "!HOME_DIR!\etc\" >nul
    for /f %%p in ('powershell -NoProfile -Command "[guid]::NewGuid().ToString('N')"') do (
        echo felix.webconsole.password=%%p>>"!HOME_DIR!\etc\serverconnect.properties"
    )
    echo serverconnect: created home !HOME_DIR! from the defaults
)

if "!CMD!"=="demo" (
    set "PORT=%SERVERCONNECT_DEMO_PORT%"
    if "!PORT!"=="" set "PORT=18443"
    if defined FRESH (
        set "H=!HOME_DIR:\=/!"
        for %%f in ("%DIST%\defaults\demo\etc\*.cfg") do (
            powershell -NoProfile -Command "(Get-Content -Raw '%%~ff') -replace '@PORT@','!PORT!' -replace '@HOME@','!H!' | Set-Content -NoNewline '!HOME_DIR!\etc\%%~nxf'"
        )
        if not exist "!HOME_DIR!\samples" mkdir "!HOME_DIR!\samples"
        copy /y "%DIST%\defaults\demo\samples\*.*" "!HOME_DIR!\samples\" >nul
    )
    set "ECP="
    for %%j in ("%DIST%\bundle\org.serverconnect.pagero.emulator-*.jar" "%DIST%\bundle\jackson-*.jar" "%DIST%\bundle\commons-fileupload-*.jar" "%DIST%\bundle\commons-io-*.jar" "%DIST%\boot\slf4j-api.jar" "%DIST%\boot\logback-core.jar" "%DIST%\boot\logback-classic.jar") do set "ECP=!ECP!;%%~fj"
    "%JAVA%" "-Dlogback.configurationFile=%DIST%\conf\emulator-logback.xml" -cp "!ECP:~1!" org.serverconnect.pagero.emulator.internal.Main --init --data "!HOME_DIR!\data\emulator-demo" >nul
    echo.
    echo   Server Connect demo ^(home !HOME_DIR!^)
    echo   Send an invoice from Acme to Globex: copy "!HOME_DIR!\samples\acme-invoice-1001.xml" "!HOME_DIR!\accounts\acme\outbox\"
    echo   It arrives in !HOME_DIR!\accounts\globex\inbox\ ; run reports in !HOME_DIR!\mail\ . Stop with Ctrl-C.
    echo.
)

rem Settings of the home: HTTP address and port, JVM options
set "HTTP_HOST=127.0.0.1"
set "HTTP_PORT=8181"
set "JOPTS="
for /f "usebackq tokens=1,* delims==" %%a in ("!HOME_DIR!\etc\serverconnect.properties") do (
    if "%%a"=="serverconnect.http.host" set "HTTP_HOST=%%b"
    if "%%a"=="serverconnect.http.port" set "HTTP_PORT=%%b"
    if "%%a"=="serverconnect.java.options" set "JOPTS=%%b"
)
if defined SERVERCONNECT_HTTP_HOST set "HTTP_HOST=%SERVERCONNECT_HTTP_HOST%"
if defined SERVERCONNECT_HTTP_PORT set "HTTP_PORT=%SERVERCONNECT_HTTP_PORT%"

rem Start level 3: every jar of bundle\, installed in place
set "LEVEL3="
for %%j in ("%DIST%\bundle\*.jar") do (
    set "U=%%~fj"
    set "LEVEL3=!LEVEL3! reference:file:/!U:\=/!"
)
set "D=!DIST:\=/!"
set "HO=!HOME_DIR:\=/!"
cd /d "!HOME_DIR!"
"%JAVA%" !JOPTS! %JAVA_OPTS% "-Dserverconnect.home=!HO!" "-Dserverconnect.dist=!D!" ^
    "-Dfelix.config.properties=file:/!D!/conf/config.properties" "-Dfelix.system.properties=file:/!HO!/etc/serverconnect.properties" ^
    "-Dlogback.configurationFile=!HO!/etc/logback.xml" "-Dserverconnect.console.level=INFO" ^
    "-Dorg.osgi.service.http.port=!HTTP_PORT!" "-Dorg.apache.felix.http.host=!HTTP_HOST!" ^
    "-Dfelix.auto.start.3=!LEVEL3!" "-Dgosh.home=!HO!" "-Djava.util.logging.config.file=!D!/conf/java-logging.properties" ^
    -jar "%DIST%\bin\felix.jar"
exit /b %ERRORLEVEL%
