#!/bin/sh
# Makes the README's gallery (docs/gallery/*.png) with mnistseq-cli preview:
# one row of samples per augmentation module, the presets side by side, and
# the exact labels (ink boxes, glyph cells, instance masks) drawn in colour.
# Every picture is a pure function of the options below and the MNIST
# training split, so running this again gives the same files.
#
# usage: docs/gallery/make_gallery.sh [CLI]
#   CLI  the mnistseq-cli to run (default: mnistseq-cli on PATH); the data
#        is found as the CLI finds it (MNISTSEQ_DATA, or --data in
#        MNISTSEQ_GALLERY_DATA).
set -eu

cli=${1:-mnistseq-cli}
out=$(cd "$(dirname "$0")" && pwd)
data=${MNISTSEQ_GALLERY_DATA:+--data $MNISTSEQ_GALLERY_DATA}

# The same samples in every picture: sequences of 3 to 5 digits, seed 3.
common="--width 150 --min-spacing -2 --max-spacing 4 --min-length 3
        --max-length 5 --seed 3 --split train"

sheet() {
    name=$1
    shift
    # shellcheck disable=SC2086
    "$cli" preview -o "$out/$name.png" $data $common "$@"
}

# One row per module, each at a strong setting so that it shows.
sheet module-none --rows 1 --cols 4
sheet module-rotate --rows 1 --cols 4 --rotate 25
sheet module-shear --rows 1 --cols 4 --shear 30
sheet module-digit-scale --rows 1 --cols 4 --digit-scale 0.3
sheet module-aspect --rows 1 --cols 4 --aspect 0.4
sheet module-shift-y --rows 1 --cols 4 --shift-y 4
sheet module-thickness --rows 1 --cols 4 --thickness 1.5
sheet module-elastic --rows 1 --cols 4 --elastic-alpha 34 --elastic-sigma 4
# The baseline along the sequence: a slope and a sine wave, per image.
sheet module-baseline --rows 1 --cols 4 --baseline-slope 3 \
    --wave-amplitude 3 --wave-period 80
# The whole image.
sheet module-noise --rows 1 --cols 4 --noise-std 0.15
sheet module-salt-pepper --rows 1 --cols 4 --salt-pepper 0.05
sheet module-blur --rows 1 --cols 4 --blur-sigma 1.2
sheet module-contrast --rows 1 --cols 4 --contrast 0.6 --brightness 0.2
sheet module-gamma --rows 1 --cols 4 --gamma 0.8
sheet module-levels --rows 1 --cols 4 --ink-level 0.5 --paper-level 0.3
sheet module-gradient --rows 1 --cols 4 --background gradient \
    --background-strength 0.5
sheet module-texture --rows 1 --cols 4 --background texture \
    --background-strength 0.5
# A user's picture as the paper: here a contact sheet of other digits
# (clutter, as on a form; any PNG will do), cropped at random, at most 40%
# as dark as itself.
picture=$(mktemp -d)
trap 'rm -rf "$picture"' EXIT
# shellcheck disable=SC2086
"$cli" preview -o "$picture/paper.png" $data --rows 4 --cols 4 --width 120 \
    --seed 11 --rotate 30
sheet module-picture --rows 1 --cols 4 --background-image \
    "$picture/paper.png" --background-strength 0.4
# The output geometry: 32 rows with 2-pixel margins, as CRNN models take.
sheet module-height --rows 1 --cols 4 --height 32 --margin-x 2 --margin-y 2

# The presets side by side: the same four samples under each.
for preset in none light medium heavy; do
    sheet "preset-$preset" --rows 4 --cols 1 --preset "$preset"
done

# The exact labels: ink boxes (red), glyph cells (blue), masks in colour.
sheet labels --rows 2 --cols 3 --preset medium --boxes --cells --masks

# One hand per image, when QMNIST's extended labels of the test split are
# named by MNISTSEQ_GALLERY_QMNIST (a qmnist-test-labels-idx2-int.gz): six
# rows of 0123456789, each row written by one person.
if [ -n "${MNISTSEQ_GALLERY_QMNIST:-}" ]; then
    # shellcheck disable=SC2086
    "$cli" preview -o "$out/same-writer.png" $data --split test \
        --writer same --writers "$MNISTSEQ_GALLERY_QMNIST" \
        --sequence 0123456789 --width 300 --rows 6 --cols 1
fi

# One style per image without writer labels: six rows of 0123456789, each
# from one style cluster (slant and stroke width) of the training split.
# shellcheck disable=SC2086
"$cli" preview -o "$out/same-style.png" $data --split train \
    --style consistent --sequence 0123456789 --width 300 --rows 6 --cols 1

# Templates: phone numbers, dates, times and amounts, with their separators
# drawn, each character's ink box outlined.
for t in "phone:(###) ###-####" "date:{date DD/MM/YYYY}" \
    "time:{time HH:MM}" "amount:{amount 0..99999.99}"; do
    # shellcheck disable=SC2086
    "$cli" preview -o "$out/template-${t%%:*}.png" $data --split train \
        --template "${t#*:}" --width 330 --min-spacing 0 --max-spacing 5 \
        --rows 2 --cols 2 --seed 3 --boxes
done
