#!/usr/bin/env python3
"""Inside the grading sandbox: links each of the kernel's TCP sockets (on the sandbox's own loopback) to a Unix
socket in the run folder, where the grader's Jupyter client connects (ZeroMQ's ipc transport). A plain byte pipe,
so ZeroMQ's protocol passes through unchanged.

Usage: kernel_relay.py PATH=PORT... (run by tools/sandbox.py, not by hand).
"""
import socket
import sys
import threading
import time


def pump(source, sink):
    try:
        while True:
            data = source.recv(1 << 16)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def link(client, port):
    """One connection of the grader's: to the kernel's port, waiting while the JVM starts (60 s at most)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            kernel = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            if time.monotonic() > deadline:
                client.close()
                return
            time.sleep(0.05)
    threading.Thread(target=pump, args=(client, kernel), daemon=True).start()
    pump(kernel, client)


def serve(path, port):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    while True:
        client, _ = server.accept()
        threading.Thread(target=link, args=(client, port), daemon=True).start()


def main():
    threads = []
    for pair in sys.argv[1:]:
        path, port = pair.rsplit("=", 1)
        threads.append(threading.Thread(target=serve, args=(path, int(port)), daemon=True))
        threads[-1].start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
