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

# The presets side by side: the same four samples under each.
for preset in none light medium heavy; do
    sheet "preset-$preset" --rows 4 --cols 1 --preset "$preset"
done

# The exact labels: ink boxes (red), glyph cells (blue), masks in colour.
sheet labels --rows 2 --cols 3 --preset medium --boxes --cells --masks
