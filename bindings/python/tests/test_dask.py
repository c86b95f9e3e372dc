"""mnistseq.dask: a dataset written by a Dask cluster of two worker
processes is byte for byte the single-process one."""

from __future__ import annotations

import pathlib
import re

import pytest

distributed = pytest.importorskip("distributed")

import mnistseq  # noqa: E402
import mnistseq.dask as mdask  # noqa: E402
from conftest import run_isolated, small_dataset  # noqa: E402

JOB = dict(seed=11, length_range=(1, 5), shard_size=30)


@pytest.fixture(scope="module")
def client(mnist_dir):
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


def _files(directory: pathlib.Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.mark.parametrize("fmt", ["png", "npy", "tar"])
def test_cluster_result_is_bit_identical(client, gen, mnist_dir, tmp_path: pathlib.Path,
                                         fmt: str) -> None:
    local = gen.generate_dataset(tmp_path / "local", 200, None, (0, 5), 140, format=fmt, **JOB)
    info = mdask.write_dataset(tmp_path / "dask", 200, None, (0, 5), 140, format=fmt,
                               client=client, data=mnist_dir, **JOB)
    assert info.shards == 7 and info.manifest == local.manifest
    assert info.directory == str(tmp_path / "dask")
    assert _files(tmp_path / "dask") == _files(tmp_path / "local")


def test_one_task_per_shard_on_both_workers(client, gen, mnist_dir, tmp_path: pathlib.Path) -> None:
    graph = mdask.dataset_graph(tmp_path / "d", 300, None, (0, 5), 100, data=mnist_dir, **JOB)
    token = str(graph.key).rsplit("-", 1)[1]
    with distributed.get_task_stream(client) as stream:
        info = client.compute(graph).result()
    assert info.shards == 10
    shard_runs = [t for t in stream.data
                  if str(t["key"]).startswith("mnistseq-shard-") and str(t["key"]).endswith(token)
                  and any(s["action"] == "compute" for s in t["startstops"])]
    assert sorted(int(str(t["key"]).split("-")[2]) for t in shard_runs) == list(range(10))
    assert len({t["worker"] for t in shard_runs}) == 2
    gen.generate_dataset(tmp_path / "local", 300, None, (0, 5), 100, **JOB)
    assert _files(tmp_path / "d") == _files(tmp_path / "local")


def test_default_client_and_default_data(client, tmp_path: pathlib.Path) -> None:
    # data=None: each worker's default lookup (MNISTSEQ_DATA, inherited)
    info = mdask.write_dataset(tmp_path / "d", 50, "123", (0, 2), 100, seed=5, shard_size=20)
    assert info.count == 50 and info.manifest["sequence"] == "123"
    again = mdask.write_dataset(tmp_path / "d", 50, "123", (0, 2), 100, seed=5, shard_size=20)
    assert again == info


def test_worker_errors_reach_the_client(client, mnist_dir, tmp_path: pathlib.Path) -> None:
    mdask.write_dataset(tmp_path / "d", 40, None, (0, 2), 100, data=mnist_dir, **JOB)
    with pytest.raises(mnistseq.OutputExistsError) as info:
        mdask.write_dataset(tmp_path / "d", 40, None, (0, 2), 100, data=mnist_dir,
                            **dict(JOB, seed=12))
    assert '"seed"' in info.value.message and info.value.code == mnistseq.errors.MSEQ_EEXIST
    with pytest.raises(mnistseq.DataNotFoundError):
        mdask.write_dataset(tmp_path / "e", 40, None, (0, 2), 100, data=tmp_path / "nodata", **JOB)
    # bad arguments are refused on the client, named as written
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"^spacing_range=\(4, 2\)"):
        mdask.write_dataset(tmp_path / "f", 40, None, (4, 2), 100, data=mnist_dir, **JOB)
    assert not (tmp_path / "f").exists()


@pytest.mark.filterwarnings("ignore:Running on a single-machine scheduler")
def test_graph_runs_on_any_scheduler(mnist_dir, tmp_path: pathlib.Path, gen) -> None:
    import dask

    graph = mdask.dataset_graph(tmp_path / "sync", 60, None, (0, 3), 90, data=mnist_dir, **JOB)
    info = dask.compute(graph, scheduler="synchronous")[0]
    local = gen.generate_dataset(tmp_path / "local", 60, None, (0, 3), 90, threads=1, **JOB)
    assert info.manifest == local.manifest
    assert _files(tmp_path / "sync") == _files(tmp_path / "local")


@pytest.mark.parametrize("digits", [{4, 2}, {4: 0, 2: 0}, {4: 0}.values()],
                         ids=lambda d: type(d).__name__)
def test_unordered_digits_are_refused(tmp_path: pathlib.Path, digits) -> None:
    # on the client, before any task exists
    message = rf"^digits must be an ordered .*not {type(digits).__name__}"
    with pytest.raises(TypeError, match=message):
        mdask.dataset_graph(tmp_path / "d", 10, digits, (0, 2), 100)
    assert not (tmp_path / "d").exists()


def test_clear_cache_while_shard_tasks_run(tmp_path: pathlib.Path) -> None:
    # a worker's cached writers and Generators closed under its running
    # tasks (task functions called on threads, as a threaded worker does):
    # no crash, no error, the same dataset
    small_dataset(tmp_path / "data", count=50)
    out = run_isolated(
        """
        import mnistseq.dask as mdask
        data = os.path.abspath("data")
        spec = mnistseq.DatasetSpec.make("out", 400, None, (0, 3), 200, seed=6,
                                         shard_size=10, threads=1)
        manifest = mdask._begin(spec, data, "train", False)
        errors, clearing = [], [True]

        def work(shards):
            try:
                for k in shards:
                    assert mdask._write_shard(spec, data, "train", k, manifest)[0] == k
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(range(j, 40, 2),))
                   for j in range(2)]
        for t in threads:
            t.start()
        clears = 0
        while any(t.is_alive() for t in threads):
            mnistseq.clear_cache()
            clears += 1
            time.sleep(0.002)
        assert not errors, repr(errors[0])
        info = mdask._finish(spec, data, "train", [])
        with mnistseq.Generator(data) as gen:
            gen.generate_dataset("ref", 400, None, (0, 3), 200, seed=6, shard_size=10)
        assert info.count == 400 and clears > 5, clears
        for name in sorted(os.listdir("ref")):
            with open(os.path.join("out", name), "rb") as a, \\
                    open(os.path.join("ref", name), "rb") as b:
                assert a.read() == b.read(), name
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


RANGE = mnistseq.OutOfRangeError
INVALID = mnistseq.InvalidArgumentError
BAD_ARGUMENTS = [
    (dict(count=0), INVALID, r"count=0: must be 1\.\.999999999"),
    (dict(digits=[1, 12]), INVALID, r"digits\[1\]=12: must be a digit 0-9"),
    (dict(spacing_range=(5, 1)), INVALID,
     r"spacing_range=\(5, 1\): the minimum 5 is greater than the maximum 1"),
    (dict(image_width=0), INVALID, r"image_width=0: must be 1\.\.65536"),
    (dict(split="dev"), INVALID, r"split='dev': must be one of 'train', 'test'"),
    (dict(data=3), TypeError,
     r"data must be a path \(str, bytes or os\.PathLike\), not int"),
    (dict(force="x"), TypeError, r"force must be a bool, not 'x'"),
    (dict(threads=2000), RANGE, r"threads=2000: must be 0\.\.1024"),
    (dict(shard_size=0), INVALID, r"shard_size=0: must be 1\.\.16777216"),
    (dict(png_level=-2), INVALID, r"png_level=-2: must be -1\.\.9"),
    (dict(format="zip"), INVALID, r"format='zip': must be one of 'png', 'npy', 'tar'"),
    (dict(length_range=(1, 2), unique=True), RANGE,
     r"unique=True: count=200 uses sample indexes up to 199, but length_range=\(1, 2\) "
     r"has only 110 distinct sequences \(sample indexes 0\.\.109\)"),
]


@pytest.mark.parametrize("change,cls,message", BAD_ARGUMENTS,
                         ids=[next(iter(c[0])) for c in BAD_ARGUMENTS])
def test_messages_name_the_python_argument(tmp_path: pathlib.Path, change, cls,
                                           message) -> None:
    # checked on the client, before any task exists
    args = dict(count=200, digits=None, spacing_range=(0, 2), image_width=100)
    args.update(change)
    with pytest.raises(cls) as info:
        mdask.dataset_graph(tmp_path / "d", args.pop("count"), args.pop("digits"),
                            args.pop("spacing_range"), args.pop("image_width"), **args)
    assert type(info.value) is cls
    assert re.fullmatch(message, str(info.value)), str(info.value)
    assert not (tmp_path / "d").exists()
