"""A TCP proxy for deploy/smoke.sh that can stop answering without closing anything.

    python3 deploy/pausable_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT PAUSE_FILE

Relays bytes both ways while PAUSE_FILE does not exist. Once it exists, connections are still
accepted and kept open, but nothing is passed on: to the portal the database "accepts connections
but never answers", the fault /readyz must report within its timeout.
"""

import os
import socket
import sys
import threading
import time


def pump(source, target, pause_file):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            while os.path.exists(pause_file):
                time.sleep(0.1)
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listen_port, target_host, target_port, pause_file):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    while True:
        client, _address = listener.accept()
        if os.path.exists(pause_file):
            # Accepted and held, never relayed: a server that stopped answering.
            threading.Thread(target=lambda c=client: (time.sleep(3600), c.close()), daemon=True).start()
            continue
        upstream = socket.create_connection((target_host, target_port))
        threading.Thread(target=pump, args=(client, upstream, pause_file), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, pause_file), daemon=True).start()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4])
