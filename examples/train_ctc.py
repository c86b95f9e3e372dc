#!/usr/bin/env python3
"""Train a small CTC recogniser on augmented digit strings, test it on clean ones.

    /usr/bin/python3 train_ctc.py [--steps 600] [--batch 32]

The training items are random sequences of 3 to 5 digits from the MNIST
train split, gaps -2 to 10 pixels (neighbours may touch), width 160, with
the ``medium`` augmentation preset: every digit rotated, slanted, scaled,
shifted and thickened or thinned by its own draw. The test items are
sequences of the MNIST test split (writers the model never saw), without
augmentation. The model is a small convolutional network: two 2-D convolution blocks, then
1-D convolutions over the image's columns and a CTC head over 11 classes
(the ten digits and the blank).

Writes ``train-report.json`` in the current folder: the parameters, the
mean CTC loss of the first and last 50 steps, and on the test items the
sequence accuracy and the character error rate (edit distance over
length) of greedy decoding. Runs on the CPU in a few minutes.
"""

import argparse
import json
from typing import List, Sequence

import torch
from torch import nn
from torch.utils.data import DataLoader

from mnistseq.torch import SequenceDataset

BLANK = 10


class Recogniser(nn.Module):
    """(N, 1, 28, W) images -> (W / 4, N, 11) log-probabilities: two
    convolution blocks, then a small network over the columns (each column
    sees its neighbours through a 1-D convolution)."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.columns = nn.Sequential(
            nn.Conv1d(32 * 7, 128, 3, padding=1), nn.ReLU(),
            nn.Conv1d(128, 128, 3, padding=1), nn.ReLU(),
            nn.Conv1d(128, BLANK + 1, 1))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.features(1.0 - images)  # ink 1, paper 0
        x = self.columns(x.flatten(1, 2))  # batch, classes, columns
        return x.permute(2, 0, 1).log_softmax(2)


def targets(labels: Sequence[str]) -> torch.Tensor:
    return torch.tensor([int(c) for label in labels for c in label])


def greedy(log_probs: torch.Tensor) -> List[str]:
    """Best path: the most likely class per column, repeats merged, blanks dropped."""
    decoded = []
    for path in log_probs.argmax(2).T.tolist():
        text, last = [], BLANK
        for c in path:
            if c != last and c != BLANK:
                text.append(str(c))
            last = c
        decoded.append("".join(text))
    return decoded


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--test", type=int, default=500, help="test items")
    opts = parser.parse_args()
    torch.manual_seed(0)

    # [readme:train]
    train = SequenceDataset(opts.steps * opts.batch, 160, spacing_range=(-2, 10),
                            length_range=(3, 5), preset="medium", seed=1)
    test = SequenceDataset(opts.test, 160, spacing_range=(0, 10), length_range=(3, 5),
                           split="test", seed=2)
    # [end]
    loader = DataLoader(train, batch_size=opts.batch, shuffle=True, num_workers=1)
    model = Recogniser()
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    ctc = nn.CTCLoss(blank=BLANK, zero_infinity=True)
    losses = []
    model.train()
    for images, labels in loader:
        log_probs = model(images)
        loss = ctc(log_probs, targets(labels),
                   torch.full((len(labels),), log_probs.shape[0], dtype=torch.long),
                   torch.tensor([len(s) for s in labels]))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        if len(losses) % 100 == 0:
            print(f"step {len(losses)}: CTC loss {sum(losses[-100:]) / 100:.3f}")

    model.eval()
    right = errors = chars = 0
    with torch.no_grad():
        for images, labels in DataLoader(test, batch_size=100):
            for got, want in zip(greedy(model(images)), labels):
                right += got == want
                errors += edit_distance(got, want)
                chars += len(want)
    report = dict(
        steps=len(losses), batch=opts.batch, train=dict(preset="medium", spacing=[-2, 10],
                                                         lengths=[3, 5], split="train"),
        first_loss=sum(losses[:50]) / len(losses[:50]),
        last_loss=sum(losses[-50:]) / len(losses[-50:]),
        test_items=opts.test, sequence_accuracy=right / opts.test,
        character_error_rate=errors / chars)
    print(json.dumps(report, indent=1))
    with open("train-report.json", "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":  # DataLoader workers import this file without running it
    main()
