"""Python stubs for quizd's API, generated from proto/ at run time.

Uses only Debian packages: protobuf-compiler and protobuf-compiler-grpc
(protoc and grpc_python_plugin, which quizd's build needs anyway),
python3-grpcio and python3-protobuf. The stubs go to a temporary directory
that lives as long as the process.
"""

import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

import grpc

_PROTO_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "..", "proto")

SERVICES = ("auth_service", "user_service", "integration_service",
            "quiz_service", "attempt_service", "course_service",
            "assignment_service", "gradebook_service", "event_service")


def generate_stubs(proto_root=_PROTO_ROOT):
    """Compiles every quiz/v1/*.proto; returns {name: (pb2, pb2_grpc)}."""
    out = tempfile.mkdtemp(prefix="quizd-stubs-")
    atexit.register(shutil.rmtree, out, True)
    protos = sorted(
        os.path.join("quiz", "v1", name)
        for name in os.listdir(os.path.join(proto_root, "quiz", "v1"))
        if name.endswith(".proto"))
    plugin = shutil.which("grpc_python_plugin") or "/usr/bin/grpc_python_plugin"
    subprocess.run(
        ["protoc", "--proto_path=" + proto_root, "--python_out=" + out,
         "--grpc_out=" + out, "--plugin=protoc-gen-grpc=" + plugin] + protos,
        check=True)
    sys.path.insert(0, out)
    modules = {}
    for name in SERVICES:
        if not os.path.exists(os.path.join(out, "quiz", "v1", name + "_pb2.py")):
            continue
        modules[name] = (importlib.import_module("quiz.v1." + name + "_pb2"),
                         importlib.import_module("quiz.v1." + name +
                                                 "_pb2_grpc"))
    for name in ("course", "attempt", "bank"):
        modules[name] = (importlib.import_module("quiz.v1." + name + "_pb2"),
                         None)
    return modules


def channel(server, ca_file=None):
    """A channel to `server` (host:port): TLS verified against `ca_file`, or
    plaintext when ca_file is None (quizd allows that on loopback only)."""
    if ca_file is None:
        return grpc.insecure_channel(server)
    with open(ca_file, "rb") as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
    return grpc.secure_channel(server, credentials)


def bearer(token):
    """Call metadata authenticating as `token` (an API key or a learner
    token)."""
    return (("authorization", "Bearer " + token),)
