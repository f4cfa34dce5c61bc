#!/usr/bin/env python3
"""The sandbox a student's code runs in when ./initlab grade grades it: Debian's bubblewrap (bwrap).

What runs inside: the Java kernel of one student's notebook (and, once per grading run, the answer gate that compiles
the answers without running them). What it sees: the JDK, the build's jars, the kernel and a Python for the socket
relay, all read-only; /usr and the few files of /etc that programs load (the dynamic linker's cache, fonts,
alternatives); a fresh working folder and /tmp of its own, each a memory file system of limited size. What it does
not see: the project (assignments/ with the solutions and hidden tests, notebooks/, the output folder), the other
submissions, the grader's processes, the network, the user's home. It runs as an unprivileged user with no
capabilities, in its own user, PID, IPC, UTS, cgroup and network namespaces (a loopback of its own), in a session of
its own; when the grader ends it (or dies), everything it started dies with it (the PID namespace goes).

The kernel's five Jupyter sockets are TCP on the sandbox's loopback, which the grader cannot reach. A relay inside
(tools/kernel_relay.py) links each to a Unix socket in the notebook's run folder, the one folder bound read-write,
and the grader's Jupyter client connects there (ZeroMQ's ipc transport). The runner and the score stay outside:
the sandbox can only answer the grader's requests.

Limits: per process, address space (memory), file size and open files (prlimit); the JVM's heap (-Xmx of the
kernelspec); the working folder's and /tmp's size; per cell and per notebook, time and output, enforced by the grader.

`python3 tools/sandbox.py check` says whether the sandbox works here (./initlab doctor runs it).
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PORT_BASE = 41000            # the kernel's TCP ports inside: PORT_BASE + the ipc port number the client chose
PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
INSIDE_RUN = "/run/k"        # the run folder (connection file, relay sockets) inside the sandbox
INSIDE_ROOT = "/grade"       # /grade/work (the kernel's working folder), /grade/target/lib, /grade/notebooks/setup.jsh

LIMITS = {
    "address_space": 16 << 30,   # bytes of virtual memory per process: a JVM with -Xmx3g maps about 6 GB
    "file_size": 256 << 20,      # bytes one file may grow to
    "open_files": 4096,
    "tmp_size": 256 << 20,       # bytes of the private /tmp and of the working folder, each
}

ETC = ["alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "localtime", "java-25-openjdk",
       "ssl/certs/java"]


def bwrap():
    return shutil.which("bwrap")


def _root_links():
    """/bin, /lib, /lib64, /sbin: symlinks into /usr on a merged-/usr system, else bound read-only."""
    args = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def _outside_usr(paths):
    """The real folders of these paths (a JDK, a Python, a kernelspec) that /usr does not already hold."""
    out = []
    for p in paths:
        real = os.path.realpath(p)
        if real and not real.startswith("/usr/") and real not in out:
            out.append(real)
    return out


def argv(command, *, ro=(), rw=(), project_lib=None, setup=None, kernel=None, env=None, chdir=INSIDE_ROOT + "/work",
         limits=None):
    """The command line that runs `command` (a list) in the sandbox.

    ro: folders outside /usr the command needs read-only (JDK, Python, kernelspec), bound at their own paths.
    rw: (outside, inside) folders bound read-write. project_lib: the build's target/lib, bound read-only at
    /grade/target/lib; setup: notebooks/setup.jsh (a copy), at /grade/notebooks/setup.jsh; as the notebooks
    expect them from their working folder /grade/work."""
    limits = dict(LIMITS, **(limits or {}))
    args = ["prlimit", "--as=%d" % limits["address_space"], "--fsize=%d" % limits["file_size"],
            "--nofile=%d" % limits["open_files"], "--core=0", "--",
            bwrap(), "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--disable-userns",
            "--ro-bind", "/usr", "/usr"] + _root_links()
    for name in ETC:
        args += ["--ro-bind-try", "/etc/" + name, "/etc/" + name]
    for path in _outside_usr(ro):
        args += ["--ro-bind", path, path]
    # the JVM reads whether transparent huge pages are there (the kernels run with -XX:+UseTransparentHugePages)
    args += ["--ro-bind-try", "/sys/kernel/mm/transparent_hugepage", "/sys/kernel/mm/transparent_hugepage"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits["tmp_size"]), "--tmpfs", "/tmp",
             "--size", str(limits["tmp_size"]), "--tmpfs", INSIDE_ROOT + "/work"]
    if project_lib:
        args += ["--ro-bind", project_lib, INSIDE_ROOT + "/target/lib"]
    if setup:
        args += ["--ro-bind", setup, INSIDE_ROOT + "/notebooks/setup.jsh"]
    if kernel:
        args += ["--ro-bind", kernel, INSIDE_ROOT + "/kernel"]
    for outside, inside in rw:
        args += ["--bind", outside, inside]
    args += ["--remount-ro", "/"]   # the sandbox's own root (mount points) is not a place to write to either
    args += ["--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", INSIDE_ROOT + "/work",
             "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8"]
    for k, v in (env or {}).items():
        args += ["--setenv", k, v]
    args += ["--chdir", chdir, "--"]
    return args + list(command)


def passed_env():
    """What of the grader's environment the kernel keeps: OpenBLAS' kernel choice (the numbers depend on it)."""
    return {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}


def kernel_config(spec_dir, project_lib, setup, run_root):
    """The config the kernel launcher (`sandbox.py kernel`) reads: the installed kernelspec's command and env."""
    with open(os.path.join(spec_dir, "kernel.json"), encoding="utf-8") as f:
        spec = json.load(f)
    java = spec["argv"][0]
    inside = lambda a: a.replace(spec_dir, INSIDE_ROOT + "/kernel")  # noqa: E731  (the kernelspec's own files)
    return {
        "argv": [inside(a) for a in spec["argv"]],
        "env": dict({k: inside(v) for k, v in spec.get("env", {}).items()}, **passed_env()),
        "kernel": spec_dir,
        "ro": [os.path.dirname(os.path.dirname(os.path.realpath(java))), sys.base_prefix, sys.prefix],
        "project_lib": project_lib,
        "setup": setup,
        "run_root": run_root,
        "python": os.path.realpath(sys.executable),
    }


def write_kernelspec(folder, name, config):
    """A kernelspec NAME in FOLDER/kernels whose kernel is the sandboxed one."""
    spec_dir = os.path.join(folder, "kernels", name)
    os.makedirs(spec_dir, exist_ok=True)
    with open(os.path.join(spec_dir, "sandbox.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=1)
    spec = {"argv": [config["python"], os.path.join(HERE, "sandbox.py"), "kernel", os.path.join(spec_dir, "sandbox.json"),
                     "{connection_file}"],
            "display_name": "Java (Init Lab, sandboxed for grading)", "language": "java", "interrupt_mode": "message",
            "env": {}}
    with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=1)
    return spec_dir


def launch_kernel(config_path, connection_file):
    """Runs as the kernel process: writes the kernel's own connection file (TCP inside) and becomes the sandbox."""
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    with open(connection_file, encoding="utf-8") as f:
        outside = json.load(f)
    if outside.get("transport") != "ipc":
        sys.exit("sandbox: the grader's kernel manager must use the ipc transport (got %s)" % outside.get("transport"))
    run_dir = os.path.dirname(outside["ip"])
    prefix = os.path.basename(outside["ip"])
    if os.path.dirname(run_dir) != os.path.realpath(config["run_root"]):
        sys.exit("sandbox: the kernel's sockets must be in a folder of %s, not %s" % (config["run_root"], run_dir))
    inside = dict(outside, transport="tcp", ip="127.0.0.1")
    pairs = []
    for key in PORTS:
        inside[key] = PORT_BASE + int(outside[key])
        pairs.append("%s/%s-%d=%d" % (INSIDE_RUN, prefix, outside[key], inside[key]))
    with open(os.path.join(run_dir, "connection.json"), "w", encoding="utf-8") as f:
        json.dump(inside, f)
    shutil.copyfile(os.path.join(HERE, "kernel_relay.py"), os.path.join(run_dir, "kernel_relay.py"))
    kernel = [a.replace("{connection_file}", INSIDE_RUN + "/connection.json") for a in config["argv"]]
    # sh starts the relay, then becomes the JVM; both die with the sandbox.
    script = '"$0" %s/kernel_relay.py %s & exec "$@"' % (INSIDE_RUN, " ".join(pairs))
    command = argv(["/bin/sh", "-c", script, config["python"]] + kernel, ro=config["ro"], rw=[(run_dir, INSIDE_RUN)],
                   project_lib=config["project_lib"], setup=config["setup"], kernel=config["kernel"], env=config["env"])
    os.execvp(command[0], command)


def check():
    """(works, message): whether bwrap is here and can make the sandbox grading needs."""
    if not bwrap():
        return False, "bubblewrap (bwrap) is not installed. Fix: sudo apt-get install bubblewrap"
    # writable working folder, no project, only a loopback interface, an unprivileged user
    probe = "test -w /grade/work && ! test -e %s && test $(grep -c : /proc/net/dev) -eq 1 && id -u" % HERE
    try:
        r = subprocess.run(argv(["/bin/bash", "-c", probe]), capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, "bwrap could not start a sandbox: %s" % e
    if r.returncode != 0 or r.stdout.strip() != "65534":
        return False, "bwrap could not make the sandbox (exit %d): %s" % (r.returncode, (r.stderr or r.stdout).strip()[:300])
    return True, "bubblewrap %s: no network, no project files, unprivileged, its own processes" % (
        subprocess.run([bwrap(), "--version"], capture_output=True, text=True).stdout.split()[-1])


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "kernel":
        launch_kernel(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        ok, message = check()
        print(("ok   " if ok else "FAIL ") + "sandbox: " + message)
        sys.exit(0 if ok else 1)
    else:
        sys.exit("usage: sandbox.py check | sandbox.py kernel CONFIG CONNECTION_FILE")


if __name__ == "__main__":
    main()
