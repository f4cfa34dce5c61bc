#!/usr/bin/env python3
"""Install a Java kernel on a JDK 25 as a Jupyter kernelspec: rapaio-jupyter-kernel (Init Lab's default), or a
user's IJava or JJava jar.

Called by `./initlab lab` and `./initlab run`; run with the Python that runs Jupyter. Writes
KERNELS/NAME/kernel.json and copies the kernel jar beside it, so the kernelspec does not depend on
where the jar was downloaded. By default KERNELS is the project's own Jupyter data folder
(target/jupyter/kernels, put first on JUPYTER_PATH by ./initlab), so nothing outside the project is
touched; --user installs into the user's Jupyter data folder instead.

The kernel.json follows rapaio's own installer (KernelJsonBuilder in rapaio-jupyter-kernel 3.0.x):
`java [jvm options] -jar KERNEL.jar {connection_file}`, language java, interrupt_mode message, and
the RJK_* variables its KernelEnv reads (compiler options, timeout, init script, class path, Maven
cache folder, relative to the jar's folder). One difference: the class path starts with
tools/rapaio-patch (compiled here), three classes that replace rapaio 3.0.1's: LoopThread (a start-up race
that leaves about one kernel in fifteen deaf), Channels and RapaioExecutionControl (the stop button: in 3.0.1
an interrupted cell never gets its reply and every later cell runs nothing); so argv is `java [options] -cp PATCH:KERNEL.jar
org.rapaio.jupyter.kernel.MainApp {connection_file}` (rapaio's Main-Class).

IJava (--kind ijava, the jar of a release such as ijava-1.3.0.jar): `java [options] -jar IJAVA.jar
{connection_file}`, as IJava's own installer writes it, but with this JDK's java instead of whatever `java`
is first on PATH. JJava (--kind jjava, jjava.jar from its release zip): its kernel.json starts
jjava-launcher.jar, which starts `java` from PATH with options only from JJAVA_JVM_OPTS (KernelLauncher in
dflib/jjava 1.0-a7) and adds `--add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED`; this kernelspec runs that same
command itself, so neither PATH nor JJAVA_JVM_OPTS matters.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

NAME = "java"                 # the kernelspec name the notebooks' metadata asks for (IJava and JJava use it too)
FALLBACK_NAME = "initlab-java"  # for --user, when the user already has a foreign "java" kernelspec
JVM_OPTIONS = [
    "--enable-native-access=ALL-UNNAMED",         # Smile calls OpenBLAS through the FFM API
    "--add-modules=jdk.incubator.vector",         # SIMD probe statistics (optional: without it, the same bits, slower)
    "-Djava.awt.headless=true",                   # charts are drawn off-screen
    "--sun-misc-unsafe-memory-access=allow",      # quiet a library's sun.misc.Unsafe warning on JDK 24+
    "-XX:+UseTransparentHugePages", "-Xmx3g",     # see JVM_MEMORY in ./initlab
]


HERE = os.path.dirname(os.path.abspath(__file__))
PATCH_DIR = os.path.join(HERE, "rapaio-patch")
MAIN_CLASS = "org.rapaio.jupyter.kernel.MainApp"


def compile_patch(java, jar, spec_dir):
    """Compiles the rapaio fixes (tools/rapaio-patch/*.java) into SPEC_DIR/patch; returns that folder, or None without a javac."""
    javac = os.path.join(os.path.dirname(java), "javac")
    out = os.path.join(spec_dir, "patch")
    sources = sorted(os.path.join(PATCH_DIR, f) for f in os.listdir(PATCH_DIR) if f.endswith(".java")) if os.path.isdir(PATCH_DIR) else []
    if not sources:
        return None
    if not os.path.isfile(javac):
        print("install_kernel: no javac next to %s: installing rapaio without its start-up and interrupt fixes" % java)
        return None
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([javac, "--release", "17", "-nowarn", "-cp", jar, "-d", out] + sources, check=True)
    return out


def conda_lib_dirs(java):
    """A conda environment's lib folder (for libopenblas.so), when Jupyter or the JDK comes from one."""
    dirs = []
    for prefix in (os.environ.get("CONDA_PREFIX"), sys.prefix, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(java))))):
        if prefix and os.path.isdir(os.path.join(prefix, "conda-meta")) and os.path.exists(os.path.join(prefix, "lib", "libopenblas.so")):
            lib = os.path.join(prefix, "lib")
            if lib not in dirs:
                dirs.append(lib)
    return dirs


def is_ours(spec_dir):
    try:
        with open(os.path.join(spec_dir, "kernel.json"), encoding="utf-8") as f:
            return "initlab" in json.load(f).get("metadata", {})
    except (OSError, ValueError):
        return False


KINDS = {
    "rapaio": "Java 25 (Init Lab, rapaio)",
    "ijava": "Java 25 (Init Lab, IJava)",
    "jjava": "Java 25 (Init Lab, JJava)",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--java", required=True, help="the JDK 25+ java binary the kernel runs on")
    ap.add_argument("--jar", required=True, help="the kernel's jar (rapaio-jupyter-kernel, IJava's or jjava.jar)")
    ap.add_argument("--kind", choices=sorted(KINDS), default="rapaio", help="which kernel the jar is (default rapaio)")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--prefix", help="Jupyter data folder to install into (its kernels/ subfolder)")
    where.add_argument("--user", action="store_true", help="install into the user's Jupyter data folder")
    ap.add_argument("--name", default=None, help="kernelspec name (default: %s)" % NAME)
    args = ap.parse_args()

    java = os.path.abspath(args.java)
    jar = os.path.abspath(args.jar)
    for path, what in ((java, "java binary"), (jar, "kernel jar")):
        if not os.path.isfile(path):
            sys.exit("install_kernel: %s not found: %s" % (what, path))

    if args.user:
        from jupyter_core.paths import jupyter_data_dir
        kernels = os.path.join(jupyter_data_dir(), "kernels")
    else:
        kernels = os.path.join(os.path.abspath(args.prefix), "kernels")
    name = args.name or NAME
    spec_dir = os.path.join(kernels, name)
    if os.path.isdir(spec_dir) and not is_ours(spec_dir):
        if args.kind != "rapaio":
            sys.exit("install_kernel: %s exists and Init Lab did not write it; remove it (jupyter kernelspec remove %s; on Debian: "
                     "python3 -m jupyter_client.kernelspecapp remove %s) or pass --name with another name" % (spec_dir, name, name))
        if args.user and args.name is None:
            print("install_kernel: %s is another Java kernel (IJava or JJava?); installing as '%s' instead"
                  % (spec_dir, FALLBACK_NAME))
            name = FALLBACK_NAME
            spec_dir = os.path.join(kernels, name)

    os.makedirs(spec_dir, exist_ok=True)
    target_jar = os.path.join(spec_dir, "rapaio-jupyter-kernel.jar" if args.kind == "rapaio" else os.path.basename(jar))
    if not (os.path.exists(target_jar) and os.path.samefile(jar, target_jar)):
        shutil.copyfile(jar, target_jar)
    env = {}
    if args.kind == "rapaio":
        patch = compile_patch(java, target_jar, spec_dir)
        launch = ["-cp", patch + os.pathsep + target_jar, MAIN_CLASS] if patch else ["-jar", target_jar]
        env = {"RJK_COMPILER_OPTIONS": "", "RJK_TIMEOUT_MILLIS": "-1", "RJK_INIT_SCRIPT": "", "RJK_CLASSPATH": "", "RJK_MIMA_CACHE": "mima_cache"}
    elif args.kind == "ijava":
        launch = ["-jar", target_jar]
    else:  # jjava: what its launcher would run
        launch = ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar", target_jar]
    spec = {
        "argv": [java] + JVM_OPTIONS + launch + ["{connection_file}"],
        "display_name": KINDS[args.kind],
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"initlab": {"kernel": args.kind, "installed_by": "./initlab " + ("lab" if args.kind == "rapaio" else "kernel")}},
    }
    libs = conda_lib_dirs(java)
    if libs:  # dlopen("libopenblas.so") finds conda's copy only through LD_LIBRARY_PATH
        old = os.environ.get("LD_LIBRARY_PATH")
        spec["env"]["LD_LIBRARY_PATH"] = os.pathsep.join(libs + ([old] if old else []))
    tmp = os.path.join(spec_dir, "kernel.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    os.replace(tmp, os.path.join(spec_dir, "kernel.json"))
    print("installed kernel '%s' (%s) in %s" % (name, KINDS[args.kind], spec_dir))


if __name__ == "__main__":
    main()
