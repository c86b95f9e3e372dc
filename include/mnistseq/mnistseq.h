/*
 * mnistseq: images of handwritten digit sequences made from MNIST.
 *
 * This is the library's one public header. It is C99, every public name
 * starts with mseq_ or MSEQ_, and every function is documented here, where it
 * is declared.
 *
 * Conventions (see also README.md):
 *
 *  - Every function that can fail returns int: 0 (MSEQ_OK) on success or a
 *    negative MSEQ_E* code. Codes are fixed and never renumbered.
 *    mseq_strerror() names a code; mseq_last_error() gives the detail of the
 *    last failure on the calling thread ("t10k-images-idx3-ubyte: truncated:
 *    header says 10000 images, file holds 9873").
 *  - Output parameters come first (as in libgit2). Output buffers are
 *    allocated by the caller after a size query (as in libspng); a buffer
 *    that is too small is an error, never an overflow.
 *  - A failed call leaves its output parameters untouched unless documented
 *    otherwise, and never leaves a partial file behind.
 *  - Handles are opaque. mseq_free(NULL) and mseq_params_free(NULL) are
 *    no-ops. A dataset handle is immutable after mseq_open() and may be used
 *    by any number of threads at once. A params object may be read by many
 *    threads at once but must not be modified while another thread uses it.
 *  - Options are set through mseq_params_set() with fixed enum keys, so the
 *    ABI never depends on a struct layout that may grow.
 *  - Randomness is counter-based: an image is a pure function of (data,
 *    parameters, seed, index), identical on every platform and for every
 *    thread count.
 *
 * Thread safety: every function is safe to call from several threads at
 * once, subject to the handle rules above.
 */
#ifndef MNISTSEQ_H
#define MNISTSEQ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Export macro
 * ---------------------------------------------------------------------- */
#if defined(MNISTSEQ_STATIC)
#define MSEQ_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#define MSEQ_API __attribute__((visibility("default")))
#else
#define MSEQ_API
#endif

/* ------------------------------------------------------------------------
 * Version
 * ---------------------------------------------------------------------- */
#define MSEQ_VERSION_MAJOR 1
#define MSEQ_VERSION_MINOR 0
#define MSEQ_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 10000 for 1.0.0. */
#define MSEQ_VERSION_NUMBER \
    (MSEQ_VERSION_MAJOR * 10000 + MSEQ_VERSION_MINOR * 100 + MSEQ_VERSION_PATCH)
#define MSEQ_STRINGIFY_(x) #x
#define MSEQ_STRINGIFY(x) MSEQ_STRINGIFY_(x)
/* clang-format off */
/** "1.0.0" */
#define MSEQ_VERSION_STRING                \
    MSEQ_STRINGIFY(MSEQ_VERSION_MAJOR) "." \
    MSEQ_STRINGIFY(MSEQ_VERSION_MINOR) "." \
    MSEQ_STRINGIFY(MSEQ_VERSION_PATCH)
/* clang-format on */

/** The version of the library actually loaded, as MSEQ_VERSION_NUMBER.
 *  Compare its major part (value / 10000) with MSEQ_VERSION_MAJOR to detect
 *  a header/library mismatch. Never fails. */
MSEQ_API unsigned mseq_version_number(void);

/** The version of the library actually loaded, as "MAJOR.MINOR.PATCH".
 *  Static storage; never NULL. */
MSEQ_API const char *mseq_version_string(void);

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */
/** Return codes. Values are part of the ABI and never change. */
typedef enum mseq_error {
    MSEQ_OK = 0,
    MSEQ_EINVAL = -1,     /**< an argument is invalid (NULL, out of its domain,
                               min_spacing > max_spacing, ...) */
    MSEQ_ENOMEM = -2,     /**< memory could not be allocated */
    MSEQ_ENOTFOUND = -3,  /**< data files not found (since 1.1 also: a PNG
                               text chunk, mseq_read_png_text) */
    MSEQ_EIO = -4,        /**< a file could not be read, written or renamed */
    MSEQ_EFORMAT = -5,    /**< a data file is malformed (magic, dimensions,
                               counts, labels, truncation, trailing bytes);
                               since 1.1 also a file that is not a PNG
                               (mseq_read_png_text) */
    MSEQ_EBUFSIZE = -6,   /**< a caller buffer is too small */
    MSEQ_ENOFIT = -7,     /**< the sequence cannot fit the width under the
                               chosen fit policy (strict or exact) */
    MSEQ_ERANGE = -8,     /**< a size is beyond a documented limit (MSEQ_MAX_*)
                               or its arithmetic would overflow */
    MSEQ_EEXIST = -9,     /**< an output exists and differs (dataset writer
                               without force) */
    MSEQ_EINTERNAL = -10, /**< a bug: please report it */
    MSEQ_ECANCELED = -11  /**< a progress callback asked to stop (dataset
                               writer); what was complete is kept */
} mseq_error;

/** A short, static description of an error code ("invalid argument").
 *  Unknown codes give "unknown error". Never NULL. */
MSEQ_API const char *mseq_strerror(int code);

/** The detailed message of the last failed call on this thread, naming the
 *  argument or file at fault. "" if no call on this thread has failed yet.
 *  The string is thread-local and stays valid until the next mseq_ call on
 *  the same thread. Never NULL. Successful calls do not clear it. */
MSEQ_API const char *mseq_last_error(void);

/* ------------------------------------------------------------------------
 * Limits: enforced so that no size arithmetic can overflow
 * ---------------------------------------------------------------------- */
#define MSEQ_MAX_WIDTH 65536     /**< largest image width, in pixels */
#define MSEQ_MAX_DIGITS 1024     /**< longest digit sequence */
#define MSEQ_MAX_SPACING 65536   /**< largest gap between two digits */
#define MSEQ_MAX_GLYPH_SIDE 1024 /**< largest glyph height or width in IDX */
#define MSEQ_MAX_BATCH 16777216  /**< largest batch count (2^24) */
#define MSEQ_MAX_THREADS 1024    /**< largest MSEQ_PARAM_THREADS */
/** Most images (and labels) in one split of IDX data (2^24). */
#define MSEQ_MAX_GLYPHS 16777216
/** Most memory, in bytes, that an opened split may need (4 GiB): a split of
 *  count glyphs of rows x cols pixels needs at most
 *  count * (2 * rows * cols + 17) bytes (see mseq_open()). */
#define MSEQ_MAX_DATA_MEMORY UINT64_C(4294967296)
/** Most pictures of mseq_params_set_background_images() (since 1.1). */
#define MSEQ_MAX_BACKGROUND_IMAGES 1024
/** Most pixels of one such picture (2^26, since 1.1). */
#define MSEQ_MAX_BACKGROUND_PIXELS 67108864

/* ------------------------------------------------------------------------
 * Source data
 * ---------------------------------------------------------------------- */
/** The source data: one opened split of IDX digit files (MNIST or
 *  compatible). "Dataset" in this library means the folder the dataset
 *  writer makes; the 1.0 name of this handle, mseq_dataset, stays. */
typedef struct mseq_dataset mseq_dataset;

/** Which half of the source data the digit images come from. Training and test
 *  sequences built from different splits never share a source digit. */
typedef enum mseq_split {
    MSEQ_SPLIT_TRAIN = 0, /**< train-images/train-labels (60,000 in MNIST) */
    MSEQ_SPLIT_TEST = 1   /**< t10k-images/t10k-labels (10,000 in MNIST) */
} mseq_split;

/** Open one split of IDX source data.
 *
 *  @param out    receives the new handle on success; untouched on failure.
 *  @param path   a directory holding the IDX files, or NULL for the default
 *                lookup: the MNISTSEQ_DATA environment variable, then the
 *                installed data (share/mnistseq), then the build tree's.
 *                Files are found under either usual name
 *                (train-images-idx3-ubyte or train-images.idx3-ubyte, and the
 *                same for labels and t10k), raw or gzip-compressed (.gz).
 *  @param split  MSEQ_SPLIT_TRAIN or MSEQ_SPLIT_TEST.
 *  @return 0; MSEQ_EINVAL (out NULL, bad split), MSEQ_ENOTFOUND (no files),
 *          MSEQ_EIO (a file cannot be opened or read, or is not a regular
 *          file: a FIFO, device, directory or socket is refused),
 *          MSEQ_EFORMAT (bad magic, dimensions, counts, label > 9,
 *          truncation, trailing bytes, image/label count mismatch),
 *          MSEQ_ERANGE (a header announces more than MSEQ_MAX_GLYPHS images
 *          or labels, or images needing more than MSEQ_MAX_DATA_MEMORY),
 *          MSEQ_ENOMEM.
 *  The whole split is read and validated here; later calls never touch the
 *  files. Each file is opened once, without blocking, and read through
 *  that one descriptor. Free the handle with mseq_free(). Since 1.1 the
 *  split's QMNIST extended labels are read too when the folder holds them
 *  (the writer of every glyph, for MSEQ_WRITER_SAME; see mseq_open_ext()),
 *  with its errors.
 *
 *  Memory: the handle holds the pixels, the labels, a 4-byte class index
 *  entry per image and, for glyphs of 64 pixels or more, the glyphs cropped
 *  to their ink with a 12-byte box each: at most count * (2 * rows * cols +
 *  17) bytes, which must not exceed MSEQ_MAX_DATA_MEMORY, and at most 3
 *  bytes per byte of IDX content (of both files; a .gz file's content is
 *  its decompressed bytes), plus well under a megabyte while the files are
 *  read. The limits are checked on the headers, before the rest of a file
 *  is read; then memory grows with the content actually read, never with
 *  what a header only announces. */
MSEQ_API int mseq_open(mseq_dataset **out, const char *path, mseq_split split);

/** Options of mseq_open_ext() (since 1.1). Initialise with
 *  MSEQ_OPEN_OPTIONS_INIT, then set the fields wanted. */
typedef struct mseq_open_options {
    /** MSEQ_OPEN_OPTIONS_VERSION: the layout of this structure. */
    unsigned int version;
    /** QMNIST's extended labels of the split (see MSEQ_WRITER_SAME), raw
     *  or .gz, or NULL (the default) to take them from the data folder
     *  when they are there. */
    const char *writers;
} mseq_open_options;

#define MSEQ_OPEN_OPTIONS_VERSION 1
#define MSEQ_OPEN_OPTIONS_INIT \
    { MSEQ_OPEN_OPTIONS_VERSION, NULL }

/** mseq_open() with options (since 1.1): `options` NULL is mseq_open().
 *
 *  Writers: without options.writers, the data folder's
 *  qmnist-train-labels-idx2-int or qmnist-test-labels-idx2-int (raw or
 *  .gz; the split's own) is read when present, by mseq_open() too; with
 *  it, that file is read and must belong to the split. The file's class
 *  column must agree with the IDX labels row for row (train: exactly
 *  60,000 rows for MNIST's 60,000 images; test: at least as many rows as
 *  images, the first ones MNIST's).
 *
 *  @return as mseq_open(), and MSEQ_EINVAL (options.version not
 *          MSEQ_OPEN_OPTIONS_VERSION, options.writers empty), MSEQ_EIO
 *          (the writers file cannot be read), MSEQ_EFORMAT (the writers
 *          file is not QMNIST's extended labels of this split: wrong magic,
 *          column count, row count, truncation, trailing bytes, a class
 *          disagreeing with the labels; the message names the file and the
 *          first disagreeing row). */
MSEQ_API int mseq_open_ext(mseq_dataset **out, const char *path,
                           mseq_split split, const mseq_open_options *options);

/** Release a handle from mseq_open(). NULL is a no-op. */
MSEQ_API void mseq_free(mseq_dataset *ds);

/** Glyph (digit image) size of the source data: 28 x 28 for MNIST. A
 *  generated image is glyph rows high unless MSEQ_PARAM_HEIGHT is set: ask
 *  mseq_image_shape() for its shape. */
MSEQ_API int mseq_glyph_size(uint32_t *rows, uint32_t *cols,
                             const mseq_dataset *ds);

/** The writer of glyph `glyph` (an mseq_placement's source_index) as
 *  (NIST HSF series << 32) | NIST writer id, from QMNIST's extended labels
 *  (see MSEQ_WRITER_SAME). Since 1.1.
 *  @return 0; MSEQ_EINVAL (NULL pointers, glyph not below the split's
 *          image count); MSEQ_ENOTFOUND when the data folder held no extended
 *          labels for the split. */
MSEQ_API int mseq_glyph_writer(uint64_t *writer, const mseq_dataset *ds,
                               uint32_t glyph);

/** Number of images of one class (digit 0-9), or of all classes with
 *  digit == -1. MSEQ_EINVAL for another digit or NULL pointers. */
MSEQ_API int mseq_class_count(size_t *count, const mseq_dataset *ds, int digit);

/** Paths of the images and labels files actually read. The strings belong to
 *  the handle and live as long as it does. */
MSEQ_API int mseq_dataset_files(const char **images, const char **labels,
                                const mseq_dataset *ds);

/** The SHA-256 of the IDX content the source data was loaded from (since
 *  1.1): of its images and of its labels, as read (a .gz file's
 *  decompressed bytes), as lower-case hex; the hashes a dataset manifest
 *  records. Computed from the data in memory on the first call (tens of
 *  milliseconds for MNIST's training images), then kept with the handle.
 *
 *  @param images_hex  room for 65 chars: 64 hex digits and a NUL.
 *  @param labels_hex  the same, for the labels.
 *  @param ds          the opened source data.
 *  @return 0; MSEQ_EINVAL (a NULL pointer). */
MSEQ_API int mseq_dataset_sha256(char *images_hex, char *labels_hex,
                                 const mseq_dataset *ds);

/* ------------------------------------------------------------------------
 * Parameters
 * ---------------------------------------------------------------------- */
/** A set of generation parameters, created with defaults. */
typedef struct mseq_params mseq_params;

/** Parameter keys. Values are part of the ABI and never change. */
typedef enum mseq_param {
    MSEQ_PARAM_MIN_SPACING = 1, /**< smallest gap in pixels,
                                     1 - MSEQ_MAX_GLYPH_SIDE..MSEQ_MAX_SPACING.
                                     Default 0. A negative gap makes two
                                     digits overlap (their inks composited
                                     by maximum); generation needs every gap
                                     above minus the glyph width (-28 for
                                     MNIST), else MSEQ_EINVAL */
    MSEQ_PARAM_MAX_SPACING = 2, /**< largest gap in pixels, bounds as
                                     MSEQ_PARAM_MIN_SPACING. Default 0. Each
                                     gap is uniform over [min, max],
                                     inclusive */
    MSEQ_PARAM_WIDTH = 3,       /**< image width, 1..MSEQ_MAX_WIDTH. Must be
                                     set: default 0 means "not set" and
                                     generation fails with MSEQ_EINVAL */
    MSEQ_PARAM_FIT = 4,         /**< an mseq_fit. Default MSEQ_FIT_PAD */
    MSEQ_PARAM_ALIGN = 5,       /**< an mseq_align. Default MSEQ_ALIGN_CENTER */
    MSEQ_PARAM_INVERT = 6,      /**< 0: black digits on white (default);
                                     1: white digits on black, as MNIST */
    MSEQ_PARAM_SEED = 7,        /**< any int64; its 64-bit pattern is the
                                     seed. Default 0 */
    MSEQ_PARAM_FORMAT = 8,      /**< an mseq_format. Default MSEQ_FORMAT_F32 */
    MSEQ_PARAM_MIN_LENGTH = 9,  /**< random sequences: shortest, 1..
                                     MSEQ_MAX_DIGITS. Default 1 */
    MSEQ_PARAM_MAX_LENGTH = 10, /**< random sequences: longest. Default 5 */
    /** random sequences: 1 = first digit never 0 (unless length 1).
     *  Default 0 */
    MSEQ_PARAM_NO_LEADING_ZERO = 11,
    MSEQ_PARAM_UNIQUE = 12,     /**< random sequences: 1 = no sequence
                                     repeats. The N distinct sequences with a
                                     length in [MIN_LENGTH, MAX_LENGTH] (and
                                     the leading-zero rule) are numbered by a
                                     seeded permutation of [0, N): indexes
                                     0..N-1 give N distinct sequences, each
                                     equally likely, so longer lengths are
                                     proportionally more frequent (lengths 1..2
                                     give N = 110, 100 of them of length 2).
                                     Which permutation: MSEQ_PARAM_UNIQUE_
                                     PERMUTATION. An index >= N is
                                     MSEQ_ERANGE; N above 2^63 is MSEQ_EINVAL
                                     (unique needs MAX_LENGTH <= 18).
                                     Default 0 */
    MSEQ_PARAM_THREADS = 13,    /**< batch threads, 0..MSEQ_MAX_THREADS;
                                     0 = all cores (default). A batch never
                                     uses more threads than images */
    MSEQ_PARAM_SHARD_SIZE = 14, /**< dataset writer: images per shard,
                                     1..MSEQ_MAX_BATCH. Default 10000 */
    MSEQ_PARAM_PNG_LEVEL = 15,  /**< dataset writer, png and tar outputs:
                                     -1 (default): zlib's run-length strategy
                                     and no row filter, fast and small on
                                     digit images; 0..9: libpng's standard
                                     encoding (adaptive row filters, zlib's
                                     default strategy) at that zlib level */

    /* Output geometry (since 1.1; MSEQ_GROUP_GENERATION). The image is
     * height x MSEQ_PARAM_WIDTH pixels; the strip of digits and gaps is
     * fitted into its inner area, (width - 2 * margin_x) columns by
     * (height - 2 * margin_y) rows, and the margins stay background. A
     * strip no wider and no taller than the inner area is drawn unscaled,
     * placed horizontally by MSEQ_PARAM_ALIGN and centred vertically (its
     * top row margin_y + floor((inner rows - glyph rows) / 2)). A strip too
     * wide or too tall is, under MSEQ_FIT_PAD, scaled down uniformly by
     * s = min(inner width / S, inner rows / glyph rows) with the exact area
     * average of mseq_fit: when the width binds (S * inner rows >= glyph
     * rows * inner width) to the inner width and round(glyph rows * inner
     * width / S) rows (at least 1), centred vertically in the inner area;
     * otherwise to the inner rows and round(S * inner rows / glyph rows)
     * columns (at least 1, at most S), placed horizontally in the inner
     * width by MSEQ_PARAM_ALIGN. MSEQ_FIT_STRICT and MSEQ_FIT_EXACT never
     * scale: a strip taller than the inner rows is MSEQ_ENOFIT. So height
     * 32 pads MNIST's 28-row digits with 2 rows above and below, and
     * height 16 shrinks them to 16 rows. All three at 0 (the default): the
     * images of 1.0, bit for bit. Placements and ink boxes are in image
     * pixels; the scale mseq_generate() reports is (float)s. A margin that
     * leaves no inner area (2 * margin >= the side) is MSEQ_EINVAL when
     * generating, naming the option. */
    MSEQ_PARAM_HEIGHT = 100,   /**< image height in pixels,
                                    0..MSEQ_MAX_GLYPH_SIDE; 0 (default): the
                                    glyph height (28 for MNIST) */
    MSEQ_PARAM_MARGIN_X = 101, /**< columns of background kept free on the
                                   left and on the right, 0..MSEQ_MAX_WIDTH.
                                   Default 0 */
    MSEQ_PARAM_MARGIN_Y = 102, /**< rows of background kept free above and
                                   below, 0..MSEQ_MAX_GLYPH_SIDE. Default 0 */

    /** an mseq_writer_choice (since 1.1): MSEQ_WRITER_SAME draws every
     *  digit of an image from one writer. Default MSEQ_WRITER_ANY */
    MSEQ_PARAM_WRITER = 103,

    /** random sequences with MSEQ_PARAM_UNIQUE (since 1.1;
     *  MSEQ_GROUP_GENERATION): an mseq_permutation, the seeded permutation
     *  of [0, N) that numbers the N distinct sequences. The default,
     *  MSEQ_PERMUTATION_UNIFORM, makes every order of the N sequences
     *  equally likely when N <= 2^16 (an exact shuffle), and is a 24-round
     *  Feistel network above; MSEQ_PERMUTATION_FEISTEL_1_0 is the
     *  permutation of 1.0 (a 6-round Feistel network), measurably
     *  non-uniform for small N, kept so that 1.0's unique sequences can be
     *  drawn again. A dataset folder's manifest records it as
     *  "unique_permutation" when unique is on, unless it is
     *  feistel_1_0: a manifest with unique on and no record of it (a folder
     *  begun by 1.0, or with feistel_1_0) is read as feistel_1_0, and the
     *  dataset writer resumes such a folder with feistel_1_0 even when this
     *  key is at its default. Default MSEQ_PERMUTATION_UNIFORM */
    MSEQ_PARAM_UNIQUE_PERMUTATION = 104,

    /** an mseq_style (since 1.1): MSEQ_STYLE_CONSISTENT draws every digit
     *  of an image from one style cluster, for data without writers.
     *  Default MSEQ_STYLE_ANY. Not with MSEQ_WRITER_SAME (MSEQ_EINVAL when
     *  generating, naming both) */
    MSEQ_PARAM_STYLE = 105,

    /* Augmentation, per digit (since 1.1; MSEQ_TYPE_F64, set with
     * mseq_params_set_f64()). Keys 200-205 are each the half-width v of a
     * uniform law: every digit draws its own value over [-v, v] (or a
     * factor over [1 - v, 1 + v]); the elastic field (206, 207) is drawn
     * per digit too. Every module draws from its own stream keyed by
     * (seed, index, module, digit), so switching one module on never
     * changes what another module, the glyph picks or the gaps draw. All
     * modules off (200-206 at 0, the default; elastic_sigma then does
     * nothing): the images of 1.0, bit for bit. A digit is transformed
     * inside its own cell (glyph rows x cols; ink moved outside the cell is
     * cut off, but a warp never erases a digit: one that would move all of
     * its ink out is drawn with its thickness change alone): stroke
     * thickness first, then one affine map about the
     * cell's centre (scale and aspect, then shear, then rotation, then the
     * vertical shift), then the elastic displacement, all three maps in one
     * bilinear resampling (output pixel p takes the thickened glyph's ink at
     * A^-1(p + d(p)), A the affine map, d the elastic field; no ink outside
     * the glyph), rounded half up to whole ink levels. That sample point is
     * computed in fixed point: the point for the cell's pixel (0, 0), the
     * steps of one column and of one row (the columns of A^-1's linear
     * part L) and each L d(p) are each rounded to the nearest multiple of
     * 2^-16 pixel, then summed exactly; the bilinear weights are the
     * point's fractional parts truncated to multiples of 1/256, so that the
     * ink is exact integer arithmetic (the same bytes on every platform).
     * The cells are then composited by maximum ink as for overlapping
     * digits. Cell placements (mseq_placement) do not move;
     * mseq_generate_annotated() gives the tight box and mask of each
     * digit's ink. */
    MSEQ_PARAM_ROTATE = 200,      /**< degrees, 0..180: each digit turns by
                                       an angle uniform over [-v, v],
                                       positive anticlockwise */
    MSEQ_PARAM_SHEAR = 201,       /**< degrees, 0..60: slant, a horizontal
                                       shear by an angle uniform over
                                       [-v, v], positive leaning right (the
                                       top moves right) */
    MSEQ_PARAM_DIGIT_SCALE = 202, /**< 0..0.9: each digit's size is
                                       multiplied by a factor uniform over
                                       [1 - v, 1 + v] */
    MSEQ_PARAM_ASPECT = 203,      /**< 0..0.9: each digit's width is then
                                       multiplied by a factor uniform over
                                       [1 - v, 1 + v] */
    MSEQ_PARAM_SHIFT_Y = 204,     /**< pixels, 0..MSEQ_MAX_GLYPH_SIDE: each
                                       digit moves down by an offset uniform
                                       over [-v, v] (fractional offsets are
                                       resampled) */
    MSEQ_PARAM_THICKNESS = 205,   /**< pixels, 0..4: each digit's strokes
                                       grow by t uniform over [-v, v]:
                                       grey-level dilation (t > 0) or erosion
                                       (t < 0) with weights
                                       clamp(|t| + 1 - d, 0, 1) at distance d
                                       (so t = 1 reaches the 4 neighbours
                                       fully; each weight taken as a
                                       multiple of 2^-16 and each weighted
                                       ink rounded half up, in exact
                                       integers); an erosion that would keep
                                       less than a quarter of the digit's ink
                                       is halved until it keeps that much
                                       (at most 4 times, then none), so a
                                       thin digit is never erased */

    /** pixels, 0..100: elastic distortion (Simard, Steinkraus and Platt
     *  2003) of strength alpha; 0 (default) off. Each digit draws a
     *  displacement field d = (dx, dy) over its cell: a noise value uniform
     *  over [-1, 1) for every cell pixel and axis (2u - 1 for 24-bit
     *  uniforms u, two from each 64-bit draw of the stream: its top 24 bits,
     *  then bits 8 to 31; the dx noise row by row, then the dy noise), each
     *  noise field convolved with a normalised Gaussian of standard
     *  deviation sigma (MSEQ_PARAM_ELASTIC_SIGMA), separably (rows, then
     *  columns), truncated at radius r = ceil(3 sigma): weights
     *  exp(-k^2 / (2 sigma^2)) for |k| <= r divided by their sum, with
     *  noise 0 outside the cell (so the field fades near the cell's edges),
     *  then multiplied by alpha; in single precision (the weights rounded
     *  to float, each sum w_0 v_0 then one fused multiply-add
     *  w_k (v_-k + v_k) per k = 1..r, in that order), the same bits on
     *  every platform. The usual MNIST values, alpha 34 and
     *  sigma 4, give a smooth wobble: away from the cell's edges each
     *  component of d has a root mean square of about 1.4 pixels, and
     *  neighbouring pixels move almost alike. The field grows linearly with
     *  alpha and shrinks about as 1 / sigma. */
    MSEQ_PARAM_ELASTIC_ALPHA = 206,
    /** pixels, 1..16, default 4: the smoothness of the elastic field (its
     *  Gaussian's standard deviation); used only when
     *  MSEQ_PARAM_ELASTIC_ALPHA is above 0. */
    MSEQ_PARAM_ELASTIC_SIGMA = 207,
    /* One knob for all of them (since 1.1). */
    MSEQ_PARAM_PRESET = 210,   /**< an mseq_preset: ranges for every
                                    per-digit module at once; a module
                                    set above 0 keeps its own value.
                                    Default MSEQ_PRESET_NONE */
    MSEQ_PARAM_STRENGTH = 211, /**< MSEQ_TYPE_F64, 0..1: every module's
                                   range (preset or own) is multiplied
                                   by it; 0 turns augmentation off.
                                   Default 1 */

    /* The baseline along the sequence (since 1.1; MSEQ_TYPE_F64): a
     * slope and a sine wave, as text generators such as trdg bend a line
     * of text. Each image draws its slope angle theta, the wave's
     * amplitude a and its phase phi, uniform over [0, 360) degrees, and
     * every digit j moves down by the baseline's height at the centre of
     * its cell:
     *     dy_j = -tan(theta) (x_j - S / 2) + a sin(360 x_j / P + phi)
     * pixels (the sine's argument in degrees), x_j the strip column of the
     * cell's centre (its first column + glyph cols / 2), S the strip's
     * width (digits and gaps, before fitting) and P the wavelength
     * (MSEQ_PARAM_WAVE_PERIOD): the slope turns the line of digits about
     * the strip's middle. dy_j is added to the digit's own vertical shift
     * (MSEQ_PARAM_SHIFT_Y) and applied exactly as it is, in the digit's one
     * resampling (fractional offsets are resampled; ink moved beyond the
     * cell's rows is cut off, so keep |dy| within the glyphs' blank rows,
     * about 4 for MNIST, for whole digits); like the cell, it is in strip
     * pixels, shrunk with the strip when it is fitted. The whole digit
     * moves, rather than each column (trdg's sine distortion shifts every
     * column): the wave bends the line of digits without bending the
     * digits themselves (shear and elastic_alpha do that), and the ink
     * boxes and masks of mseq_generate_annotated() describe the moved ink
     * exactly. Each module draws from its own stream keyed by (seed,
     * index, module), so switching one on changes no other draw; both off
     * (the default): the images as before, bit for bit. No preset sets
     * them (presets leave the baseline straight); MSEQ_PARAM_STRENGTH
     * scales both ranges, not the wavelength. */
    MSEQ_PARAM_BASELINE_SLOPE = 212, /**< degrees, 0..45: each image's
                                          baseline turns by theta uniform
                                          over [-v, v], positive
                                          anticlockwise (rising to the
                                          right, as MSEQ_PARAM_ROTATE).
                                          Default 0: level */
    MSEQ_PARAM_WAVE_AMPLITUDE = 213, /**< pixels, 0..MSEQ_MAX_GLYPH_SIDE:
                                          each image's wave has an
                                          amplitude a uniform over [0, v].
                                          Default 0: no wave */
    MSEQ_PARAM_WAVE_PERIOD = 214,    /**< pixels, 8..MSEQ_MAX_WIDTH: the
                                          wave's length P (not drawn, not
                                          scaled by MSEQ_PARAM_STRENGTH);
                                          used only when
                                          MSEQ_PARAM_WAVE_AMPLITUDE is above
                                          0. Default 160 (about six MNIST
                                          digits) */

    /* Augmentation of the whole image (since 1.1; MSEQ_TYPE_F64 but for
     * MSEQ_PARAM_BACKGROUND). Pixel values are on the 0..1 scale of
     * MSEQ_FORMAT_F32 (0 black, 1 white). Every module is off at 0 (the
     * default); all of them off: the images of 1.0, bit for bit (the
     * pipeline below is not even run). Each key is a range: the image
     * draws its own value, uniform over [0, v] ("largest") or over
     * [-v, v] around the identity (half-widths, as albumentations'
     * RandomBrightnessContrast and RandomGamma), from the module's own
     * stream keyed by (seed, index, module), so that switching one module
     * on never changes what another module, the glyph picks or the gaps
     * draw. MSEQ_PARAM_PRESET fills the keys left at 0 and
     * MSEQ_PARAM_STRENGTH scales every range (mseq_preset).
     *
     * Order. The digits are rendered as without these modules, with dark
     * ink on white paper (value v, before MSEQ_PARAM_INVERT), in single
     * precision; then, each step on the previous one's result:
     *  1. levels and background: v = I + v (P - I), I the ink's grey
     *     (MSEQ_PARAM_INK_LEVEL), P the paper's grey at that pixel
     *     (MSEQ_PARAM_PAPER_LEVEL, darkened by MSEQ_PARAM_BACKGROUND);
     *  2. contrast and brightness: v = (v - 0.5) c + (0.5 + b), clamped to
     *     [0, 1];
     *     (steps 1 and 2 in single precision: I, P - I, c and 0.5 + b are
     *     computed in double and rounded to float, then each pixel takes
     *     float operations in the order written, without fused
     *     multiply-add; the later steps in double, rounded to float);
     *  3. gamma: v = v^g (exp(g ln v), 0 stays 0);
     *  4. blur (MSEQ_PARAM_BLUR_SIGMA);
     *  5. Gaussian noise (MSEQ_PARAM_NOISE_STD), clamped to [0, 1];
     *  6. salt and pepper (MSEQ_PARAM_SALT_PEPPER), last;
     *  7. MSEQ_PARAM_INVERT: v = 1 - v (so the paper's grey and texture
     *     become dark and the ink light);
     * and the image is stored as F32, or as U8 round(v * 255) as in 1.0.
     * Transcendental functions are the library's own (the same bits on
     * every platform), and each image's draws are a function of (seed,
     * index) only: the bytes never depend on the thread count or the
     * platform. mseq_generate_annotated()'s boxes and mask describe the
     * digits' ink before these steps: they are the same with these
     * modules on or off. */
    /** 0..1: Gaussian noise. The image draws its standard deviation s
     *  uniform over [0, v]; every pixel then gets s z added, z standard
     *  normal (Marsaglia's polar method on the module's per-pixel stream:
     *  pairs u1, u2 = 2u - 1 of the stream's uniform draws, rejected when
     *  r = u1^2 + u2^2 is 0 or >= 1, else giving u1 f and u2 f with
     *  f = sqrt(-2 ln r / r); pixels row by row take the deviates in
     *  order), and the result is clamped to [0, 1]. As albumentations'
     *  GaussNoise(std_range=(0, v)) on a 0..1 image. */
    MSEQ_PARAM_NOISE_STD = 220,
    /** 0..1: salt and pepper. The image draws a fraction p uniform over
     *  [0, v]; each pixel, independently, draws u uniform over [0, 1):
     *  u < p / 2 makes it black (0), p / 2 <= u < p white (1). */
    MSEQ_PARAM_SALT_PEPPER = 221,
    /** pixels, 0..8: Gaussian blur. The image draws sigma uniform over
     *  [0, v] (0: no blur) and is convolved with the normalised Gaussian
     *  of that sigma truncated at radius r = ceil(3 sigma) (weights
     *  exp(-k^2 / (2 sigma^2)) for |k| <= r divided by their sum, as
     *  MSEQ_PARAM_ELASTIC_SIGMA's), along rows then columns, the edge
     *  pixels repeated outside the image. As torchvision's
     *  GaussianBlur(sigma=(0, v)). */
    MSEQ_PARAM_BLUR_SIGMA = 222,
    /** 0..1: contrast, the half-width of the factor c uniform over
     *  [1 - v, 1 + v] that scales the distance to mid-grey 0.5. */
    MSEQ_PARAM_CONTRAST = 223,
    /** 0..1: brightness, the half-width of the offset b uniform over
     *  [-v, v] added to every pixel (albumentations' brightness_limit with
     *  brightness_by_max). */
    MSEQ_PARAM_BRIGHTNESS = 224,
    /** 0..0.9: gamma, the half-width of the exponent g uniform over
     *  [1 - v, 1 + v] (albumentations' gamma_limit (80, 120) is v = 0.2);
     *  g > 1 darkens the greys, g < 1 lightens them; 0 and 1 stay. */
    MSEQ_PARAM_GAMMA = 225,
    /** 0..1: the ink's grey I, uniform over [0, v] (0 black ink, faded ink
     *  above). */
    MSEQ_PARAM_INK_LEVEL = 226,
    /** 0..1: the paper's grey p, uniform over [1 - v, 1] (1 white). */
    MSEQ_PARAM_PAPER_LEVEL = 227,
    /** an mseq_background: the paper's pattern, MSEQ_BACKGROUND_FLAT
     *  (default), _GRADIENT, _TEXTURE or (since 1.1) _IMAGE, the users'
     *  pictures of mseq_params_set_background_images(). Its darkening is at
     *  most
     *  MSEQ_PARAM_BACKGROUND_STRENGTH (a flat paper ignores it). */
    MSEQ_PARAM_BACKGROUND = 228,
    /** 0..1: the background's largest darkening: the image draws a depth
     *  d uniform over [0, v], and the paper's grey at a pixel is
     *  P = max(0, p - d t), t in [0, 1] the pattern's value there
     *  (mseq_background). */
    MSEQ_PARAM_BACKGROUND_STRENGTH = 229,
    /** pixels, 1..64, default 8: the size of the texture's features
     *  (MSEQ_BACKGROUND_TEXTURE's coarsest lattice spacing); not scaled by
     *  MSEQ_PARAM_STRENGTH. */
    MSEQ_PARAM_TEXTURE_SCALE = 230,
    /** dataset writer, png and tar outputs (since 1.1): 1 = every PNG
     *  carries its recipe in text chunks, as the CLI's seed form writes
     *  them: "Software" (the library's version), MSEQ_RECIPE_KEY (the
     *  image's mseq_image_recipe()) and MSEQ_RECIPE_DATA_KEY (the
     *  source data's mseq_dataset_recipe()), so that `mnistseq-cli generate
     *  --like FILE` makes the image again bit for bit. The manifest records
     *  it ("png_recipe": true) only when set. Default 0: no chunks, the
     *  files of 1.0. Ignored by MSEQ_OUTPUT_NPY */
    MSEQ_PARAM_PNG_RECIPE = 300,
    /** dataset writer (since 1.1): 1 = write each image's instance mask
     *  and its digits' ink boxes (mseq_generate_annotated()) beside it: a
     *  mask PNG per image (png: NNNNNNNNN.mask.png; tar: the member
     *  NNNNNNNNN.mask.png after the image's), or masks.npy (npy: uint16,
     *  shape (count, rows, width)), and an "ink_boxes" column or field in
     *  the labels (see "Dataset writer"). The manifest records it ("masks":
     *  true) only when set. Default 0: the files of 1.0 */
    MSEQ_PARAM_MASKS = 301
} mseq_param;

/** Augmentation presets (MSEQ_PARAM_PRESET): the ranges they give the
 *  modules that are not set, before MSEQ_PARAM_STRENGTH (which also scales
 *  MSEQ_PARAM_ELASTIC_ALPHA, MSEQ_PARAM_BASELINE_SLOPE and
 *  MSEQ_PARAM_WAVE_AMPLITUDE; no preset turns the elastic field on, bends
 *  or tilts the baseline, or chooses a background pattern):
 *
 *  | preset | rotate | shear | digit_scale | aspect | shift_y | thickness |
 *  |--------|--------|-------|-------------|--------|---------|-----------|
 *  | light  |   5    |   5   |    0.05     |  0.05  |   1     |   0.3     |
 *  | medium |  10    |  12   |    0.10     |  0.10  |   2     |   0.6     |
 *  | heavy  |  20    |  20   |    0.20     |  0.15  |   3     |   1.0     |
 *
 *  and to the whole image (since 1.1):
 *
 *  | preset | contrast | brightness | ink_level | paper_level |
 *  |--------|----------|------------|-----------|-------------|
 *  | light  |   0.1    |    0.05    |   0.1     |    0.05     |
 *  | medium |   0.2    |    0.1     |   0.2     |    0.1      |
 *  | heavy  |   0.3    |    0.2     |   0.3     |    0.2      |
 *
 *  and background_strength 0.05, 0.1 and 0.2. No preset adds Gaussian
 *  noise, salt and pepper, blur or gamma: per pixel they cost more than
 *  all the rest together (set them yourself: noise_std 0.05, blur_sigma
 *  0.8 and gamma 0.2 suit medium). */
/** Values of MSEQ_PARAM_UNIQUE_PERMUTATION (since 1.1): how the N
 *  distinct sequences of a unique run are ordered. For a given seed and N,
 *  index i gets sequence number pi(i), pi a permutation of [0, N) keyed by
 *  the seed, so indexes 0..N-1 never repeat a sequence either way. */
typedef enum mseq_permutation {
    /** N <= 2^16: a Fisher-Yates shuffle of [0, N) drawn once per run from
     *  the seed's own stream with unbiased bounded draws, so that all N!
     *  orders are equally likely (pi(i), and any pair (pi(i), pi(j)), is
     *  uniform over the seeds). N > 2^16: a balanced Feistel network of 24
     *  rounds on the smallest power-of-4 domain >= N, cycle-walked into
     *  [0, N), whose departure from uniform is far below what any run can
     *  measure (O(1) memory). The default */
    MSEQ_PERMUTATION_UNIFORM = 0,
    /** The permutation of 1.0, bit for bit: a 6-round Feistel
     *  network, cycle-walked. Its order is measurably non-uniform when N
     *  is small (N = 10: which sequence index 0 gets, and pairs, fail a
     *  chi-square test) */
    MSEQ_PERMUTATION_FEISTEL_1_0 = 1
} mseq_permutation;

typedef enum mseq_preset {
    MSEQ_PRESET_NONE = 0,   /**< every module at its own value (default) */
    MSEQ_PRESET_LIGHT = 1,  /**< small variations */
    MSEQ_PRESET_MEDIUM = 2, /**< the variation of real handwriting */
    MSEQ_PRESET_HEAVY = 3   /**< strong distortion, for robustness */
} mseq_preset;

/** The paper's pattern (MSEQ_PARAM_BACKGROUND, since 1.1): the value t in
 *  [0, 1] that MSEQ_PARAM_BACKGROUND_STRENGTH's depth d multiplies. */
typedef enum mseq_background {
    MSEQ_BACKGROUND_FLAT = 0,     /**< t = 0: one grey, the paper level */
    MSEQ_BACKGROUND_GRADIENT = 1, /**< a linear ramp: the image draws a
                                       direction uniform over [0, 360)
                                       degrees (anticlockwise from +x, y
                                       down); t is the pixel centre's
                                       position along it, 0 at the
                                       image's first corner, 1 at the
                                       last */
    MSEQ_BACKGROUND_TEXTURE = 2,  /**< paper-like blotches: value noise of
                                       three octaves, lattice spacings s,
                                       s / 2, s / 4 (at least 1 pixel;
                                       s = MSEQ_PARAM_TEXTURE_SCALE) with
                                       weights 4/7, 2/7, 1/7, each a
                                       lattice of values uniform over
                                       [0, 1) interpolated by smoothstep
                                       3w^2 - 2w^3 between its nodes */
    MSEQ_BACKGROUND_IMAGE = 3     /**< the users' pictures
                                       (mseq_params_set_background_images();
                                       generation fails with MSEQ_EINVAL
                                       when none is set): the image draws
                                       one, uniformly, and a window of it
                                       at random (a crop where the picture
                                       is larger than the image, tiled
                                       where it is smaller); t = (255 - g)
                                       / 255 of its grey g, so black
                                       darkens by the whole depth and white
                                       not at all (depth 1 and paper 1: the
                                       picture itself) */
} mseq_background;

/** Whose digits an image holds (MSEQ_PARAM_WRITER). */
typedef enum mseq_writer_choice {
    MSEQ_WRITER_ANY = 0, /**< each digit drawn from its whole class (1.0) */
    MSEQ_WRITER_SAME = 1 /**< one hand per image: needs the writer of every
                              glyph, from QMNIST's extended labels
                              (facebookresearch/qmnist, BSD) in the data
                              folder: qmnist-train-labels-idx2-int or
                              qmnist-test-labels-idx2-int, raw or .gz,
                              read by mseq_open() when present. A writer
                              is drawn uniformly among those who wrote at
                              least one image of every digit the image
                              needs (from its own stream of (seed,
                              index)), then each digit uniformly among
                              that writer's images of its class (from the
                              stream of the glyph picks). Generation fails
                              with MSEQ_EINVAL when the data has no
                              writers or when no writer wrote all the
                              digits needed (MNIST test: 124 of its 297
                              writers wrote all ten digits; train: 536 of
                              539). mseq_glyph_writer() names the writer
                              of a placement's source_index */
} mseq_writer_choice;

/** How alike the digits of an image look (MSEQ_PARAM_STYLE, since 1.1),
 *  without writer labels. */
typedef enum mseq_style {
    MSEQ_STYLE_ANY = 0,       /**< each digit drawn from its whole class */
    MSEQ_STYLE_CONSISTENT = 1 /**< all from one of 20 style clusters made
                                   from the glyphs themselves when first
                                   asked for: within each class, glyphs
                                   ranked by slant (image moments
                                   mu11 / mu02) into 5 equal bins, each
                                   ranked by stroke width (ink area over
                                   half the boundary length) into 4. A
                                   cluster is drawn uniformly from its own
                                   stream of (seed, index), then each digit
                                   uniformly among the cluster's glyphs of
                                   its class, so an image's digits share
                                   slant and stroke width */
} mseq_style;

/** How a strip of digits and gaps is fitted to the image width. */
typedef enum mseq_fit {
    MSEQ_FIT_PAD = 0,   /**< narrower strip: padded with background, placed
                             by MSEQ_PARAM_ALIGN. Wider strip (S > W): scaled
                             down uniformly by W / S (aspect kept) with an
                             area-averaging filter, to round(rows * W / S)
                             rows but at least 1, centred vertically. */
    MSEQ_FIT_EXACT = 1, /**< gaps drawn uniformly among the gap vectors in
                             [min, max] whose strip is exactly the width;
                             MSEQ_ENOFIT when none exists. The sampler's
                             table holds gaps x (e + 1) counts, e the excess
                             of W over the narrowest strip, or its distance
                             to the widest if smaller: above 2^24 counts the
                             call is MSEQ_ERANGE (e.g. 1000 gaps and an
                             excess of 16,777 pixels). */
    MSEQ_FIT_STRICT = 2 /**< MSEQ_ENOFIT when the strip is wider than the
                             width; padded as MSEQ_FIT_PAD otherwise */
} mseq_fit;

/** Where a padded strip sits. */
typedef enum mseq_align {
    MSEQ_ALIGN_CENTER = 0, /**< left offset floor((width - strip) / 2) */
    MSEQ_ALIGN_LEFT = 1,
    MSEQ_ALIGN_RIGHT = 2,
    MSEQ_ALIGN_RANDOM = 3 /**< offset uniform over [0, width - strip] */
} mseq_align;

/** Pixel format of generated images. */
typedef enum mseq_format {
    MSEQ_FORMAT_F32 = 0, /**< float, 0.0 black .. 1.0 white */
    MSEQ_FORMAT_U8 = 1   /**< uint8, 0 black .. 255 white:
                              round(f32 value * 255) */
} mseq_format;

/** Create a parameter set with the defaults listed at mseq_param.
 *  @return 0, MSEQ_EINVAL (out NULL), MSEQ_ENOMEM. */
MSEQ_API int mseq_params_new(mseq_params **out);

/** Release a parameter set. NULL is a no-op. */
MSEQ_API void mseq_params_free(mseq_params *params);

/** Set one parameter. The value is checked against the key's own domain here
 *  (MSEQ_EINVAL for an unknown key or an invalid value such as a negative
 *  spacing or an unknown fit; MSEQ_ERANGE above a MSEQ_MAX_* limit), and the
 *  parameter set is unchanged on failure. Relations between values (min <=
 *  max) are checked when generating, since they may be set in any order. */
MSEQ_API int mseq_params_set(mseq_params *params, mseq_param key,
                             int64_t value);

/** Read one parameter. MSEQ_EINVAL for an unknown key or NULL pointers. */
MSEQ_API int mseq_params_get(int64_t *value, const mseq_params *params,
                             mseq_param key);

/* ------------------------------------------------------------------------
 * The parameter table (since 1.1)
 *
 * Every key above is one row of a table inside the library: its name, type,
 * group, bounds, default and a help line. mseq_params_set() checks values
 * against it, and the CLI, the manifest and the bindings read it through
 * these calls, so a parameter's facts are written once.
 * ---------------------------------------------------------------------- */
/** The value type of a parameter. */
typedef enum mseq_param_type {
    MSEQ_TYPE_INT = 0,  /**< an integer in [min, max] */
    MSEQ_TYPE_BOOL = 1, /**< 0 or 1 */
    MSEQ_TYPE_ENUM = 2, /**< 0..max, the values named by choices */
    MSEQ_TYPE_F64 = 3   /**< a finite double in [min_f64, max_f64]; set and
                             read with mseq_params_set_f64()/get_f64() */
} mseq_param_type;

/** Parameter groups. Keys added to a group take numbers from the group's
 *  value to the value + 99 (the 1.0 keys, 1..15, keep theirs and belong to
 *  the group their row names). Keys MSEQ_GROUP_EXPERIMENTAL to
 *  MSEQ_GROUP_EXPERIMENTAL + 999 are experimental: they may change or go in
 *  any release, and a program that sets them accepts that. */
typedef enum mseq_param_group {
    MSEQ_GROUP_GENERATION = 100,   /**< layout, sequences, seed, pixels */
    MSEQ_GROUP_AUGMENTATION = 200, /**< per-digit and per-image distortions */
    MSEQ_GROUP_OUTPUT = 300,       /**< the dataset writer's files */
    MSEQ_GROUP_THREADS = 400,      /**< parallelism; never changes bytes */
    MSEQ_GROUP_EXPERIMENTAL = 1000 /**< no stability promise */
} mseq_param_group;

/** The version of mseq_param_desc that this header describes. */
#define MSEQ_PARAM_DESC_VERSION 1

/** One row of the parameter table, filled by mseq_param_info(). The caller
 *  sets version to MSEQ_PARAM_DESC_VERSION first; later versions only
 *  append fields, and the library fills the fields of the version asked
 *  for. The strings are static: they belong to the library. */
typedef struct mseq_param_desc {
    unsigned int version; /**< in: MSEQ_PARAM_DESC_VERSION */
    mseq_param key;       /**< the key described */
    const char *name;     /**< lower-case name, "min_spacing": the manifest
                               field and the bindings' keyword; the CLI
                               option is --min-spacing */
    const char *help;     /**< one line, for --help and documentation */
    mseq_param_type value_type; /**< the value type */
    mseq_param_group group;     /**< the group */
    int64_t min;                /**< smallest value mseq_params_set() accepts
                                     (MSEQ_TYPE_F64: the smallest integer
                                     >= min_f64; since 1.1) */
    int64_t max;                /**< largest value mseq_params_set() accepts
                                     (MSEQ_TYPE_F64: the largest integer
                                     <= max_f64) */
    int64_t default_value;      /**< the value of a new parameter set (may lie
                                     outside [min, max] when it means "not set",
                                     as MSEQ_PARAM_WIDTH's 0; MSEQ_TYPE_F64:
                                     default_f64 rounded toward zero) */
    double min_f64;             /**< min as a double (every type) */
    double max_f64;             /**< max as a double */
    double default_f64;         /**< default_value as a double */
    const char *choices;        /**< MSEQ_TYPE_ENUM: the value names in value
                                     order, separated by '|' ("pad|exact|strict");
                                     NULL for other types */
    const char *limit;          /**< the name of the limit max comes from
                                     ("MSEQ_MAX_SPACING"), or NULL */
} mseq_param_desc;

/** Describe one key.
 *  @param out  a row whose version the caller set; filled on success.
 *  @param key  the key.
 *  @return 0; MSEQ_EINVAL (out NULL, unsupported out->version, or a key
 *          that is not in the table). */
MSEQ_API int mseq_param_info(mseq_param_desc *out, mseq_param key);

/** The key of a name, as mseq_param_desc.name spells it ("min_spacing").
 *  @return 0; MSEQ_EINVAL (a NULL pointer, or no key has that name). */
MSEQ_API int mseq_param_by_name(mseq_param *out, const char *name);

/** Every key of the table, in table order (groups together).
 *  @param out    room for cap keys, or NULL (with cap 0) to ask the count.
 *  @param cap    entries at out.
 *  @param count  receives the number of keys (also on MSEQ_EBUFSIZE).
 *  @return 0; MSEQ_EINVAL (count NULL, or out NULL with cap > 0);
 *          MSEQ_EBUFSIZE (out given and cap below the count). */
MSEQ_API int mseq_param_list(mseq_param *out, size_t cap, size_t *count);

/** Set a parameter from a double. A MSEQ_TYPE_F64 key takes any finite
 *  value in its bounds; an integer, flag or enum key takes only an integral
 *  value, checked as mseq_params_set() checks it. Errors as
 *  mseq_params_set(), plus MSEQ_EINVAL for NaN, infinities and fractions
 *  given to integer keys. */
MSEQ_API int mseq_params_set_f64(mseq_params *params, mseq_param key,
                                 double value);

/** Read a parameter as a double (integers convert exactly up to 2^53).
 *  mseq_params_get() refuses MSEQ_TYPE_F64 keys with MSEQ_EINVAL: read
 *  those here. */
MSEQ_API int mseq_params_get_f64(double *value, const mseq_params *params,
                                 mseq_param key);

/** Set the users' pictures of MSEQ_BACKGROUND_IMAGE (since 1.1), or clear
 *  them (count 0). Each file is read now, in full, and decoded by libpng
 *  into 8-bit sRGB (any colour type, bit depth, palette or alpha; the
 *  file's gamma applied), then into greys: each channel composited over
 *  white, c' = (c a + 255 (255 - a) + 127) / 255, then
 *  g = (299 r' + 587 g' + 114 b' + 500) / 1000 (integer divisions). The
 *  parameters keep the greys, each file's path as given and the SHA-256
 *  of its bytes: later changes to the files change nothing, a dataset's
 *  manifest records the paths and digests when the pictures are used
 *  ("background_images": N, then "background_image_K" and
 *  "background_image_K_sha256" for K = 1..N; so a re-run with other
 *  pictures is refused, and mseq_verify_dataset() reads them again and
 *  checks the digests), and mseq_image_recipe() names the paths.
 *
 *  The pictures are used only with MSEQ_PARAM_BACKGROUND set to
 *  MSEQ_BACKGROUND_IMAGE and MSEQ_PARAM_BACKGROUND_STRENGTH above 0 (1:
 *  an image may show its picture at full depth); this call changes
 *  neither.
 *
 *  @param paths  count paths of PNG files (NULL when count is 0); a path
 *                holds no single quote or newline (recipes quote it).
 *  @param count  at most MSEQ_MAX_BACKGROUND_IMAGES.
 *  @return 0; MSEQ_EINVAL (params NULL, a NULL path, a path with a quote
 *          or newline), MSEQ_EIO (a file cannot be read, or is not a
 *          regular file), MSEQ_EFORMAT (not a PNG, or damaged),
 *          MSEQ_ERANGE (count above the limit, a picture above
 *          MSEQ_MAX_BACKGROUND_PIXELS pixels or 256 MiB), MSEQ_ENOMEM.
 *          Every message names the file; on failure the parameters keep
 *          their pictures as they were. */
MSEQ_API int mseq_params_set_background_images(mseq_params *params,
                                               const char *const *paths,
                                               size_t count);

/* ------------------------------------------------------------------------
 * Generation
 * ---------------------------------------------------------------------- */
/** Where one digit went in a generated image. All coordinates are in output
 *  pixels; spans are half-open: [x_begin, x_end) x [y_begin, y_end). A glyph
 *  cell is the whole glyph (28 x 28 in MNIST), ink or not; when the strip
 *  was scaled down, the cell's scaled extent rounded to whole pixels.
 *
 *  Frozen: this struct is the 1.0 layout and never changes or grows, since
 *  callers and bindings allocate arrays of it (count x S entries in
 *  mseq_generate_batch()). New per-digit information (an augmentation's
 *  angle or shift, the ink box) will be returned by a new call that fills
 *  arrays of a new struct whose first field is its size in bytes, set by
 *  the caller (a size-versioned struct: later versions only append fields,
 *  and the library fills only the fields the caller's size covers), never
 *  by extending mseq_placement or changing what it holds. */
typedef struct mseq_placement {
    int32_t x_begin;      /**< first column of the glyph cell */
    int32_t x_end;        /**< one past its last column */
    int32_t y_begin;      /**< first row */
    int32_t y_end;        /**< one past its last row */
    int32_t source_index; /**< index of the glyph in the split's IDX file;
                               -1 for a text's separator or space */
    int32_t label;        /**< the digit, 0-9; in a text
                               (mseq_generate_text()), a separator's or
                               space's ASCII code */
} mseq_placement;

/** Size in bytes of one generated image: the rows x cols of
 *  mseq_image_shape() x the size of a MSEQ_PARAM_FORMAT pixel (4 for F32,
 *  1 for U8).
 *  @return 0; MSEQ_EINVAL (NULL pointers, width not set, a margin leaving
 *          no room). */
MSEQ_API int mseq_image_size(size_t *bytes, const mseq_dataset *ds,
                             const mseq_params *params);

/** The shape of every image generated from ds under params (since 1.1):
 *  rows = MSEQ_PARAM_HEIGHT, or the glyph height when it is 0; cols =
 *  MSEQ_PARAM_WIDTH. Images, batches, masks and dataset files (PNG size,
 *  NPY shape) all have this shape.
 *
 *  @param rows    out: the image height in pixels.
 *  @param cols    out: the image width in pixels.
 *  @param ds      the source data (its glyph height).
 *  @param params  the parameters.
 *  @return 0; MSEQ_EINVAL (a NULL pointer, width not set, a margin leaving
 *          no room: 2 * MSEQ_PARAM_MARGIN_X >= width or 2 *
 *          MSEQ_PARAM_MARGIN_Y >= the height; the message names the
 *          option), MSEQ_ERANGE (glyphs above MSEQ_MAX_GLYPH_SIDE). rows
 *          and cols are untouched on failure. */
MSEQ_API int mseq_image_shape(uint32_t *rows, uint32_t *cols,
                              const mseq_dataset *ds,
                              const mseq_params *params);

/** Generate the image of one given digit sequence.
 *
 *  @param out        caller buffer of at least mseq_image_size() bytes,
 *                    suitably aligned for float when the format is F32;
 *                    row-major, rows x cols of mseq_image_shape().
 *                    Unspecified on failure.
 *  @param out_size   its size in bytes; smaller than needed: MSEQ_EBUFSIZE.
 *  @param placements NULL, or room for ndigits entries: where each digit
 *                    went, in sequence order.
 *  @param scale      NULL, or receives the scale applied to the strip
 *                    (1.0 unless MSEQ_FIT_PAD had to shrink it).
 *  @param ds, params the source data and parameters.
 *  @param digits     ndigits values, each 0-9.
 *  @param ndigits    1..MSEQ_MAX_DIGITS.
 *  @param index      the sample index: with the seed, the only source of
 *                    randomness. Same (data, params, digits, index): same
 *                    bytes, everywhere.
 *  @return 0; MSEQ_EINVAL (NULL pointers, digit outside 0-9, empty sequence,
 *          width not set, min_spacing > max_spacing), MSEQ_ERANGE (too many
 *          digits, strip size overflow), MSEQ_EBUFSIZE, MSEQ_ENOFIT,
 *          MSEQ_ENOMEM. */
MSEQ_API int mseq_generate(void *out, size_t out_size,
                           mseq_placement *placements, float *scale,
                           const mseq_dataset *ds, const mseq_params *params,
                           const int *digits, size_t ndigits, uint64_t index);

/** The tight box of one digit's ink in a generated image (since 1.1), in
 *  output pixels, half-open: [x_begin, x_end) x [y_begin, y_end). All four
 *  are 0 when none of the digit's ink shows (e.g. a blank glyph).
 *  Frozen, as mseq_placement. */
typedef struct mseq_ink_box {
    int32_t x_begin; /**< first column holding the digit's ink */
    int32_t x_end;   /**< one past the last */
    int32_t y_begin; /**< first row */
    int32_t y_end;   /**< one past the last */
} mseq_ink_box;

/** Generate one image as mseq_generate() does, with the exact labels of
 *  each digit's ink (since 1.1): its tight box and an instance mask. The
 *  image is the same bytes mseq_generate() gives.
 *
 *  Ink. A pixel shows ink when its value in the image differs from the
 *  background (1.0 or 255; 0 inverted). Digit i's ink is the set of such
 *  pixels to which digit i's own ink contributes: those where digit i,
 *  rendered alone with the same layout, scale and augmentation into F32,
 *  is not background. Its box is the tight box of that set (every such
 *  pixel inside, each edge touching one); under overlap boxes overlap.
 *  The mask marks every ink pixel with i + 1 for the digit whose own
 *  rendering is darkest there (the lowest i on ties), and 0 elsewhere;
 *  so every marked pixel lies in its digit's box. "The image" here is the
 *  image without the whole image's modules (MSEQ_PARAM_NOISE_STD to
 *  MSEQ_PARAM_TEXTURE_SCALE): noise, blur, levels and backgrounds never
 *  change the labels, which describe the digits' ink only.
 *
 *  @param out, out_size  as mseq_generate().
 *  @param mask        NULL, or rows x cols uint16 values, row-major (the
 *                     image's shape, mseq_image_shape()): receives the
 *                     instance mask.
 *  @param mask_len    entries available at mask (ignored when NULL).
 *  @param boxes       NULL, or ndigits entries: receives each digit's box.
 *  @param placements, scale, ds, params, digits, ndigits, index  as
 *                     mseq_generate().
 *  @return as mseq_generate(), plus MSEQ_EBUFSIZE when mask_len is below
 *          rows x width (checked before anything is written). The boxes
 *          and mask cost about one extra rendering per digit. */
MSEQ_API int mseq_generate_annotated(void *out, size_t out_size, uint16_t *mask,
                                     size_t mask_len, mseq_ink_box *boxes,
                                     mseq_placement *placements, float *scale,
                                     const mseq_dataset *ds,
                                     const mseq_params *params,
                                     const int *digits, size_t ndigits,
                                     uint64_t index);

/** Generate count images into one buffer of shape (count, rows, cols)
 *  (mseq_image_shape()), on MSEQ_PARAM_THREADS threads. Image i is exactly
 *  what mseq_generate() gives for index first_index + i, whatever the
 *  thread count. The calling thread is one of the workers; the others are
 *  helper threads the library keeps between calls (since 1.1): after a
 *  batch they watch for the next one for 100 us, then sleep until it comes.
 *  A fork()ed child starts its own. An output of more than half the
 *  processor's last-level cache (at least 4 MiB) is written with streaming
 *  stores (since 1.1): it goes to memory without passing through the
 *  caches, which keep the glyphs.
 *
 *  @param out             count * mseq_image_size() bytes (or more).
 *  @param out_size        its size in bytes.
 *  @param placements      NULL, or placements_len >= count * S entries,
 *                         where S = ndigits for a given sequence and
 *                         MSEQ_PARAM_MAX_LENGTH for random ones. Sample i's
 *                         digits are at [i * S, i * S + lengths[i]); the
 *                         rest of its S entries are zeroed.
 *  @param placements_len  entries available at placements.
 *  @param lengths         NULL, or count entries: each sample's length.
 *  @param scales          NULL, or count entries: each sample's scale.
 *  @param digits          the sequence for every image, or NULL (with
 *                         ndigits 0) for random sequences drawn per index
 *                         from MSEQ_PARAM_MIN_LENGTH/MAX_LENGTH/
 *                         NO_LEADING_ZERO/UNIQUE.
 *  @param count           1..MSEQ_MAX_BATCH.
 *  @return as mseq_generate(), plus MSEQ_EINVAL (count 0, digits NULL with
 *          ndigits != 0 or the reverse, MIN_LENGTH > MAX_LENGTH),
 *          MSEQ_ERANGE (count above MSEQ_MAX_BATCH, first_index + count
 *          beyond 2^64, unique random sequences past N) and MSEQ_EBUFSIZE
 *          (out_size or placements_len too small), all checked before
 *          anything is written. When samples fail, the error (code and
 *          message, which names the sample) is that of the lowest failing
 *          sample, whatever the thread count; no guarantee is then made
 *          about the content of out, placements, lengths and scales. */
MSEQ_API int mseq_generate_batch(void *out, size_t out_size,
                                 mseq_placement *placements,
                                 size_t placements_len, uint32_t *lengths,
                                 float *scales, const mseq_dataset *ds,
                                 const mseq_params *params, const int *digits,
                                 size_t ndigits, uint64_t first_index,
                                 size_t count);

/** mseq_generate_batch() with the exact labels of mseq_generate_annotated()
 *  for every image (since 1.1): the same images, bit for bit, with each
 *  image's instance mask and each digit's ink box, exactly what
 *  mseq_generate_annotated() gives for that image's digits and index,
 *  whatever the thread count.
 *
 *  @param out, out_size  as mseq_generate_batch().
 *  @param masks       NULL, or masks_len >= count * P uint16 entries, P =
 *                     rows x width (an image's pixels): image i's instance
 *                     mask at [i * P, (i + 1) * P), row-major (shape
 *                     (count, rows, width)).
 *  @param masks_len   entries available at masks (ignored when NULL).
 *  @param boxes       NULL, or boxes_len >= count * S entries, S as for
 *                     placements: sample i's ink boxes at [i * S, i * S +
 *                     lengths[i]), the rest of its S entries zeroed.
 *  @param boxes_len   entries available at boxes (ignored when NULL).
 *  @param placements, placements_len, lengths, scales, ds, params, digits,
 *         ndigits, first_index, count  as mseq_generate_batch().
 *  @return as mseq_generate_batch(), plus MSEQ_EBUFSIZE when masks_len or
 *          boxes_len is too small (checked before anything is written);
 *          messages name mseq_generate_batch_annotated. With masks and
 *          boxes both NULL this is mseq_generate_batch(). */
MSEQ_API int mseq_generate_batch_annotated(
    void *out, size_t out_size, uint16_t *masks, size_t masks_len,
    mseq_ink_box *boxes, size_t boxes_len, mseq_placement *placements,
    size_t placements_len, uint32_t *lengths, float *scales,
    const mseq_dataset *ds, const mseq_params *params, const int *digits,
    size_t ndigits, uint64_t first_index, size_t count);

/** The random sequence that mseq_generate_batch() draws for a sample index
 *  when given no digits (same params: seed, lengths, leading zero, unique).
 *  A pure function of (params, index), from its own random stream: the
 *  sequence never depends on the image parameters.
 *
 *  Without MSEQ_PARAM_UNIQUE: the length is uniform over [MIN_LENGTH,
 *  MAX_LENGTH], each digit uniform over 0-9, and the first digit uniform
 *  over 1-9 when MSEQ_PARAM_NO_LEADING_ZERO is 1 and the length exceeds 1.
 *  With MSEQ_PARAM_UNIQUE: as documented there (each of the N distinct
 *  sequences equally likely; indexes 0..N-1 never repeat one), in the
 *  order MSEQ_PARAM_UNIQUE_PERMUTATION chooses (mseq_permutation).
 *
 *  @param digits   room for cap digits; receives the sequence (0-9 each).
 *  @param cap      entries at digits; below MSEQ_PARAM_MAX_LENGTH:
 *                  MSEQ_EBUFSIZE.
 *  @param length   receives the sequence length.
 *  @param params   the parameters (seed and the random-sequence keys).
 *  @param index    the sample index.
 *  @return 0; MSEQ_EINVAL (NULL pointers, MIN_LENGTH > MAX_LENGTH, unique
 *          with more than 2^63 sequences), MSEQ_EBUFSIZE, MSEQ_ERANGE
 *          (unique and index >= N; the message gives N). digits and length
 *          are untouched on failure. */
MSEQ_API int mseq_random_sequence(int *digits, size_t cap, size_t *length,
                                  const mseq_params *params, uint64_t index);

/** The number of distinct digit sequences that random generation can give
 *  under params (since 1.1): every length from MSEQ_PARAM_MIN_LENGTH to
 *  MSEQ_PARAM_MAX_LENGTH, without a leading zero when
 *  MSEQ_PARAM_NO_LEADING_ZERO is set. With MSEQ_PARAM_UNIQUE, this is how
 *  many samples can be drawn before a sequence would repeat, so a caller can
 *  check a count before opening any data.
 *
 *  @param count   out: the number, saturated at UINT64_MAX.
 *  @param params  the parameters.
 *  @return 0; MSEQ_EINVAL (count or params NULL, min length above max
 *          length, or MSEQ_PARAM_UNIQUE with more than 2^63 sequences). */
MSEQ_API int mseq_sequence_count(uint64_t *count, const mseq_params *params);

/* ------------------------------------------------------------------------
 * Templates and texts (since 1.1)
 *
 * A template describes the text of every sample: a phone number, a date,
 * an amount. Texts hold digits, separators and spaces; mseq_generate_text()
 * draws one, the separators as handwritten strokes.
 * ---------------------------------------------------------------------- */

/** A parsed template: immutable, safe to share between threads. */
typedef struct mseq_template mseq_template;

/** Parse a template (since 1.1). The grammar, one item after another:
 *
 *  | item                      | gives                                      |
 *  |---------------------------|--------------------------------------------|
 *  | `#`                       | any digit 0-9                              |
 *  | `%`                       | a digit 1-9                                |
 *  | `0`-`9`                   | that digit                                 |
 *  | `-` `/` `.` `,` `:` `(` `)` `+` | that separator, drawn                |
 *  | space                     | a space: a gap, nothing drawn              |
 *  | `{date FORMAT [Y1..Y2]}`  | a valid Gregorian date of years Y1..Y2     |
 *  |                           | (default 1950..2049); FORMAT joins DD, MM  |
 *  |                           | and at most one of YYYY, YY with           |
 *  |                           | separators, each once (with YY at most 100 |
 *  |                           | years, so that no text repeats)            |
 *  | `{time FORMAT}`           | a 24-hour time; FORMAT joins HH, MM and    |
 *  |                           | optionally SS with separators              |
 *  | `{amount LO..HI [nogroup]}` | an amount from LO to HI in steps of the |
 *  |                           | smallest decimal written (at most 4), its  |
 *  |                           | thousands grouped with ',' unless nogroup, |
 *  |                           | e.g. {amount 0..9999.99} gives "1,234.50"  |
 *  | `{zip}`                   | a five-digit ZIP code, 00501..99950        |
 *
 *  Examples: "(###) ###-####", "0%#-####-####", "{date DD/MM/YYYY}",
 *  "{time HH:MM}", "+44 %### ######".
 *
 *  The template's space is every text it can give: the product of its
 *  items' counts (mseq_template_count()). Each text has a rank, its items'
 *  values as a mixed-radix number, the first item most significant.
 *
 *  @param out   receives the template; free it with mseq_template_free().
 *  @param text  the template, NUL-terminated.
 *  @return 0; MSEQ_EINVAL for a malformed template, whose message gives
 *          the 1-based column of the fault and what was expected there
 *          ("template column 3: 'x' is not '#', '%', a digit, ...");
 *          MSEQ_ERANGE when a text could exceed MSEQ_MAX_DIGITS
 *          characters; MSEQ_ENOMEM. *out is untouched on failure. */
MSEQ_API int mseq_template_new(mseq_template **out, const char *text);

/** Free a template (NULL is allowed). */
MSEQ_API void mseq_template_free(mseq_template *tmpl);

/** The size of a template's space and its longest text (since 1.1).
 *
 *  @param count       NULL, or receives the number of distinct texts,
 *                     saturated at UINT64_MAX.
 *  @param max_length  NULL, or receives the longest text's length in
 *                     characters (mseq_template_text() needs one more
 *                     byte, for the NUL).
 *  @return 0; MSEQ_EINVAL (tmpl NULL). */
MSEQ_API int mseq_template_count(uint64_t *count, size_t *max_length,
                                 const mseq_template *tmpl);

/** The text of a sample (since 1.1): a pure function of (template, seed,
 *  index), from the sample's sequence stream, like mseq_random_sequence().
 *
 *  Without MSEQ_PARAM_UNIQUE, every text of the space is equally likely
 *  (each item draws its value uniformly, in order). With it, indexes
 *  0..N-1 (N = mseq_template_count()) give the N texts in a seeded order
 *  (MSEQ_PARAM_UNIQUE_PERMUTATION), each exactly once, each as likely as
 *  any other at every index.
 *
 *  @param out       receives the text, NUL-terminated.
 *  @param out_size  bytes at out: at least max_length + 1
 *                   (mseq_template_count()), else MSEQ_EBUFSIZE, whatever
 *                   this sample's length.
 *  @param length    NULL, or receives the text's length (without the NUL).
 *  @param tmpl, params  the template; the seed, MSEQ_PARAM_UNIQUE and
 *                   MSEQ_PARAM_UNIQUE_PERMUTATION of params.
 *  @param index     the sample index.
 *  @return 0; MSEQ_EINVAL (NULL pointers, unique with a space above 2^63
 *          texts), MSEQ_EBUFSIZE, MSEQ_ERANGE (unique and index >= N; the
 *          message gives N). out and length are untouched on failure. */
MSEQ_API int mseq_template_text(char *out, size_t out_size, size_t *length,
                                const mseq_template *tmpl,
                                const mseq_params *params, uint64_t index);

/** Set the template whose texts batches and dataset writers draw instead
 *  of random digit sequences (since 1.1), or clear it (tmpl NULL).
 *
 *  With a template set, mseq_generate_batch() and its annotated form take
 *  no digits (digits NULL, ndigits 0) and give sample i the text
 *  mseq_template_text() gives for index first_index + i, drawn as
 *  mseq_generate_text() draws it: S (the placements and boxes per sample)
 *  is the template's longest text, lengths[i] the text's length in
 *  characters. MSEQ_PARAM_UNIQUE then means no text twice, up to the
 *  template's space; MSEQ_PARAM_MIN_LENGTH, MAX_LENGTH and
 *  NO_LEADING_ZERO are not used. A dataset writer (mseq_writer_new() with
 *  no digits) writes those images; its labels' "text" holds the separators
 *  and spaces, a "digits" column or field the digits alone, its manifest
 *  records the template, and with MSEQ_PARAM_PNG_RECIPE each PNG's recipe
 *  names it (mseq_image_recipe()). The parameters share the template: it
 *  may be freed after this call.
 *
 *  @return 0; MSEQ_EINVAL (params NULL). */
MSEQ_API int mseq_params_set_template(mseq_params *params,
                                      const mseq_template *tmpl);

/** Generate the image of a text (since 1.1): one cell per character, laid
 *  out, fitted and augmented as mseq_generate() does for digits, with
 *  every label that mseq_generate_annotated() gives, per character.
 *
 *  - Digits are drawn from the data as mseq_generate() draws them (the
 *    glyph picks, writers and styles of the text's digits alone).
 *  - Separators (- / . , : ( ) +) are drawn as strokes whose thickness,
 *    length, angle and position vary per sample (their own stream) and
 *    whose pen matches the image's digits (its first three): half their
 *    stroke width (ink area over half the ink's boundary) as radius,
 *    placed between their mean top and bottom ink rows. With
 *    augmentation on, they are warped as digits are.
 *  - A space is a blank cell.
 *  - A character's cell advances by its own width before the next gap:
 *    the glyph width for a digit, a fraction of it for the others (of 28
 *    columns: space 14, '-' 16, '/' 14, '.' ',' ':' 8, '(' ')' 11, '+' 18).
 *    MSEQ_PARAM_MIN_SPACING may overlap a cell by one column less than
 *    its width at most.
 *
 *  A text of digits only gives exactly mseq_generate_annotated()'s image.
 *
 *  @param out, out_size  as mseq_generate().
 *  @param mask, mask_len NULL, or an instance mask as
 *                    mseq_generate_annotated()'s, i + 1 marking character
 *                    i's ink (a space owns none).
 *  @param boxes      NULL, or one ink box per character (a space's is all
 *                    0).
 *  @param placements NULL, or one entry per character: its cell (the
 *                    character's advance wide), source_index (-1 for a
 *                    separator or space) and label (0-9 for a digit, the
 *                    ASCII code otherwise, e.g. 45 for '-').
 *  @param scale, ds, params, index  as mseq_generate().
 *  @param text       digits, separators and spaces, NUL-terminated:
 *                    1..MSEQ_MAX_DIGITS characters, not only spaces.
 *  @return as mseq_generate_annotated(); MSEQ_EINVAL names the position
 *          of a character that is not in a text, or the character whose
 *          width min_spacing overlaps too far. */
MSEQ_API int mseq_generate_text(void *out, size_t out_size, uint16_t *mask,
                                size_t mask_len, mseq_ink_box *boxes,
                                mseq_placement *placements, float *scale,
                                const mseq_dataset *ds,
                                const mseq_params *params, const char *text,
                                uint64_t index);

/* ------------------------------------------------------------------------
 * PNG output
 * ---------------------------------------------------------------------- */
/** Write an 8-bit grayscale image as a PNG file, atomically: the bytes go to
 *  a new temporary file in path's directory (".<name>.XXXXXX", mode 0666
 *  minus the umask), which is renamed over path once complete. A failure
 *  never leaves a partial or temporary file and never touches an existing
 *  file at path.
 *
 *  @param path    the file to create or replace.
 *  @param pixels  rows * cols bytes, row-major, 0 black .. 255 white: an
 *                 image generated with MSEQ_FORMAT_U8 can be passed as is.
 *  @param rows    image height, 1..2^31 - 1 (PNG's limit).
 *  @param cols    image width, 1..2^31 - 1.
 *  @param level   as MSEQ_PARAM_PNG_LEVEL: -1 (default) for zlib's
 *                 run-length strategy and no row filter, which on digit
 *                 images is about 3 times faster than libpng's defaults and
 *                 gives smaller files; 0..9 for libpng's standard encoding
 *                 (adaptive row filters, zlib's default strategy) at that
 *                 zlib level (0: stored, uncompressed).
 *  @return 0; MSEQ_EINVAL (path or pixels NULL, path "" or ending in '/',
 *          rows or cols 0, level below -1), MSEQ_ERANGE (rows or cols
 *          above 2^31 - 1, level above 9: the codes mseq_params_set()
 *          gives MSEQ_PARAM_PNG_LEVEL), MSEQ_EIO (the file could not be
 *          created, written or renamed: mseq_last_error() names path and
 *          the reason),
 *          MSEQ_ENOMEM. */
MSEQ_API int mseq_write_png(const char *path, const uint8_t *pixels,
                            uint32_t rows, uint32_t cols, int level);

/** Encodes an 8-bit grayscale image as PNG into memory (since 1.1), with
 *  the same bytes mseq_write_png() writes: for a pipe, a socket, standard
 *  output or an in-memory archive.
 *
 *  The caller allocates the output after a size query, as for images:
 *  call with out NULL (out_size 0) to learn the size in *size, then again
 *  with a buffer of at least that many bytes.
 *
 *  @param size    out: the PNG's size in bytes (also on MSEQ_EBUFSIZE).
 *  @param out     where the PNG goes, or NULL to ask for the size only.
 *  @param out_size bytes available at out.
 *  @param pixels, rows, cols, level  as for mseq_write_png().
 *  @return 0; MSEQ_EBUFSIZE (out is NULL or smaller than *size: nothing is
 *          written to out); MSEQ_EINVAL (size or pixels NULL, rows or cols
 *          0, level below -1), MSEQ_ERANGE (rows or cols above 2^31 - 1,
 *          level above 9), MSEQ_ENOMEM. */
MSEQ_API int mseq_encode_png(size_t *size, void *out, size_t out_size,
                             const uint8_t *pixels, uint32_t rows,
                             uint32_t cols, int level);

/** mseq_write_png() for an 8-bit RGB image (since 1.1), written
 *  atomically as mseq_write_png() writes: for pictures drawn in colour over
 *  generated images (boxes, instance masks), as `mnistseq-cli preview
 *  --boxes --masks` does.
 *
 *  @param path, rows, cols, level  as for mseq_write_png().
 *  @param pixels  rows * cols * 3 bytes, row-major, each pixel R, G, B
 *                 (0..255).
 *  @return as mseq_write_png() (MSEQ_ERANGE also when rows * cols * 3
 *          overflows). */
MSEQ_API int mseq_write_png_rgb(const char *path, const uint8_t *pixels,
                                uint32_t rows, uint32_t cols, int level);

/** mseq_encode_png() for an 8-bit RGB image (since 1.1): the bytes
 *  mseq_write_png_rgb() writes, with the same size query as
 *  mseq_encode_png().
 *  @param size, out, out_size, rows, cols, level  as for mseq_encode_png().
 *  @param pixels  as for mseq_write_png_rgb().
 *  @return as mseq_encode_png(). */
MSEQ_API int mseq_encode_png_rgb(size_t *size, void *out, size_t out_size,
                                 const uint8_t *pixels, uint32_t rows,
                                 uint32_t cols, int level);

/** One PNG text chunk (tEXt, since 1.1): a keyword of 1 to 79 printable
 *  Latin-1 characters without leading, trailing or consecutive spaces, and
 *  its text (Latin-1; ASCII is safest), both NUL-terminated. */
typedef struct mseq_png_text {
    const char *key;  /**< "Software", "mnistseq-recipe", ... */
    const char *text; /**< the text, any length, no NUL inside */
} mseq_png_text;

/** mseq_write_png() with text chunks (since 1.1): the chunks go right after
 *  the image header, before the pixels, in the order given, so that
 *  mseq_read_png_text() and any PNG reader find them. The file is written
 *  atomically as by mseq_write_png().
 *
 *  @param texts   ntexts chunks, or NULL when ntexts is 0.
 *  @param path, pixels, rows, cols, level  as for mseq_write_png().
 *  @return as mseq_write_png(); also MSEQ_EINVAL (texts NULL with ntexts
 *          above 0, a NULL key or text, an invalid keyword: the message
 *          names it). */
MSEQ_API int mseq_write_png_text(const char *path, const uint8_t *pixels,
                                 uint32_t rows, uint32_t cols, int level,
                                 const mseq_png_text *texts, size_t ntexts);

/** mseq_encode_png() with text chunks (since 1.1), the bytes
 *  mseq_write_png_text() writes; the same size query.
 *  @return as mseq_encode_png() and mseq_write_png_text(). */
MSEQ_API int mseq_encode_png_text(size_t *size, void *out, size_t out_size,
                                  const uint8_t *pixels, uint32_t rows,
                                  uint32_t cols, int level,
                                  const mseq_png_text *texts, size_t ntexts);

/** The text of the first tEXt chunk named key in the PNG file at path
 *  (since 1.1). The caller allocates the output after a size query: call
 *  with out NULL (out_size 0) to learn in *size the bytes needed (the text
 *  and its terminating NUL), then again with a buffer that large.
 *
 *  @param size     out: the bytes the text needs, NUL included (also on
 *                  MSEQ_EBUFSIZE).
 *  @param out      where the NUL-terminated text goes, or NULL.
 *  @param out_size bytes available at out.
 *  @param path     a PNG file.
 *  @param key      the chunk's keyword.
 *  @return 0; MSEQ_EBUFSIZE (out NULL or smaller than *size); MSEQ_EINVAL
 *          (size, path or key NULL); MSEQ_ENOTFOUND (the file has no such
 *          chunk, or does not exist); MSEQ_EFORMAT (the file is not a PNG:
 *          signature, chunk lengths or CRCs); MSEQ_EIO (the file could not
 *          be read, or is not a regular file); MSEQ_ERANGE (a file above
 *          1 GiB). The message names path and key. */
MSEQ_API int mseq_read_png_text(size_t *size, char *out, size_t out_size,
                                const char *path, const char *key);

/* ------------------------------------------------------------------------
 * Recipes (since 1.1)
 *
 * A PNG's recipe is three text chunks that say how it was made: "Software"
 * (who wrote it), MSEQ_RECIPE_KEY (mseq_image_recipe()) and
 * MSEQ_RECIPE_DATA_KEY (mseq_dataset_recipe()). The CLI's seed form writes
 * them in every PNG, the dataset writer with MSEQ_PARAM_PNG_RECIPE;
 * `mnistseq-cli generate --like FILE` makes the image again from them, bit
 * for bit, and `mnistseq-cli info FILE` shows them.
 * ---------------------------------------------------------------------- */
/** The keyword of the chunk holding mseq_image_recipe()'s text. */
#define MSEQ_RECIPE_KEY "mnistseq-recipe"
/** The keyword of the chunk holding mseq_dataset_recipe()'s text. */
#define MSEQ_RECIPE_DATA_KEY "mnistseq-data"

/** The recipe of one image (since 1.1): the arguments of the CLI's seed
 *  form that make image `index` of `digits` under params and ds again, bit
 *  for bit, as one line of words separated by single spaces:
 *  "<digits> <min_spacing> <max_spacing> <width> --seed S --index I
 *  --split train|test", then each parameter of MSEQ_GROUP_GENERATION and
 *  MSEQ_GROUP_AUGMENTATION that changes the image of given digits and
 *  differs from its default, in table order, as its option
 *  (mseq_param_desc.name with '-' for '_'): "--fit exact" (an enum by its
 *  value's name), "--invert" (a flag), "--rotate 12.5" (a double in the
 *  fewest digits that read back as the same double). The keys that only
 *  choose random sequences (MSEQ_PARAM_MIN_LENGTH, MAX_LENGTH,
 *  NO_LEADING_ZERO, UNIQUE, UNIQUE_PERMUTATION) and MSEQ_PARAM_FORMAT (a
 *  PNG is 8-bit) never
 *  appear; a random sequence's image is named by its drawn digits and its
 *  index. The split is ds's. The caller allocates the output after a size
 *  query, as for mseq_read_png_text().
 *
 *  @param size     out: the bytes the text needs, NUL included (also on
 *                  MSEQ_EBUFSIZE).
 *  @param out      where the NUL-terminated text goes, or NULL.
 *  @param out_size bytes available at out.
 *  @param ds       the source data (its split; its content is hashed on
 *                  the first call, as by mseq_dataset_sha256()).
 *  @param params   the parameters; MSEQ_PARAM_WIDTH must be set.
 *  @param digits   the image's ndigits digits, each 0-9; or NULL with
 *                  ndigits 0 when params hold a template
 *                  (mseq_params_set_template(), since 1.1): the recipe
 *                  of that index's text then starts "--template 'T'"
 *                  (single-quoted: a template holds no quote) in place of
 *                  the digits.
 *  @param ndigits  1..MSEQ_MAX_DIGITS (0 with a template).
 *  @param index    the sample index.
 *  @return 0; MSEQ_EBUFSIZE (out NULL or smaller than *size); MSEQ_EINVAL
 *          (size, ds, params or digits NULL without a template, ndigits 0,
 *          a digit outside 0-9, width not set); MSEQ_ERANGE (ndigits above
 *          MSEQ_MAX_DIGITS); MSEQ_ENOMEM. */
MSEQ_API int mseq_image_recipe(size_t *size, char *out, size_t out_size,
                               const mseq_dataset *ds,
                               const mseq_params *params, const int *digits,
                               size_t ndigits, uint64_t index);

/** The data line of a recipe (since 1.1): the base names of the files ds
 *  was read from, each with the SHA-256 of its IDX content
 *  (mseq_dataset_sha256()): "train-images-idx3-ubyte sha256:<64 hex>
 *  train-labels-idx1-ubyte sha256:<64 hex>". The same size query as
 *  mseq_image_recipe().
 *  @param size, out, out_size  as for mseq_image_recipe().
 *  @param ds  the source data.
 *  @return 0; MSEQ_EBUFSIZE; MSEQ_EINVAL (size or ds NULL); MSEQ_ENOMEM. */
MSEQ_API int mseq_dataset_recipe(size_t *size, char *out, size_t out_size,
                                 const mseq_dataset *ds);

/* ------------------------------------------------------------------------
 * Dataset writer
 * ---------------------------------------------------------------------- */
/*  A dataset is a directory holding `count` generated images (sample indexes
 *  0 .. count - 1 of one parameter set and seed), their labels and a
 *  manifest.json that records everything that determines the bytes (every
 *  parameter, the seed, the split, the count, the shard size, the output
 *  format, the library version, and the names and SHA-256 of the data
 *  files that the source data was loaded from: of their IDX content, as read
 *  (a raw file's bytes, a .gz file's decompressed bytes), hashed from the
 *  data in memory, so files changed or removed after mseq_open() change
 *  nothing; not the thread count, which never changes the bytes). The
 *  manifest's text is deterministic: two jobs are the same job exactly when
 *  their manifests are equal as text.
 *
 *  Layouts (mseq_output):
 *    PNG  000000123.png per image (8-bit grayscale) + labels.csv with the
 *         columns file,text,length,boxes,source_indices, e.g.
 *         000000123.png,"0350",4,"3 0 31 28;33 0 61 28;...","1204 77 ..."
 *    NPY  images.npy, shape (count, rows, cols) of mseq_image_shape(),
 *         uint8 or float32 as MSEQ_PARAM_FORMAT says, loadable by
 *         numpy.load() as is, +
 *         labels.jsonl, one JSON object per image in index order:
 *         {"index": 123, "text": "0350", "length": 4, "boxes": [[3, 0, 31,
 *         28], ...], "source_indices": [1204, 77, ...]}
 *    TAR  WebDataset shards shard-000000.tar, ...: for each image
 *         000000123.png and 000000123.json (the object above).
 *  "text" is the digit string with its leading zeros (always a string);
 *  "boxes" are the glyph cells of mseq_placement as x_begin y_begin x_end
 *  y_end (half-open); "source_indices" index the split's IDX file. PNG and
 *  TAR images are always 8-bit (MSEQ_FORMAT_U8 values).
 *
 *  With MSEQ_PARAM_MASKS (since 1.1), each image's instance mask
 *  (mseq_generate_annotated()) goes beside it: PNG 000000123.mask.png, TAR
 *  the member 000000123.mask.png right after 000000123.png, NPY masks.npy
 *  (uint16, shape (count, rows, width)). A mask PNG is 8-bit grayscale when
 *  an image holds at most 255 digits (the sequence's length, or
 *  MSEQ_PARAM_MAX_LENGTH), 16-bit grayscale beyond. The labels then end
 *  with each digit's ink box (mseq_ink_box, written as the cells are):
 *  labels.csv gains the last column ink_boxes ("x0 y0 x1 y1;..."), the
 *  JSON objects the last field "ink_boxes": [[x0, y0, x1, y1], ...].
 *
 *  With MSEQ_WRITER_SAME (since 1.1), the labels end with the image's
 *  writer as mseq_glyph_writer() gives it: labels.csv gains the last
 *  column writer, the JSON objects the last field "writer": 17179871289;
 *  manifest.json records "writer": "same" and the writers' file by name
 *  and SHA-256 of its content ("writers_file", "writers_sha256"), so a
 *  resume or a check with another file is refused. mseq_verify_dataset()
 *  then needs that file in its data folder.
 *
 *  Shards: shard k holds images [k * S, min(count, (k + 1) * S)) where S is
 *  MSEQ_PARAM_SHARD_SIZE. While a job runs, .mnistseq-parts/ in the
 *  directory records which shards are complete; mseq_writer_finish()
 *  writes the label file, moves images.npy into place and removes it.
 *  A shard is written whole or redone: after a kill or an error, running
 *  the same job again keeps the complete shards untouched and redoes the
 *  others. The result is byte for byte the same whatever the thread count,
 *  the order in which shards are written, or how many processes or machines
 *  write them (each image is a pure function of data, parameters, seed and
 *  index).
 *
 *  Distributed use: one process calls mseq_writer_new() and
 *  mseq_writer_begin(); then each task (any process or machine that sees
 *  the directory and the same data files) builds the same writer with
 *  mseq_writer_new() and calls mseq_writer_write_shard() for its shard;
 *  finally one process calls mseq_writer_finish(). mseq_write_dataset() is
 *  all of it in one call. */

/** Largest dataset count (9-digit file names). */
#define MSEQ_MAX_DATASET 999999999
/** Largest number of shards (6-digit shard names). */
#define MSEQ_MAX_SHARDS 1000000

/** How a dataset directory stores its images (see above). */
typedef enum mseq_output {
    MSEQ_OUTPUT_PNG = 0, /**< NNNNNNNNN.png files + labels.csv */
    MSEQ_OUTPUT_NPY = 1, /**< images.npy + labels.jsonl */
    MSEQ_OUTPUT_TAR = 2  /**< shard-NNNNNN.tar (WebDataset) */
} mseq_output;

/** Flag of mseq_writer_begin() and mseq_write_dataset(): start the job over,
 *  whatever the directory holds: the dataset of another job, a non-empty
 *  directory without manifest.json, or this job's own dataset (finished or
 *  not: nothing is kept). Only the files a dataset writer makes are removed
 *  (manifest.json, labels.csv, labels.jsonl, images.npy, masks.npy,
 *  NNNNNNNNN.png, NNNNNNNNN.mask.png, shard-NNNNNN.tar, .mnistseq-parts);
 *  others stay. */
#define MSEQ_WRITE_FORCE 1u

/** Progress of a dataset job: `done` of `total` images are written. Called
 *  on the thread that called the writer, after each small group of images
 *  (and once at the start of mseq_write_dataset()). Return 0 to go on, or
 *  non-zero to cancel: the call then returns MSEQ_ECANCELED soon after,
 *  having removed the partial files of the shard it was writing; complete
 *  shards are kept, so running the job again resumes it. */
typedef int (*mseq_progress_fn)(uint64_t done, uint64_t total, void *user);

/** A dataset job: directory, source data, parameters, sequence, count and
 *  layout. */
typedef struct mseq_writer mseq_writer;

/** Describe a dataset job. Nothing is written here.
 *
 *  @param out      receives the new writer; untouched on failure.
 *  @param dir      the dataset directory (created with its parents by
 *                  mseq_writer_begin() when missing).
 *  @param ds       the source data. Must outlive the writer.
 *  @param params   generation parameters, copied (the params object may be
 *                  freed or changed afterwards). MSEQ_PARAM_WIDTH must be
 *                  set; MSEQ_PARAM_SHARD_SIZE, MSEQ_PARAM_PNG_LEVEL,
 *                  MSEQ_PARAM_PNG_RECIPE and MSEQ_PARAM_THREADS apply;
 *                  MSEQ_PARAM_FORMAT matters to MSEQ_OUTPUT_NPY only.
 *  @param digits   the sequence of every image (ndigits values 0-9), or
 *                  NULL with ndigits 0 for random sequences drawn per index
 *                  as mseq_random_sequence() does.
 *  @param count    number of images, 1..MSEQ_MAX_DATASET.
 *  @param output   an mseq_output.
 *  @return 0; MSEQ_EINVAL (NULL pointers, dir "", count 0, a bad digit,
 *          digits/ndigits mismatch, unknown output, width not set,
 *          min_spacing > max_spacing, min_length > max_length),
 *          MSEQ_ERANGE (count above MSEQ_MAX_DATASET, more than
 *          MSEQ_MAX_SHARDS shards, a unique count above the number of
 *          distinct sequences), MSEQ_ENOFIT (image 0 cannot be made),
 *          MSEQ_ENOMEM.
 *  Image 0 is generated here, so that bad parameters fail before any file
 *  is touched, and the source data's content is hashed for the manifest, from
 *  memory (about 0.03 s for MNIST's training split; the data files are
 *  never read again). Free the writer with mseq_writer_free(). */
MSEQ_API int mseq_writer_new(mseq_writer **out, const char *dir,
                             const mseq_dataset *ds, const mseq_params *params,
                             const int *digits, size_t ndigits, uint64_t count,
                             mseq_output output);

/** Release a writer. NULL is a no-op. Never touches the directory. */
MSEQ_API void mseq_writer_free(mseq_writer *writer);

/** The manifest.json text of the job (ends with a newline). The string
 *  belongs to the writer and lives as long as it does. */
MSEQ_API int mseq_writer_manifest(const char **text, const mseq_writer *writer);

/** Number of shards of the job: ceil(count / MSEQ_PARAM_SHARD_SIZE). */
MSEQ_API int mseq_writer_shard_count(uint64_t *shards,
                                     const mseq_writer *writer);

/** First image index and number of images of one shard.
 *  @return 0; MSEQ_EINVAL (NULL pointers, shard >= the shard count). */
MSEQ_API int mseq_writer_shard_range(uint64_t *first, uint64_t *count,
                                     const mseq_writer *writer, uint64_t shard);

/** Prepare the directory for the job. Without manifest.json the directory
 *  must be empty or missing; with this job's manifest.json the job resumes
 *  (a finished dataset is left as it is); with another job's manifest.json
 *  the call fails.
 *  @param flags  0 (resume or refuse, as above) or MSEQ_WRITE_FORCE (start
 *                over, see there).
 *  @return 0; MSEQ_EINVAL (NULL writer, unknown flags), MSEQ_EEXIST (another
 *          job's manifest, whose first difference mseq_last_error() names,
 *          e.g. '"seed" is 1 there, 2 here'; or a non-empty directory
 *          without manifest), MSEQ_EIO (the directory cannot be created or
 *          written), MSEQ_ENOMEM.
 *  Not to be called while another call writes to the same directory. */
MSEQ_API int mseq_writer_begin(mseq_writer *writer, unsigned flags);

/** Whether a shard is complete in the directory (or the dataset finished).
 *  @param done  receives 1 or 0.
 *  @return 0; MSEQ_EINVAL (NULL pointers, shard out of range), MSEQ_EIO. */
MSEQ_API int mseq_writer_shard_done(int *done, const mseq_writer *writer,
                                    uint64_t shard);

/** Write one shard, unless it is complete, on MSEQ_PARAM_THREADS threads.
 *  The directory must hold this job's manifest.json (mseq_writer_begin()
 *  was called, in this process or another). Distinct shards may be written
 *  at the same time, by threads sharing the writer or by other processes.
 *  @param progress  NULL, or called with the shard's images done and its
 *                   size (see mseq_progress_fn).
 *  @return 0; MSEQ_EINVAL (NULL writer, shard out of range, the job was not
 *          begun), MSEQ_EEXIST (the directory holds another job),
 *          MSEQ_ECANCELED, MSEQ_EIO (naming the file), MSEQ_ENOFIT and
 *          the other errors of generation (naming the image index),
 *          MSEQ_ENOMEM. On failure the shard's partial files are removed and
 *          other shards are untouched. */
MSEQ_API int mseq_writer_write_shard(const mseq_writer *writer, uint64_t shard,
                                     mseq_progress_fn progress, void *user);

/** Complete the dataset once every shard is: write labels.csv or
 *  labels.jsonl, move images.npy into place, remove .mnistseq-parts. A
 *  finished dataset is left as it is.
 *  @return 0; MSEQ_EINVAL (NULL writer, job not begun, a shard not
 *          complete: mseq_last_error() names it), MSEQ_EEXIST (another job's
 *          directory), MSEQ_EIO, MSEQ_ENOMEM. */
MSEQ_API int mseq_writer_finish(mseq_writer *writer);

/** Write a whole dataset: mseq_writer_new(), mseq_writer_begin(flags), every
 *  shard not yet complete, mseq_writer_finish(). progress (or NULL) sees the
 *  whole job: complete shards of an earlier run count as done at once.
 *  @return as the functions above. */
MSEQ_API int mseq_write_dataset(const char *dir, const mseq_dataset *ds,
                                const mseq_params *params, const int *digits,
                                size_t ndigits, uint64_t count,
                                mseq_output output, unsigned flags,
                                mseq_progress_fn progress, void *user);

/** Receives one problem that mseq_verify_dataset() found (a line of text
 *  naming the file, valid during the call only). Returns 0 to go on,
 *  non-zero to hear of no more problems (they are still counted). */
typedef int (*mseq_problem_fn)(const char *problem, void *user);

/** Re-checks a finished dataset folder against its manifest (since 1.1):
 *  every file the manifest implies is there (png: labels.csv with one row
 *  an image and every NNNNNNNNN.png; npy: labels.jsonl and images.npy of
 *  its exact size; tar: every shard, whole; with masks also every
 *  NNNNNNNNN.mask.png, or masks.npy of its exact size), no write is in
 *  progress, and `sample` images with their label rows (and masks),
 *  regenerated from the manifest's job, equal the folder's bytes.
 *
 *  @param problems out: how many problems were found (0: the dataset is
 *                  complete and every sampled image is exact).
 *  @param dir      the dataset folder (holding manifest.json).
 *  @param data     the IDX folder it was made from, or NULL for the
 *                  default lookup (as mseq_open); the split is the
 *                  manifest's. Data whose content differs from the
 *                  manifest's SHA-256 is MSEQ_EINVAL.
 *  @param sample   images to regenerate, spread evenly over the dataset;
 *                  0 checks the files only, >= count checks every image.
 *  @param report   called once per problem, in order (may be NULL).
 *  @return 0 when the check ran (whatever it found); MSEQ_EINVAL (NULL
 *          problems or dir; a manifest this version cannot read; data or
 *          job not the manifest's), MSEQ_EIO (no manifest.json, data
 *          unreadable), MSEQ_ENOMEM. */
MSEQ_API int mseq_verify_dataset(uint64_t *problems, const char *dir,
                                 const char *data, uint64_t sample,
                                 mseq_problem_fn report, void *user);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_H */
