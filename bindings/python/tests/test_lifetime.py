"""Lifetime of the library handles: no sequence of Python calls may crash
the interpreter. Closing a Generator or a DatasetWriter (close(), the end
of a ``with`` block, garbage collection) while another thread, or a
stream's prefetching thread, is inside a C call that uses it must not free
the handle under that call; later uses raise ClosedError.

Each case runs in a fresh interpreter (conftest.run_isolated), so that a
crash fails the test instead of killing pytest."""

from __future__ import annotations

import pytest

import mnistseq
from conftest import run_isolated, small_dataset


def test_leaving_with_while_a_stream_prefetches(mnist_dir, tmp_path) -> None:
    # the reported crash: the next batch is being generated on the stream's
    # thread when the with block closes the Generator
    out = run_isolated(
        """
        for round in range(3):
            with mnistseq.Generator(DATA) as gen:
                it = iter(gen.stream(3000, None, (0, 4), 300, seed=1, count=10**6,
                                     threads=1))
                first = next(it)  # the second batch starts in the background
            assert gen.closed
            try:
                next(it)
            except ClosedError as exc:
                assert isinstance(exc, mnistseq.MnistSeqError)
                assert "the Generator is closed" in str(exc), str(exc)
            else:
                raise AssertionError("a stream of a closed Generator went on")
            # the prefetch was finished, then the data set released
            assert gen._ds is None
            next(it, None)  # the iterator is done
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


def test_closing_the_generator_inside_a_stream_loop(mnist_dir, tmp_path) -> None:
    out = run_isolated(
        """
        gen = mnistseq.Generator(DATA)
        seen = []
        try:
            for batch in gen.stream(3000, "123", (0, 4), 300, seed=2, count=9000,
                                    threads=1):
                seen.append(batch.first_index)
                gen.close()  # the next batch is being prefetched
        except ClosedError as exc:
            print(exc)
        assert seen == [0]
        assert gen._ds is None
        """,
        tmp_path,
    )
    assert out.strip() == "the Generator is closed"


def test_dropping_a_prefetching_stream_and_its_generator(mnist_dir, tmp_path) -> None:
    out = run_isolated(
        """
        it = iter(mnistseq.Generator(DATA).stream(3000, None, (0, 4), 300, seed=1,
                                                  threads=1))
        next(it)  # the stream holds the only reference to its Generator
        handle = it.gi_frame.f_locals["self"]._gen._dataset
        del it
        gc.collect()  # waits for the prefetch, then frees everything
        assert handle.closed and handle.value is None
        stream = mnistseq.Generator(DATA).stream(4, "42", (0, 0), 60, seed=1, count=8)
        gc.collect()  # a stream keeps its Generator alive
        assert [b.labels.tolist() for b in stream] == [["42"] * 4] * 2
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


def test_closing_during_a_batch_on_another_thread(mnist_dir, tmp_path) -> None:
    out = run_isolated(
        """
        args = (4000, None, (0, 4), 300)
        options = dict(seed=3, length_range=(2, 5), threads=1)
        with mnistseq.Generator(DATA) as ref:
            expected = ref.generate_batch(*args, **options).images
        gen = mnistseq.Generator(DATA)
        results, errors = [], []

        def work():
            try:
                results.append(gen.generate_batch(*args, **options).images)
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=work)
        thread.start()
        while not gen._dataset._users and thread.is_alive():  # the call has begun
            time.sleep(0.001)
        time.sleep(0.05)
        gen.close()  # while C generates on the other thread
        gen.close()
        assert gen.closed
        thread.join()
        assert not errors, errors
        # the call begun before close() finished on intact data
        assert np.array_equal(results[0], expected)
        assert gen._ds is None  # released when it returned
        for call in (lambda: gen.generate([1], (0, 0), 28, seed=0),
                     lambda: gen.generate_batch(2, [1], (0, 0), 28, seed=0),
                     lambda: gen.stream(2, [1], (0, 0), 28, seed=0),
                     lambda: gen.random_sequence(0, seed=0)):
            try:
                call()
            except ClosedError as exc:
                assert str(exc) == "the Generator is closed"
            else:
                raise AssertionError("used after close")
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


WRITER_CASE = """
spec = mnistseq.DatasetSpec.make("out", 2000, None, (0, 4), 300, seed=4,
                                 shard_size=2000, threads=1)
gen = mnistseq.Generator(DATA)
writer = mnistseq.DatasetWriter(gen, spec)
writer.begin()
errors = []

def work():
    try:
        writer.write_shard(0)
    except BaseException as exc:
        errors.append(exc)

thread = threading.Thread(target=work)
thread.start()
while not writer._handle._users and thread.is_alive():  # the call has begun
    time.sleep(0.001)
time.sleep(0.05)
{close}
thread.join()
assert not errors, errors
assert writer.closed
try:
    writer.shard_done(0)
except ClosedError as exc:
    print(exc)
with mnistseq.Generator(DATA) as other:
    with mnistseq.DatasetWriter(other, spec) as again:
        assert again.shard_done(0)  # the write begun before close() completed
        again.finish()
    reference = other.generate_dataset("ref", 2000, None, (0, 4), 300, seed=4,
                                       shard_size=2000)
for name in ("labels.csv", "manifest.json", "000001999.png"):
    with open(os.path.join("out", name), "rb") as a, \\
            open(os.path.join("ref", name), "rb") as b:
        assert a.read() == b.read(), name
writer.close()
gen.close()
"""


def test_closing_a_writer_during_a_shard(mnist_dir, tmp_path) -> None:
    close = "writer.close()\nwriter.close()"
    out = run_isolated(WRITER_CASE.format(close=close), tmp_path)
    assert out.strip() == "the DatasetWriter is closed"


def test_closing_the_generator_during_a_writer_shard(mnist_dir, tmp_path) -> None:
    out = run_isolated(WRITER_CASE.format(close="gen.close()\ngen.close()"), tmp_path)
    assert out.strip() == "the DatasetWriter is closed (its Generator was closed)"


def test_a_progress_callback_that_closes_the_generator(mnist_dir, tmp_path) -> None:
    out = run_isolated(
        """
        gen = mnistseq.Generator(DATA)
        calls = []

        def progress(done, total):
            calls.append(done)
            gen.close()  # the library goes on with the job after this

        info = gen.generate_dataset("out", 300, None, (0, 4), 200, seed=5,
                                    shard_size=100, threads=1, progress=progress)
        assert info.count == 300 and len(calls) >= 3
        assert gen._ds is None  # released once the job returned
        with mnistseq.Generator(DATA) as other:
            other.generate_dataset("ref", 300, None, (0, 4), 200, seed=5,
                                   shard_size=100)
        for name in sorted(os.listdir("ref")):
            with open(os.path.join("out", name), "rb") as a, \\
                    open(os.path.join("ref", name), "rb") as b:
                assert a.read() == b.read(), name
        try:
            gen.generate_dataset("more", 10, None, (0, 4), 200)
        except ClosedError as exc:
            print(exc)
        """,
        tmp_path,
    )
    assert out.strip() == "the Generator is closed"


def test_writers_and_generators_in_any_close_order(mnist_dir, tmp_path) -> None:
    out = run_isolated(
        """
        spec = mnistseq.DatasetSpec.make("out", 30, "12", (0, 0), 60, shard_size=10)
        # the writer keeps its otherwise unreferenced Generator alive
        writer = mnistseq.DatasetWriter(mnistseq.Generator(DATA), spec)
        gc.collect()
        assert writer.shard_count == 3
        handle = writer._gen._dataset
        del writer
        gc.collect()
        assert handle.closed and handle.value is None  # both freed
        for order in ("writer first", "generator first"):
            gen = mnistseq.Generator(DATA)
            w = mnistseq.DatasetWriter(gen, spec)
            a, b = (w, gen) if order == "writer first" else (gen, w)
            a.close(); b.close(); a.close(); b.close()
            assert gen._ds is None and w.closed
            for call in (lambda: w.begin(), lambda: w.shard_range(0),
                         lambda: w.manifest_text, lambda: w.write_shard(0),
                         lambda: w.finish(), lambda: w.__enter__()):
                try:
                    call()
                except ClosedError as exc:
                    assert str(exc).startswith("the DatasetWriter is closed"), exc
                else:
                    raise AssertionError("writer used after close")
            try:
                mnistseq.DatasetWriter(gen, spec)
            except ClosedError as exc:
                assert str(exc) == "the Generator is closed"
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


def test_clear_cache_while_other_threads_generate(tmp_path) -> None:
    # the shared Generators of generate_mnist_sequence are closed under
    # threads that use them: every call still succeeds with the right image
    small_dataset(tmp_path / "data", count=50)
    out = run_isolated(
        """
        data = "data"
        expected = {w: mnistseq.generate_mnist_sequence("0123456789" * 3, (0, 3), w,
                                                        seed=w, data=data)
                    for w in range(300, 310)}
        stop = time.monotonic() + 1.5
        errors, done = [], [0]

        def work():
            try:
                while time.monotonic() < stop:
                    for w, image in expected.items():
                        got = mnistseq.generate_mnist_sequence(
                            "0123456789" * 3, (0, 3), w, seed=w, data=data)
                        assert np.array_equal(got, image), w
                        done[0] += 1
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        clears = 0
        while any(t.is_alive() for t in threads):
            mnistseq.clear_cache()
            clears += 1
            time.sleep(0.002)
        assert not errors, repr(errors[0])
        assert done[0] > 20 and clears > 20, (done, clears)
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


def test_handle_frees_once_after_the_last_use() -> None:
    from mnistseq._handle import Handle

    freed = []
    parent = Handle("ds", freed.append, "Generator")
    child = Handle("writer", freed.append, "DatasetWriter", parent)
    with parent as value:
        assert value == "ds"
        with child as inner:
            assert inner == "writer"
            parent.close()  # closes the child too; both are in use
            parent.close()
            assert parent.closed and child.closed and freed == []
            with pytest.raises(mnistseq.ClosedError, match="^the Generator is closed$"):
                parent.enter()
            message = r"^the DatasetWriter is closed \(its Generator was closed\)$"
            with pytest.raises(mnistseq.ClosedError, match=message):
                child.enter()
        assert freed == ["writer"]  # the child's last use ended
    assert freed == ["writer", "ds"]  # then the parent's, and the child's hold
    assert parent.value is None and child.value is None
    with pytest.raises(mnistseq.ClosedError):
        Handle("late", freed.append, "DatasetWriter", parent)
    assert freed == ["writer", "ds"]
    # a child closed alone stops holding its parent
    parent = Handle("ds2", freed.append, "Generator")
    Handle("w2", freed.append, "DatasetWriter", parent).close()
    parent.close()
    assert freed[2:] == ["w2", "ds2"]
