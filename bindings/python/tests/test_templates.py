"""Templates and texts from Python: ``Template`` (grammar errors with the
column, counts, uniform and unique texts) and ``Generator.generate_text``
(per-character labels, digits-only text, errors before writing)."""

from __future__ import annotations

import pathlib
import pickle
import re

import numpy as np
import pytest

import mnistseq


def test_template_counts_and_samples() -> None:
    t = mnistseq.Template("0##-####-####")
    assert t.count == 10**10
    assert t.max_length == 13
    text = t.sample(7, seed=3)
    assert re.fullmatch(r"0\d\d-\d{4}-\d{4}", text)
    assert t.sample(7, seed=3) == text
    assert sum(t.sample(i, seed=3) == t.sample(i, seed=4) for i in range(50)) < 2
    assert pickle.loads(pickle.dumps(t)).sample(7, seed=3) == text
    dates = mnistseq.Template("{date DD/MM/YYYY 2000..2000}")
    assert dates.count == 366
    for i in range(200):
        d, m, y = map(int, dates.sample(i, seed=1).split("/"))
        assert y == 2000 and 1 <= m <= 12 and 1 <= d <= 31


def test_unique_texts_cover_the_space() -> None:
    t = mnistseq.Template("{time HH:MM}")
    texts = {t.sample(i, seed=9, unique=True) for i in range(1440)}
    assert len(texts) == 1440
    with pytest.raises(mnistseq.OutOfRangeError, match="1440 distinct texts"):
        t.sample(1440, seed=9, unique=True)


@pytest.mark.parametrize(
    "template, pattern",
    [
        ("##x", r"template column 3: 'x'"),
        ("{date DD/MM/YYYY", r"column 1: '\{' is never closed"),
        ("{amount 9..1}", r"column 9: amount range '9\.\.1'"),
        ("#é", r"template column 2: 'é' is not ASCII"),
    ],
)
def test_template_errors_name_the_column(template: str, pattern: str) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match=pattern):
        mnistseq.Template(template)


def test_template_type_errors() -> None:
    with pytest.raises(TypeError, match="template must be a str"):
        mnistseq.Template(5)  # type: ignore[arg-type]


def test_generate_text_labels_every_character(gen: mnistseq.Generator) -> None:
    t = mnistseq.Template("(###) ###-####")
    s = gen.generate_text(t, (1, 5), 420, seed=2, index=11, dtype="uint8")
    assert s.text == t.sample(11, seed=2)
    assert s.digits == re.sub(r"\D", "", s.text)
    assert len(s.placements) == len(s.boxes) == len(s.text) == 14
    codes = [int(c) if c.isdigit() else ord(c) for c in s.text]
    assert s.placements["label"].tolist() == codes
    assert s.is_digit.tolist() == [c.isdigit() for c in s.text]
    assert (s.placements["source_index"][~s.is_digit] == -1).all()
    assert (s.placements["source_index"][s.is_digit] >= 0).all()
    # The space (position 5) owns nothing; every other character has ink,
    # and every mask pixel lies in its character's box.
    assert s.boxes[5].tolist() == (0, 0, 0, 0)
    assert not (s.mask == 6).any()
    ink = s.image != 255
    assert ((s.mask != 0) == ink).all()
    for i in range(len(s.text)):
        if s.text[i] == " ":
            continue
        ys, xs = np.nonzero(s.mask == i + 1)
        b = s.boxes[i]
        assert len(xs) > 0
        assert b["x_begin"] == xs.min() and b["x_end"] == xs.max() + 1
        assert b["y_begin"] == ys.min() and b["y_end"] == ys.max() + 1


def test_digits_only_text_is_the_annotated_image(gen: mnistseq.Generator) -> None:
    a = gen.generate_annotated("31415", (0, 8), 160, seed=5, index=3)
    s = gen.generate_text("31415", (0, 8), 160, seed=5, index=3)
    assert np.array_equal(a.image, s.image)
    assert np.array_equal(a.mask, s.mask)
    assert np.array_equal(a.boxes, s.boxes)
    assert np.array_equal(a.placements, s.placements)


def test_generate_text_errors(gen: mnistseq.Generator) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match="text character 3 is 'x'"):
        gen.generate_text("12x", (0, 4), 200, seed=1)
    with pytest.raises(mnistseq.InvalidArgumentError, match="only spaces"):
        gen.generate_text("  ", (0, 4), 200, seed=1)
    with pytest.raises(mnistseq.InvalidArgumentError, match="'.' at position 2"):
        gen.generate_text("1.2", (-8, 0), 200, seed=1)
    with pytest.raises(TypeError, match="unique applies to a Template"):
        gen.generate_text("12", (0, 4), 200, seed=1, unique=True)
    out = np.full((28, 200), 7, np.uint8)
    with pytest.raises(mnistseq.InvalidArgumentError):
        gen.generate_text("1x", (0, 4), 200, seed=1, out=out, dtype="uint8")
    assert (out == 7).all()


def test_batches_draw_template_texts(gen: mnistseq.Generator) -> None:
    t = mnistseq.Template("{date DD.MM.YY}")
    b = gen.generate_batch(8, None, (0, 4), 300, seed=6, first_index=2, template=t,
                           dtype="uint8", annotate=True, unique=True)
    assert b.placements.shape == (8, t.max_length)
    for i in range(8):
        text = t.sample(2 + i, seed=6, unique=True)
        assert b.labels[i] == text
        one = gen.generate_text(text, (0, 4), 300, seed=6, index=2 + i, dtype="uint8")
        assert np.array_equal(b.images[i], one.image)
        assert np.array_equal(b.masks[i], one.mask)
    # The template was for that call only: the next batch draws digits.
    plain = gen.generate_batch(2, None, (0, 4), 300, seed=6, dtype="uint8")
    assert all(label.isdigit() for label in plain.labels)
    with pytest.raises(mnistseq.InvalidArgumentError, match="digits given with a template"):
        gen.generate_batch(2, "12", (0, 4), 300, seed=6, template=t)
    with pytest.raises(TypeError, match="template must be a Template"):
        gen.generate_batch(2, None, (0, 4), 300, seed=6, template="##")  # type: ignore[arg-type]
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.generate_batch(2, None, (0, 4), 300, seed=6, first_index=36524, unique=True,
                           template=mnistseq.Template("{date DD/MM/YYYY}"))


def test_dataset_of_template_texts(gen: mnistseq.Generator, tmp_path: pathlib.Path) -> None:
    t = mnistseq.Template("{amount 0..999.99}")
    info = gen.generate_dataset(tmp_path / "amounts", 12, None, (0, 5), 300, seed=3,
                                template=t, unique=True)
    assert info.manifest["template"] == "{amount 0..999.99}"
    rows = (tmp_path / "amounts" / "labels.csv").read_text().splitlines()
    assert rows[0].endswith(",digits")
    for i, row in enumerate(rows[1:]):
        text = t.sample(i, seed=3, unique=True)
        assert row.startswith(f'{i:09d}.png,"{text}",')
        assert row.endswith(',"' + text.replace(",", "").replace(".", "") + '"')
    assert mnistseq.verify_dataset(tmp_path / "amounts") == []
    with pytest.raises(mnistseq.OutOfRangeError, match="100 distinct texts"):
        gen.generate_dataset(tmp_path / "x", 101, None, (0, 5), 300, seed=3,
                             template=mnistseq.Template("##"), unique=True)
    assert not (tmp_path / "x").exists()


def test_non_ascii_and_nul_are_refused_naming_the_position(gen: mnistseq.Generator) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match="text character 2: 'é' is not ASCII"):
        gen.generate_text("1é", (0, 4), 200, seed=1)
    with pytest.raises(mnistseq.InvalidArgumentError, match="template column 3: a NUL"):
        mnistseq.Template("##\0")
