"""
    MnistSeq

Images of handwritten digit sequences made from MNIST: a wrapper of the C
library libmnistseq through `ccall`.

```julia
using MnistSeq
ds = Dataset()                       # MNISTSEQ_DATA, else the installed MNIST
p = Params(spacing = (2, 8), width = 200, seed = 42)
img = generate(ds, p, [3, 5, 0])     # 28×200 Matrix{Float32}, 1.0 = white
```

Every C failure raises a [`MnistSeqError`](@ref) carrying the library's code
and message. Handles are freed by finalizers, or at once with `close`.

The library is found through `MNISTSEQ_LIBRARY` (a path or a name), else as
`libmnistseq` on the system loader's path; its major version must match
[`MSEQ_VERSION_MAJOR`](@ref).

Images are returned in Julia's usual orientation (`img[y, x]`, rows first).
The `!` functions instead fill a caller buffer in the C layout: row-major,
which for a Julia array means a `width × rows` (× count) array.
"""
module MnistSeq

using Libdl

export Dataset, Params, Placement, InkBox, MnistSeqError
export Split, SPLIT_TRAIN, SPLIT_TEST
export Param, Fit, FIT_PAD, FIT_EXACT, FIT_STRICT
export Align, ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT, ALIGN_RANDOM
export Format, FORMAT_F32, FORMAT_U8
export Preset, PRESET_NONE, PRESET_LIGHT, PRESET_MEDIUM, PRESET_HEAVY
export Background, BACKGROUND_FLAT, BACKGROUND_GRADIENT, BACKGROUND_TEXTURE
export BACKGROUND_IMAGE, set_background_images!
export WriterChoice, WRITER_ANY, WRITER_SAME, glyph_writer
export Permutation, PERMUTATION_UNIFORM, PERMUTATION_FEISTEL_1_0
export Style, STYLE_ANY, STYLE_CONSISTENT
export generate, generate!, generate_with_layout, generate_annotated!, generate_batch, generate_batch!
export generate_batch_annotated!, write_png_rgb, encode_png_rgb
export generate_mnist_sequence, random_sequence, write_png, encode_png, sequence_count
export Template, template_count, template_text, generate_text!, set_template!
export Writer, Output, OUTPUT_PNG, OUTPUT_NPY, OUTPUT_TAR, write_dataset
export manifest, shard_count, shard_range, shard_done, start!, write_shard, finish!
export verify_dataset
export ParamDesc, ParamType, ParamGroup, param_info, param_by_name, param_list
export glyph_size, class_count, dataset_files, image_size, image_shape,
       strerror, last_error
export PngText, write_png_text, encode_png_text, read_png_text, dataset_sha256
export image_recipe, dataset_recipe

# ---------------------------------------------------------------------------
# Constants of mnistseq.h (checked against the header by
# test/check_ccalls.py)
# ---------------------------------------------------------------------------

"Major version of the C API this module is written for."
const MSEQ_VERSION_MAJOR = 1

# Return codes (enum mseq_error).
const MSEQ_OK = Cint(0)
const MSEQ_EINVAL = Cint(-1)
const MSEQ_ENOMEM = Cint(-2)
const MSEQ_ENOTFOUND = Cint(-3)
const MSEQ_EIO = Cint(-4)
const MSEQ_EFORMAT = Cint(-5)
const MSEQ_EBUFSIZE = Cint(-6)
const MSEQ_ENOFIT = Cint(-7)
const MSEQ_ERANGE = Cint(-8)
const MSEQ_EEXIST = Cint(-9)
const MSEQ_EINTERNAL = Cint(-10)
const MSEQ_ECANCELED = Cint(-11)

# Limits.
const MSEQ_MAX_WIDTH = 65536
const MSEQ_MAX_DIGITS = 1024
const MSEQ_MAX_SPACING = 65536
const MSEQ_MAX_GLYPH_SIDE = 1024
const MSEQ_MAX_GLYPHS = 16777216
const MSEQ_MAX_BATCH = 16777216
const MSEQ_MAX_THREADS = 1024
const MSEQ_MAX_BACKGROUND_IMAGES = 1024
const MSEQ_MAX_BACKGROUND_PIXELS = 67108864
const MSEQ_MAX_DATASET = 999999999
const MSEQ_MAX_SHARDS = 1000000

"Flag of the dataset writer: replace another job's dataset."
const MSEQ_WRITE_FORCE = Cuint(1)

"Which half of the source data the digits come from (`mseq_split`)."
@enum Split::Cint begin
    SPLIT_TRAIN = 0
    SPLIT_TEST = 1
end

"A parameter key (`mseq_param`); see [`Params`](@ref)."
@enum Param::Cint begin
    PARAM_MIN_SPACING = 1
    PARAM_MAX_SPACING = 2
    PARAM_WIDTH = 3
    PARAM_FIT = 4
    PARAM_ALIGN = 5
    PARAM_INVERT = 6
    PARAM_SEED = 7
    PARAM_FORMAT = 8
    PARAM_MIN_LENGTH = 9
    PARAM_MAX_LENGTH = 10
    PARAM_NO_LEADING_ZERO = 11
    PARAM_UNIQUE = 12
    PARAM_THREADS = 13
    PARAM_SHARD_SIZE = 14
    PARAM_PNG_LEVEL = 15
    PARAM_HEIGHT = 100
    PARAM_MARGIN_X = 101
    PARAM_MARGIN_Y = 102
    PARAM_WRITER = 103
    PARAM_UNIQUE_PERMUTATION = 104
    PARAM_STYLE = 105
    PARAM_ROTATE = 200
    PARAM_SHEAR = 201
    PARAM_DIGIT_SCALE = 202
    PARAM_ASPECT = 203
    PARAM_SHIFT_Y = 204
    PARAM_THICKNESS = 205
    PARAM_ELASTIC_ALPHA = 206
    PARAM_ELASTIC_SIGMA = 207
    PARAM_PRESET = 210
    PARAM_STRENGTH = 211
    PARAM_BASELINE_SLOPE = 212
    PARAM_WAVE_AMPLITUDE = 213
    PARAM_WAVE_PERIOD = 214
    PARAM_NOISE_STD = 220
    PARAM_SALT_PEPPER = 221
    PARAM_BLUR_SIGMA = 222
    PARAM_CONTRAST = 223
    PARAM_BRIGHTNESS = 224
    PARAM_GAMMA = 225
    PARAM_INK_LEVEL = 226
    PARAM_PAPER_LEVEL = 227
    PARAM_BACKGROUND = 228
    PARAM_BACKGROUND_STRENGTH = 229
    PARAM_TEXTURE_SCALE = 230
    PARAM_PNG_RECIPE = 300
    PARAM_MASKS = 301
end

"The value type of a parameter (`mseq_param_type`)."
@enum ParamType::Cint begin
    TYPE_INT = 0
    TYPE_BOOL = 1
    TYPE_ENUM = 2
    TYPE_F64 = 3
end

"The group of a parameter (`mseq_param_group`)."
@enum ParamGroup::Cint begin
    GROUP_GENERATION = 100
    GROUP_AUGMENTATION = 200
    GROUP_OUTPUT = 300
    GROUP_THREADS = 400
    GROUP_EXPERIMENTAL = 1000
end

const MSEQ_PARAM_DESC_VERSION = Cuint(1)

"""
    ParamDesc

One row of the library's parameter table (`mseq_param_desc`), as
[`param_info`](@ref) returns it: name, help line, type, group, bounds and
default. The strings belong to the library.
"""
"`mseq_png_text`: one PNG text chunk (keyword, text)."
struct PngText
    key::Cstring
    text::Cstring
end

const MSEQ_OPEN_OPTIONS_VERSION = Cuint(1)

"Options of `mseq_open_ext` (`mseq_open_options`): the writers file."
struct OpenOptions
    version::Cuint
    writers::Cstring
end

struct ParamDesc
    version::Cuint
    key::Cint
    name::Cstring
    help::Cstring
    value_type::Cint
    group::Cint
    min::Int64
    max::Int64
    default_value::Int64
    min_f64::Cdouble
    max_f64::Cdouble
    default_f64::Cdouble
    choices::Cstring
    limit::Cstring
end

"How a strip of digits is fitted to the width (`mseq_fit`)."
@enum Fit::Cint begin
    FIT_PAD = 0
    FIT_EXACT = 1
    FIT_STRICT = 2
end

"Where a padded strip sits (`mseq_align`)."
@enum Align::Cint begin
    ALIGN_CENTER = 0
    ALIGN_LEFT = 1
    ALIGN_RIGHT = 2
    ALIGN_RANDOM = 3
end

"Pixel format of generated images (`mseq_format`)."
@enum Format::Cint begin
    FORMAT_F32 = 0
    FORMAT_U8 = 1
end

"Augmentation presets (`mseq_preset`), for `PARAM_PRESET`."
@enum Preset::Cint begin
    PRESET_NONE = 0
    PRESET_LIGHT = 1
    PRESET_MEDIUM = 2
    PRESET_HEAVY = 3
end

"The paper's pattern (`mseq_background`), for `PARAM_BACKGROUND`."
@enum Background::Cint begin
    BACKGROUND_FLAT = 0
    BACKGROUND_GRADIENT = 1
    BACKGROUND_TEXTURE = 2
    BACKGROUND_IMAGE = 3
end

"Whose digits an image holds (`mseq_writer_choice`), for `PARAM_WRITER`."
@enum WriterChoice::Cint begin
    WRITER_ANY = 0
    WRITER_SAME = 1
end

"""The order of unique random sequences (`mseq_permutation`), for
`PARAM_UNIQUE_PERMUTATION`: `PERMUTATION_UNIFORM` (default; every order
equally likely up to 2^16 sequences) or `PERMUTATION_FEISTEL_1_0` (1.0's
order, non-uniform for few sequences)."""
@enum Permutation::Cint begin
    PERMUTATION_UNIFORM = 0
    PERMUTATION_FEISTEL_1_0 = 1
end

"How alike the digits of an image look (`mseq_style`), for `PARAM_STYLE`."
@enum Style::Cint begin
    STYLE_ANY = 0
    STYLE_CONSISTENT = 1
end

"How a dataset directory stores its images (`mseq_output`)."
@enum Output::Cint begin
    OUTPUT_PNG = 0
    OUTPUT_NPY = 1
    OUTPUT_TAR = 2
end

"""
    Placement

Where one digit went in a generated image (`mseq_placement`): the glyph
cell's half-open span `[x_begin, x_end) × [y_begin, y_end)` in 0-based output
pixels, the glyph's 0-based index in the split's IDX file, and its label.
"""
struct Placement
    x_begin::Int32
    x_end::Int32
    y_begin::Int32
    y_end::Int32
    source_index::Int32
    label::Int32
end

Base.zero(::Type{Placement}) = Placement(0, 0, 0, 0, 0, 0)

"""
    InkBox

The tight box of one digit's ink (`mseq_ink_box`): half-open
`[x_begin, x_end) × [y_begin, y_end)` in 0-based output pixels, all 0 when
none of its ink shows.
"""
struct InkBox
    x_begin::Int32
    x_end::Int32
    y_begin::Int32
    y_end::Int32
end

Base.zero(::Type{InkBox}) = InkBox(0, 0, 0, 0)

# ---------------------------------------------------------------------------
# Loading the library
# ---------------------------------------------------------------------------

# Every C function this module calls; resolved once by __init__.
const _SYMBOLS = (
    :mseq_version_number, :mseq_version_string, :mseq_strerror,
    :mseq_last_error, :mseq_open, :mseq_free, :mseq_glyph_size,
    :mseq_class_count, :mseq_dataset_files, :mseq_params_new,
    :mseq_params_free, :mseq_params_set, :mseq_params_get, :mseq_image_size,
    :mseq_generate, :mseq_generate_batch, :mseq_random_sequence,
    :mseq_write_png, :mseq_encode_png, :mseq_sequence_count,
    :mseq_writer_new, :mseq_writer_free,
    :mseq_writer_manifest, :mseq_writer_shard_count, :mseq_writer_shard_range,
    :mseq_writer_begin, :mseq_writer_shard_done, :mseq_writer_write_shard,
    :mseq_writer_finish, :mseq_write_dataset, :mseq_verify_dataset,
    :mseq_param_info, :mseq_param_by_name, :mseq_param_list,
    :mseq_params_set_f64, :mseq_params_get_f64,
    :mseq_write_png_text, :mseq_encode_png_text, :mseq_read_png_text,
    :mseq_dataset_sha256, :mseq_generate_annotated, :mseq_image_recipe,
    :mseq_dataset_recipe, :mseq_image_shape, :mseq_generate_batch_annotated,
    :mseq_write_png_rgb, :mseq_encode_png_rgb, :mseq_open_ext,
    :mseq_glyph_writer, :mseq_template_new, :mseq_template_free,
    :mseq_template_count, :mseq_template_text, :mseq_generate_text,
    :mseq_params_set_template, :mseq_params_set_background_images,
)
const _fptr = Dict{Symbol,Ptr{Cvoid}}()
const _handle = Ref{Ptr{Cvoid}}(C_NULL)

function __init__()
    name = get(ENV, "MNISTSEQ_LIBRARY", "")
    candidates = isempty(name) ?
        ["libmnistseq", "libmnistseq.so.$MSEQ_VERSION_MAJOR",
         "libmnistseq.$MSEQ_VERSION_MAJOR.dylib"] : [name]
    h = nothing
    for c in candidates
        h = Libdl.dlopen(c; throw_error = false)
        h === nothing || break
    end
    h === nothing && error("MnistSeq: cannot load libmnistseq (tried ",
        join(candidates, ", "), "): install it, or set MNISTSEQ_LIBRARY to ",
        "the library's path")
    _handle[] = h
    _progress_cfun[] = @cfunction(_progress_trampoline, Cint, (UInt64, UInt64, Ptr{Cvoid}))
    _problem_cfun[] = @cfunction(_problem_trampoline, Cint, (Cstring, Ptr{Cvoid}))
    for s in _SYMBOLS
        _fptr[s] = Libdl.dlsym(h, s)  # throws, naming the symbol, if absent
    end
    major = version_number() ÷ 10000
    major == MSEQ_VERSION_MAJOR || error("MnistSeq: ", Libdl.dlpath(h),
        " is version ", version(), "; this module needs major version ",
        MSEQ_VERSION_MAJOR)
    return nothing
end

# The address of a C function (read-only after __init__: thread-safe).
_f(s::Symbol) = _fptr[s]

# ---------------------------------------------------------------------------
# Versions and errors
# ---------------------------------------------------------------------------

"The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH."
version_number() = Int(ccall(_f(:mseq_version_number), Cuint, ()))

"The loaded library's version."
version() = VersionNumber(unsafe_string(ccall(_f(:mseq_version_string), Cstring, ())))

"The library's static description of an error code (\"invalid argument\")."
strerror(code::Integer) =
    unsafe_string(ccall(_f(:mseq_strerror), Cstring, (Cint,), _cint(code, "error code")))

"The detailed message of the last failed call on this thread (\"\" if none)."
last_error() = unsafe_string(ccall(_f(:mseq_last_error), Cstring, ()))

"""
    MnistSeqError(code, message)

A failed library call: `code` is the negative `MSEQ_E*` code and `message`
the library's detail, naming the argument or file at fault.
"""
struct MnistSeqError <: Exception
    code::Int
    message::String
end

function Base.showerror(io::IO, e::MnistSeqError)
    print(io, "MnistSeqError: ", strerror(e.code))
    isempty(e.message) || print(io, ": ", e.message)
end

# Throws the error of a call that just returned rc. The message is
# thread-local in C: it is read right away, with no yield point between the
# failing call and this one, so the task cannot have moved to another thread.
@inline function _check(rc::Cint)
    rc == MSEQ_OK || throw(MnistSeqError(rc, last_error()))
    return nothing
end

_invalid(msg) = throw(MnistSeqError(MSEQ_EINVAL, msg))

# Integer arguments converted for C, or an EINVAL error naming them (never an
# InexactError, never a silent wrap-around).
function _cint(x::Integer, what)
    typemin(Cint) <= x <= typemax(Cint) || _invalid("$what $x is out of range")
    return Cint(x)
end
function _index(x::Integer, what = "index")
    0 <= x <= typemax(UInt64) || _invalid("$what $x must be in 0..2^64-1")
    return UInt64(x)
end

# ---------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------

"""
    Dataset(path = nothing; split = SPLIT_TRAIN, writers = nothing)

Open one split of IDX digit source data. `path` is a directory holding the
IDX files (either usual name, raw or gzip), or `nothing` for the default
lookup: `MNISTSEQ_DATA`, then the installed data. `writers` names QMNIST's
extended labels of the split for `writer = WRITER_SAME` (default: the data
folder's copy when it holds one). The whole split is read and validated
here. The handle is immutable and may be shared by threads; it
is freed by its finalizer, or at once by `close`.
"""
mutable struct Dataset
    ptr::Ptr{Cvoid}

    function Dataset(path::Union{Nothing,AbstractString} = nothing;
                     split::Split = SPLIT_TRAIN,
                     writers::Union{Nothing,AbstractString} = nothing)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        if writers !== nothing
            w = String(writers)
            isempty(w) && _invalid("writers is empty")
            occursin('\0', w) && _invalid("writers $(repr(w)) contains a NUL byte")
            p = path === nothing ? nothing : String(path)
            p !== nothing && occursin('\0', p) &&
                _invalid("data path $(repr(p)) contains a NUL byte")
            rc = GC.@preserve w p begin
                opts = Ref(OpenOptions(MSEQ_OPEN_OPTIONS_VERSION,
                                       Base.unsafe_convert(Cstring, w)))
                ccall(_f(:mseq_open_ext), Cint,
                      (Ptr{Ptr{Cvoid}}, Cstring, Cint, Ptr{OpenOptions}),
                      out, p === nothing ? Cstring(C_NULL) : p, Cint(split), opts)
            end
        elseif path === nothing
            rc = ccall(_f(:mseq_open), Cint, (Ptr{Ptr{Cvoid}}, Cstring, Cint),
                       out, Cstring(C_NULL), Cint(split))
        else
            p = String(path)
            occursin('\0', p) && _invalid("data path $(repr(p)) contains a NUL byte")
            rc = ccall(_f(:mseq_open), Cint, (Ptr{Ptr{Cvoid}}, Cstring, Cint),
                       out, p, Cint(split))
        end
        _check(rc)
        return finalizer(_free!, new(out[]))
    end
end

function _free!(ds::Dataset)
    if ds.ptr != C_NULL
        ccall(_f(:mseq_free), Cvoid, (Ptr{Cvoid},), ds.ptr)
        ds.ptr = C_NULL
    end
    return nothing
end

"Free the source data now; later use raises a `MnistSeqError`. Idempotent."
Base.close(ds::Dataset) = _free!(ds)

Base.isopen(ds::Dataset) = ds.ptr != C_NULL

function _live(ds::Dataset)
    ds.ptr == C_NULL && _invalid("the Dataset is closed")
    return ds.ptr
end

"Glyph size `(rows, cols)` of the source data: `(28, 28)` for MNIST."
function glyph_size(ds::Dataset)
    rows, cols = Ref{UInt32}(0), Ref{UInt32}(0)
    GC.@preserve ds _check(ccall(_f(:mseq_glyph_size), Cint,
        (Ptr{UInt32}, Ptr{UInt32}, Ptr{Cvoid}), rows, cols, _live(ds)))
    return (Int(rows[]), Int(cols[]))
end

"""
    glyph_writer(ds, glyph)

The writer of glyph `glyph` (a placement's 0-based `source_index`) as
`(NIST HSF series << 32) | writer id`, from QMNIST's extended labels (open
the `Dataset` with `writers = path`, or keep the file in the data folder).
"""
function glyph_writer(ds::Dataset, glyph::Integer)
    (0 <= glyph <= typemax(UInt32)) || _invalid("glyph $glyph is not a glyph index")
    w = Ref{UInt64}(0)
    GC.@preserve ds _check(ccall(_f(:mseq_glyph_writer), Cint,
        (Ptr{UInt64}, Ptr{Cvoid}, UInt32), w, _live(ds), UInt32(glyph)))
    return w[]
end

"Number of images of `digit` (0-9), or of all digits with `nothing`."
function class_count(ds::Dataset, digit::Union{Nothing,Integer} = nothing)
    d = digit === nothing ? Cint(-1) : _cint(digit, "digit")
    n = Ref{Csize_t}(0)
    GC.@preserve ds _check(ccall(_f(:mseq_class_count), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Cint), n, _live(ds), d))
    return Int(n[])
end

"Paths `(images, labels)` of the files the source data was read from."
function dataset_files(ds::Dataset)
    images, labels = Ref{Cstring}(Cstring(C_NULL)), Ref{Cstring}(Cstring(C_NULL))
    # The strings belong to the handle: copy them while it is preserved.
    files = GC.@preserve ds begin
        _check(ccall(_f(:mseq_dataset_files), Cint,
            (Ptr{Cstring}, Ptr{Cstring}, Ptr{Cvoid}), images, labels, _live(ds)))
        (unsafe_string(images[]), unsafe_string(labels[]))
    end
    return files
end

"SHA-256 hex digests `(images, labels)` of the IDX content the source data was read from."
function dataset_sha256(ds::Dataset)
    images, labels = zeros(UInt8, 65), zeros(UInt8, 65)
    GC.@preserve ds images labels _check(ccall(_f(:mseq_dataset_sha256), Cint,
        (Ptr{UInt8}, Ptr{UInt8}, Ptr{Cvoid}), images, labels, _live(ds)))
    return (String(images[1:64]), String(labels[1:64]))
end

# A text the library writes after a size query (`mseq_image_recipe`,
# `mseq_dataset_recipe`): `call(out, size)` runs the C function.
function _sized_text(call)
    n = Ref{Csize_t}(0)
    rc = call(n, C_NULL, 0)
    rc == -6 || _check(rc)  # MSEQ_EBUFSIZE: the size is known
    out = Vector{UInt8}(undef, n[])
    GC.@preserve out _check(call(n, pointer(out), length(out)))
    return String(out[1:end-1])
end

"""
    image_recipe(ds, p, digits, index) -> String

The recipe of image `index` of `digits` under `p`: the `mnistseq-cli`
seed-form arguments that make it again, bit for bit.
"""
function image_recipe(ds::Dataset, p, digits::AbstractVector{<:Integer},
                      index::Integer)
    d = Cint.(digits)
    GC.@preserve ds p d _sized_text((n, out, size) -> ccall(
        _f(:mseq_image_recipe), Cint,
        (Ptr{Csize_t}, Ptr{UInt8}, Csize_t, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint},
         Csize_t, UInt64),
        n, out, size, _live(ds), _live(p), d, length(d), UInt64(index)))
end

"The data line of a recipe: the file names and SHA-256 of the source data."
function dataset_recipe(ds::Dataset)
    GC.@preserve ds _sized_text((n, out, size) -> ccall(
        _f(:mseq_dataset_recipe), Cint,
        (Ptr{Csize_t}, Ptr{UInt8}, Csize_t, Ptr{Cvoid}),
        n, out, size, _live(ds)))
end

function Base.show(io::IO, ds::Dataset)
    if isopen(ds)
        print(io, "Dataset(", repr(first(dataset_files(ds))), ", ",
              class_count(ds), " digits)")
    else
        print(io, "Dataset(closed)")
    end
end

# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

"""
    Params(; spacing, min_spacing, max_spacing, width, fit, align, invert,
             seed, format, lengths, min_length, max_length, no_leading_zero,
             unique, unique_permutation, threads, shard_size, png_level,
             png_recipe, masks, writer, style)

Generation parameters, starting from the library defaults; each keyword sets
one key (`spacing = (min, max)` and `lengths = (min, max)` set two). Values
are checked by the library: a bad one raises a `MnistSeqError` naming it.
`p[key]` reads and `p[key] = value` sets a key by its [`Param`](@ref).
Do not change a `Params` while another task generates with it.
"""
mutable struct Params
    ptr::Ptr{Cvoid}

    function Params(; kwargs...)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        _check(ccall(_f(:mseq_params_new), Cint, (Ptr{Ptr{Cvoid}},), out))
        p = finalizer(_free!, new(out[]))
        for (k, v) in kwargs
            _setkw!(p, k, v)
        end
        return p
    end
end

const _KEYWORDS = Dict{Symbol,Param}(
    :min_spacing => PARAM_MIN_SPACING, :max_spacing => PARAM_MAX_SPACING,
    :width => PARAM_WIDTH, :fit => PARAM_FIT, :align => PARAM_ALIGN,
    :invert => PARAM_INVERT, :seed => PARAM_SEED, :format => PARAM_FORMAT,
    :min_length => PARAM_MIN_LENGTH, :max_length => PARAM_MAX_LENGTH,
    :no_leading_zero => PARAM_NO_LEADING_ZERO, :unique => PARAM_UNIQUE,
    :unique_permutation => PARAM_UNIQUE_PERMUTATION,
    :threads => PARAM_THREADS, :shard_size => PARAM_SHARD_SIZE,
    :png_level => PARAM_PNG_LEVEL, :png_recipe => PARAM_PNG_RECIPE,
    :height => PARAM_HEIGHT, :margin_x => PARAM_MARGIN_X,
    :margin_y => PARAM_MARGIN_Y, :masks => PARAM_MASKS,
    :writer => PARAM_WRITER, :style => PARAM_STYLE,
)

function _setkw!(p::Params, k::Symbol, v)
    if k === :spacing || k === :lengths
        (v isa Tuple{Integer,Integer}) ||
            _invalid("$k must be a (min, max) tuple of integers, got $(repr(v))")
        lo, hi = k === :spacing ? (PARAM_MIN_SPACING, PARAM_MAX_SPACING) :
                                  (PARAM_MIN_LENGTH, PARAM_MAX_LENGTH)
        p[lo] = v[1]
        p[hi] = v[2]
    elseif haskey(_KEYWORDS, k)
        p[_KEYWORDS[k]] = v
    else
        _invalid("unknown parameter keyword $k")
    end
end

function _free!(p::Params)
    if p.ptr != C_NULL
        ccall(_f(:mseq_params_free), Cvoid, (Ptr{Cvoid},), p.ptr)
        p.ptr = C_NULL
    end
    return nothing
end

"Free the parameters now; later use raises a `MnistSeqError`. Idempotent."
Base.close(p::Params) = _free!(p)

function _live(p::Params)
    p.ptr == C_NULL && _invalid("the Params are closed")
    return p.ptr
end

# The int64 value of a key: enums by their C value, Bool as 0/1, the seed's
# UInt64 bit pattern as is. Anything else must fit an Int64 exactly.
_value(v::Bool) = Int64(v)
_value(v::Union{Fit,Align,Format,Permutation}) = Int64(Integer(v))
_value(v::UInt64) = reinterpret(Int64, v)
function _value(v::Integer)
    typemin(Int64) <= v <= typemax(Int64) || _invalid("$v does not fit an int64")
    return Int64(v)
end
_value(v) = _invalid("a parameter value must be an integer, Bool or enum, got $(repr(v))")

function Base.setindex!(p::Params, value, key::Param)
    v = _value(value)
    GC.@preserve p _check(ccall(_f(:mseq_params_set), Cint,
        (Ptr{Cvoid}, Cint, Int64), _live(p), Cint(key), v))
    return p
end

function Base.getindex(p::Params, key::Param)
    v = Ref{Int64}(0)
    GC.@preserve p _check(ccall(_f(:mseq_params_get), Cint,
        (Ptr{Int64}, Ptr{Cvoid}, Cint), v, _live(p), Cint(key)))
    return v[]
end

"""
    param_info(key::Param) -> ParamDesc

The library's table row of `key`: its name, help line, type, group, bounds
and default (`mseq_param_info`).
"""
function param_info(key::Param)
    d = Ref(ParamDesc(MSEQ_PARAM_DESC_VERSION, 0, C_NULL, C_NULL, 0, 0, 0, 0, 0,
                      0.0, 0.0, 0.0, C_NULL, C_NULL))
    _check(ccall(_f(:mseq_param_info), Cint, (Ref{ParamDesc}, Cint), d, Cint(key)))
    return d[]
end

"The key named `name` (\"min_spacing\"), from the library's table."
function param_by_name(name::AbstractString)
    occursin('\0', name) && _invalid("parameter name $(repr(name)) contains a NUL byte")
    k = Ref{Cint}(0)
    _check(ccall(_f(:mseq_param_by_name), Cint, (Ptr{Cint}, Cstring), k, name))
    return Param(k[])
end

"Every key of the library's table, in table order."
function param_list()
    n = Ref{Csize_t}(0)
    _check(ccall(_f(:mseq_param_list), Cint, (Ptr{Cint}, Csize_t, Ptr{Csize_t}),
                 C_NULL, 0, n))
    keys = Vector{Cint}(undef, n[])
    _check(ccall(_f(:mseq_param_list), Cint, (Ptr{Cint}, Csize_t, Ptr{Csize_t}),
                 keys, n[], n))
    return [Param(k) for k in keys]
end

# Floating-point values (augmentation strengths): mseq_params_set_f64.
function Base.setindex!(p::Params, value::AbstractFloat, key::Param)
    GC.@preserve p _check(ccall(_f(:mseq_params_set_f64), Cint,
        (Ptr{Cvoid}, Cint, Cdouble), _live(p), Cint(key), Float64(value)))
    return p
end

"Read a parameter as a Float64 (`mseq_params_get_f64`)."
function get_f64(p::Params, key::Param)
    v = Ref{Float64}(0.0)
    GC.@preserve p _check(ccall(_f(:mseq_params_get_f64), Cint,
        (Ptr{Cdouble}, Ptr{Cvoid}, Cint), v, _live(p), Cint(key)))
    return v[]
end

function Base.show(io::IO, p::Params)
    print(io, "Params(")
    if p.ptr == C_NULL
        print(io, "closed")
    else
        join(io, ("$(lowercase(string(k)[7:end])) = $(p[k])" for k in instances(Param)), ", ")
    end
    print(io, ")")
end

_eltype(p::Params) = p[PARAM_FORMAT] == Integer(FORMAT_U8) ? UInt8 : Float32

function _check_eltype(::Type{T}, p::Params) where {T}
    S = _eltype(p)
    T === S || _invalid("the parameters' format gives $S pixels but the buffer holds $T")
end

"""
    random_sequence(p::Params, index) -> Vector{Int}

The random digit sequence that [`generate_batch`](@ref) draws for sample
`index` when given no digits.
"""
function random_sequence(p::Params, index::Integer)
    cap = Int(p[PARAM_MAX_LENGTH])
    digits = Vector{Cint}(undef, cap)
    len = Ref{Csize_t}(0)
    GC.@preserve p _check(ccall(_f(:mseq_random_sequence), Cint,
        (Ptr{Cint}, Csize_t, Ptr{Csize_t}, Ptr{Cvoid}, UInt64),
        digits, cap, len, _live(p), _index(index)))
    return Int.(digits[1:Int(len[])])
end

# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

"Size in bytes of one image generated with `p`."
function image_size(ds::Dataset, p::Params)
    n = Ref{Csize_t}(0)
    GC.@preserve ds p _check(ccall(_f(:mseq_image_size), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Ptr{Cvoid}), n, _live(ds), _live(p)))
    return Int(n[])
end

"""
    image_shape(ds, p) -> (rows, cols)

The shape of every image generated with `p`: the `height` parameter (the
glyph height when 0) by the width (`mseq_image_shape`).
"""
function image_shape(ds::Dataset, p::Params)
    rows, cols = Ref{UInt32}(0), Ref{UInt32}(0)
    GC.@preserve ds p _check(ccall(_f(:mseq_image_shape), Cint,
        (Ptr{UInt32}, Ptr{UInt32}, Ptr{Cvoid}, Ptr{Cvoid}), rows, cols,
        _live(ds), _live(p)))
    return (Int(rows[]), Int(cols[]))
end

# Digits as C ints; a string of digits is accepted too ("350").
_digits(d::AbstractString) = _digits(collect(d))
_digits(d::AbstractVector{<:AbstractChar}) =
    Cint[isdigit(c) ? c - '0' : _invalid("$(repr(c)) is not a digit") for c in d]
_digits(d) = Cint[_cint(x, "digit") for x in d]

"""
    generate!(buf, ds, p, digits; index = 0) -> (placements, scale)

Generate the image of `digits` for sample `index` into `buf`, a dense array
of `Float32` (format F32) or `UInt8` (format U8) with at least rows × width
elements, filled in the C layout (row-major: a `width × rows` Julia matrix).
Returns where each digit went and the scale applied to the strip.
"""
function generate!(buf::DenseArray{T}, ds::Dataset, p::Params, digits;
                   index::Integer = 0) where {T<:Union{Float32,UInt8}}
    _check_eltype(T, p)
    d = _digits(digits)
    placements = Vector{Placement}(undef, length(d))
    scale = Ref{Cfloat}(0)
    GC.@preserve buf ds p _check(ccall(_f(:mseq_generate), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{Placement}, Ptr{Cfloat}, Ptr{Cvoid},
         Ptr{Cvoid}, Ptr{Cint}, Csize_t, UInt64),
        buf, sizeof(buf), placements, scale, _live(ds), _live(p), d,
        length(d), _index(index)))
    return (placements, scale[])
end

"""
    generate_annotated!(buf, mask, ds, p, digits; index = 0) -> (boxes, placements, scale)

As [`generate!`](@ref), also filling `mask` (a `UInt16` array of at least
rows × width elements, C layout) with the instance mask (0 background,
`i` for the i-th digit's ink) and returning each digit's tight ink box.
"""
function generate_annotated!(buf::DenseArray{T}, mask::DenseArray{UInt16},
                             ds::Dataset, p::Params, digits;
                             index::Integer = 0) where {T<:Union{Float32,UInt8}}
    _check_eltype(T, p)
    d = _digits(digits)
    boxes = Vector{InkBox}(undef, length(d))
    placements = Vector{Placement}(undef, length(d))
    scale = Ref{Cfloat}(0)
    GC.@preserve buf mask ds p _check(ccall(_f(:mseq_generate_annotated), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{UInt16}, Csize_t, Ptr{InkBox},
         Ptr{Placement}, Ptr{Cfloat}, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint},
         Csize_t, UInt64),
        buf, sizeof(buf), mask, length(mask), boxes, placements, scale,
        _live(ds), _live(p), d, length(d), _index(index)))
    return (boxes, placements, scale[])
end

"""
    generate_with_layout(ds, p, digits; index = 0) -> (image, placements, scale)

As [`generate`](@ref), also returning where each digit went.
"""
function generate_with_layout(ds::Dataset, p::Params, digits; index::Integer = 0)
    rows, width = image_shape(ds, p)
    raw = Matrix{_eltype(p)}(undef, width, rows)
    placements, scale = generate!(raw, ds, p, digits; index = index)
    return (permutedims(raw), placements, scale)
end

"""
    generate(ds, p, digits; index = 0) -> Matrix

The image of `digits` (a vector of 0-9, or a string like "350") for sample
`index`: a rows × width matrix of `Float32` in [0, 1] (0 black, 1 white) or
of `UInt8`, per the parameters' format. A pure function of (data,
parameters, digits, index).
"""
generate(ds::Dataset, p::Params, digits; index::Integer = 0) =
    first(generate_with_layout(ds, p, digits; index = index))

"""
    generate_batch!(buf, ds, p, digits = nothing; first_index = 0, count)

Generate `count` images (indexes `first_index`, `first_index + 1`, ...) into
`buf` in the C layout (a `width × rows × count` Julia array), on the
parameters' threads. `digits === nothing` draws a random sequence per sample.
"""
function generate_batch!(buf::DenseArray{T}, ds::Dataset, p::Params,
                         digits = nothing; first_index::Integer = 0,
                         count::Integer) where {T<:Union{Float32,UInt8}}
    _check_eltype(T, p)
    d = digits === nothing ? Cint[] : _digits(digits)
    GC.@preserve buf ds p d _check(ccall(_f(:mseq_generate_batch), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{Placement}, Csize_t, Ptr{UInt32},
         Ptr{Cfloat}, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint}, Csize_t, UInt64,
         Csize_t),
        buf, sizeof(buf), Ptr{Placement}(C_NULL), 0, Ptr{UInt32}(C_NULL),
        Ptr{Cfloat}(C_NULL), _live(ds), _live(p),
        digits === nothing ? Ptr{Cint}(C_NULL) : pointer(d), length(d),
        _index(first_index, "first_index"), _index(count, "count")))
    return buf
end

"""
    generate_batch_annotated!(buf, masks, ds, p, digits = nothing;
                              first_index = 0, count) -> boxes

As [`generate_batch!`](@ref) (the same images in `buf`), with each image's
instance mask in `masks` (`UInt16`, the layout of `buf`) and each digit's
tight ink box returned: a vector of `count × S` [`InkBox`](@ref) entries,
`S` the sequence's length or `max_length` (sample `i`'s boxes first, the
rest of its `S` zeroed), as `generate_annotated!` gives them per image.
"""
function generate_batch_annotated!(buf::DenseArray{T}, masks::DenseArray{UInt16},
                                   ds::Dataset, p::Params, digits = nothing;
                                   first_index::Integer = 0,
                                   count::Integer) where {T<:Union{Float32,UInt8}}
    _check_eltype(T, p)
    d = digits === nothing ? Cint[] : _digits(digits)
    stride = digits === nothing ? Int(p[PARAM_MAX_LENGTH]) : length(d)
    boxes = zeros(InkBox, stride * Int(count))
    GC.@preserve buf masks boxes ds p d _check(ccall(
        _f(:mseq_generate_batch_annotated), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{UInt16}, Csize_t, Ptr{InkBox}, Csize_t,
         Ptr{Placement}, Csize_t, Ptr{UInt32}, Ptr{Cfloat}, Ptr{Cvoid},
         Ptr{Cvoid}, Ptr{Cint}, Csize_t, UInt64, Csize_t),
        buf, sizeof(buf), masks, length(masks), boxes, length(boxes),
        Ptr{Placement}(C_NULL), 0, Ptr{UInt32}(C_NULL), Ptr{Cfloat}(C_NULL),
        _live(ds), _live(p),
        digits === nothing ? Ptr{Cint}(C_NULL) : pointer(d), length(d),
        _index(first_index, "first_index"), _index(count, "count")))
    return boxes
end

"""
    generate_batch(ds, p, digits = nothing; first_index = 0, count)

`count` images as a rows × width × count array, image `i` being exactly
`generate(ds, p, ...; index = first_index + i - 1)`, whatever the thread
count. Returns a named tuple `(images, labels, placements, scales)`:
`labels[i]` the digits of image `i`, `placements[i]` where they went.
"""
function generate_batch(ds::Dataset, p::Params, digits = nothing;
                        first_index::Integer = 0, count::Integer)
    1 <= count <= MSEQ_MAX_BATCH ||
        throw(MnistSeqError(count < 1 ? MSEQ_EINVAL : MSEQ_ERANGE,
            "batch count $count is outside 1..$MSEQ_MAX_BATCH"))
    T = _eltype(p)
    rows, width = image_shape(ds, p)
    d = digits === nothing ? Cint[] : _digits(digits)
    stride = digits === nothing ? Int(p[PARAM_MAX_LENGTH]) : length(d)
    raw = Array{T}(undef, width, rows, count)
    placements = zeros(Placement, stride * count)
    lengths = zeros(UInt32, count)
    scales = zeros(Cfloat, count)
    GC.@preserve raw ds p d placements lengths scales _check(ccall(
        _f(:mseq_generate_batch), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{Placement}, Csize_t, Ptr{UInt32},
         Ptr{Cfloat}, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint}, Csize_t, UInt64,
         Csize_t),
        raw, sizeof(raw), placements, length(placements), lengths, scales,
        _live(ds), _live(p), digits === nothing ? Ptr{Cint}(C_NULL) : pointer(d),
        length(d), _index(first_index, "first_index"), Csize_t(count)))
    per = [placements[(i - 1) * stride .+ (1:Int(lengths[i]))] for i in 1:count]
    labels = [Int[pl.label for pl in v] for v in per]
    return (images = permutedims(raw, (2, 1, 3)), labels = labels,
            placements = per, scales = scales)
end

"""
    generate_mnist_sequence(digits, spacing_range, image_width; seed = 0,
        index = 0, split = SPLIT_TRAIN, fit = FIT_PAD, align = ALIGN_CENTER,
        invert = false, data = nothing) -> Matrix{Float32}

The specification's function: a 28 × `image_width` `Float32` image of the
digit sequence, gaps drawn from `spacing_range = (min, max)`, inclusive.
Opens the source data for the call; keep a [`Dataset`](@ref) for many images.
"""
function generate_mnist_sequence(digits, spacing_range, image_width::Integer;
                                 seed::Integer = 0, index::Integer = 0,
                                 split::Split = SPLIT_TRAIN, fit::Fit = FIT_PAD,
                                 align::Align = ALIGN_CENTER, invert::Bool = false,
                                 data::Union{Nothing,AbstractString} = nothing)
    ds = Dataset(data; split = split)
    p = Params(spacing = Tuple(spacing_range), width = image_width, seed = seed,
               fit = fit, align = align, invert = invert)
    try
        return generate(ds, p, digits; index = index)
    finally
        close(p)
        close(ds)
    end
end

"""
    write_png(path, image::AbstractMatrix{UInt8}; level = -1)

Write a rows × width 8-bit grayscale image (e.g. from FORMAT_U8 parameters)
as a PNG file, atomically: a failure leaves no partial file. `level` is -1
(fast run-length encoding) or a zlib level 0-9.
"""
function write_png(path::AbstractString, image::AbstractMatrix{UInt8}; level::Integer = -1)
    occursin('\0', path) && _invalid("PNG path $(repr(path)) contains a NUL byte")
    rows, cols = size(image)
    raw = Matrix{UInt8}(permutedims(image))  # row-major bytes
    GC.@preserve raw _check(ccall(_f(:mseq_write_png), Cint,
        (Cstring, Ptr{UInt8}, UInt32, UInt32, Cint),
        String(path), raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level")))
    return path
end

"""
    write_png_rgb(path, image::AbstractArray{UInt8,3}; level = -1) -> path

Write a rows × cols × 3 (R, G, B) image as an 8-bit RGB PNG, atomically
(`mseq_write_png_rgb`): for generated images with their labels drawn in
colour.
"""
function write_png_rgb(path::AbstractString, image::AbstractArray{UInt8,3};
                       level::Integer = -1)
    occursin('\0', path) && _invalid("PNG path $(repr(path)) contains a NUL byte")
    rows, cols, channels = size(image)
    channels == 3 || _invalid("an RGB image has 3 channels, not $channels")
    raw = Array{UInt8}(permutedims(image, (3, 2, 1)))  # R G B, row-major
    GC.@preserve raw _check(ccall(_f(:mseq_write_png_rgb), Cint,
        (Cstring, Ptr{UInt8}, UInt32, UInt32, Cint),
        String(path), raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level")))
    return path
end

"""
    encode_png_rgb(image::AbstractArray{UInt8,3}; level = -1) -> Vector{UInt8}

The PNG bytes `write_png_rgb` would write, in memory.
"""
function encode_png_rgb(image::AbstractArray{UInt8,3}; level::Integer = -1)
    rows, cols, channels = size(image)
    channels == 3 || _invalid("an RGB image has 3 channels, not $channels")
    raw = Array{UInt8}(permutedims(image, (3, 2, 1)))
    n = Ref{Csize_t}(0)
    rc = GC.@preserve raw ccall(_f(:mseq_encode_png_rgb), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint),
        n, C_NULL, 0, raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level"))
    rc == MSEQ_EBUFSIZE || _check(rc)
    out = Vector{UInt8}(undef, n[])
    GC.@preserve raw out _check(ccall(_f(:mseq_encode_png_rgb), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint),
        n, out, length(out), raw, UInt32(rows), UInt32(cols),
        _cint(level, "PNG level")))
    return out
end

"""
    encode_png(image::AbstractMatrix{UInt8}; level = -1) -> Vector{UInt8}

The PNG bytes `write_png` would write, in memory.
"""
function encode_png(image::AbstractMatrix{UInt8}; level::Integer = -1)
    rows, cols = size(image)
    raw = Matrix{UInt8}(permutedims(image))  # row-major bytes
    n = Ref{Csize_t}(0)
    rc = GC.@preserve raw ccall(_f(:mseq_encode_png), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint),
        n, C_NULL, 0, raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level"))
    rc == -6 || _check(rc)  # MSEQ_EBUFSIZE: the size query
    out = Vector{UInt8}(undef, n[])
    GC.@preserve raw out _check(ccall(_f(:mseq_encode_png), Cint,
        (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint),
        n, out, length(out), raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level")))
    return out
end

# The chunks of `texts` (key => text pairs) as mseq_png_text rows; the
# strings must stay preserved while the rows are used.
_png_texts(texts) = [PngText(Base.unsafe_convert(Cstring, k), Base.unsafe_convert(Cstring, v))
                     for (k, v) in texts]

"""
    write_png_text(path, image, texts; level = -1) -> path

`write_png` with PNG text chunks: `texts` is a collection of
`key => text` string pairs, written before the pixels in that order.
"""
function write_png_text(path::AbstractString, image::AbstractMatrix{UInt8}, texts;
                        level::Integer = -1)
    rows, cols = size(image)
    raw = Matrix{UInt8}(permutedims(image))
    strings = [(String(k), String(v)) for (k, v) in texts]
    GC.@preserve raw strings begin
        rows_c = _png_texts(strings)
        _check(ccall(_f(:mseq_write_png_text), Cint,
            (Cstring, Ptr{UInt8}, UInt32, UInt32, Cint, Ptr{PngText}, Csize_t),
            String(path), raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level"),
            rows_c, length(rows_c)))
    end
    return path
end

"""
    encode_png_text(image, texts; level = -1) -> Vector{UInt8}

The PNG bytes `write_png_text` would write, in memory.
"""
function encode_png_text(image::AbstractMatrix{UInt8}, texts; level::Integer = -1)
    rows, cols = size(image)
    raw = Matrix{UInt8}(permutedims(image))
    strings = [(String(k), String(v)) for (k, v) in texts]
    n = Ref{Csize_t}(0)
    GC.@preserve raw strings begin
        rows_c = _png_texts(strings)
        rc = ccall(_f(:mseq_encode_png_text), Cint,
            (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint,
             Ptr{PngText}, Csize_t),
            n, C_NULL, 0, raw, UInt32(rows), UInt32(cols), _cint(level, "PNG level"),
            rows_c, length(rows_c))
        rc == -6 || _check(rc)  # MSEQ_EBUFSIZE: the size query
        out = Vector{UInt8}(undef, n[])
        GC.@preserve out _check(ccall(_f(:mseq_encode_png_text), Cint,
            (Ptr{Csize_t}, Ptr{Cvoid}, Csize_t, Ptr{UInt8}, UInt32, UInt32, Cint,
             Ptr{PngText}, Csize_t),
            n, out, length(out), raw, UInt32(rows), UInt32(cols),
            _cint(level, "PNG level"), rows_c, length(rows_c)))
    end
    return out
end

"""
    read_png_text(path, key) -> Union{String, Nothing}

The text of the PNG file's first text chunk named `key`, or `nothing` when
the file has none.
"""
function read_png_text(path::AbstractString, key::AbstractString)
    n = Ref{Csize_t}(0)
    rc = ccall(_f(:mseq_read_png_text), Cint,
        (Ptr{Csize_t}, Ptr{UInt8}, Csize_t, Cstring, Cstring),
        n, C_NULL, 0, String(path), String(key))
    rc == -3 && isfile(path) && return nothing  # MSEQ_ENOTFOUND: no such chunk
    rc == -6 || _check(rc)
    out = Vector{UInt8}(undef, n[])
    _check(ccall(_f(:mseq_read_png_text), Cint,
        (Ptr{Csize_t}, Ptr{UInt8}, Csize_t, Cstring, Cstring),
        n, out, length(out), String(path), String(key)))
    return String(out[1:end-1])
end

"""
    sequence_count(p::Params) -> UInt64

How many distinct random sequences the parameters' lengths allow.
"""
function sequence_count(p::Params)
    n = Ref{UInt64}(0)
    GC.@preserve p _check(ccall(_f(:mseq_sequence_count), Cint,
        (Ptr{UInt64}, Ptr{Cvoid}), n, _live(p)))
    return n[]
end

# ---------------------------------------------------------------------------
# Templates and texts
# ---------------------------------------------------------------------------

"""
    Template(text)

A parsed template (`mseq_template_new`: `#` any digit, `%` a digit 1-9,
digits, separators `- / . , : ( ) +`, spaces, and the domains
`{date FORMAT [Y1..Y2]}`, `{time FORMAT}`, `{amount LO..HI [nogroup]}`,
`{zip}`). A malformed template throws an `MnistSeqError` whose message
gives the column of the fault.
"""
mutable struct Template
    ptr::Ptr{Cvoid}

    function Template(text::AbstractString)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        _check(ccall(_f(:mseq_template_new), Cint, (Ptr{Ptr{Cvoid}}, Cstring),
            out, String(text)))
        return finalizer(_free!, new(out[]))
    end
end

function _free!(t::Template)
    if t.ptr != C_NULL
        ccall(_f(:mseq_template_free), Cvoid, (Ptr{Cvoid},), t.ptr)
        t.ptr = C_NULL
    end
    return nothing
end

function _live(t::Template)
    t.ptr == C_NULL && _invalid("the Template is closed")
    return t.ptr
end

"""
    template_count(t::Template) -> (count, max_length)

The number of distinct texts (saturated at `typemax(UInt64)`) and the
longest text's length.
"""
function template_count(t::Template)
    n = Ref{UInt64}(0)
    len = Ref{Csize_t}(0)
    GC.@preserve t _check(ccall(_f(:mseq_template_count), Cint,
        (Ptr{UInt64}, Ptr{Csize_t}, Ptr{Cvoid}), n, len, _live(t)))
    return (n[], Int(len[]))
end

"""
    template_text(t::Template, p::Params; index = 0) -> String

The text of sample `index` under the seed and `unique` of `p`.
"""
function template_text(t::Template, p::Params; index::Integer = 0)
    _, longest = template_count(t)
    out = Vector{UInt8}(undef, longest + 1)
    len = Ref{Csize_t}(0)
    GC.@preserve t p out _check(ccall(_f(:mseq_template_text), Cint,
        (Ptr{UInt8}, Csize_t, Ptr{Csize_t}, Ptr{Cvoid}, Ptr{Cvoid}, UInt64),
        out, length(out), len, _live(t), _live(p), _index(index)))
    return String(out[1:len[]])
end

"""
    set_template!(p::Params, t::Union{Template,Nothing})

Makes batches and dataset writers with `p` draw the texts of `t` instead
of digit sequences (`nothing`: digit sequences again).
"""
function set_template!(p::Params, t::Union{Template,Nothing})
    ptr = t === nothing ? C_NULL : _live(t)
    GC.@preserve p t _check(ccall(_f(:mseq_params_set_template), Cint,
        (Ptr{Cvoid}, Ptr{Cvoid}), _live(p), ptr))
    return p
end

"""
    set_background_images!(p::Params, paths::AbstractVector{<:AbstractString})

Reads the PNG pictures of `BACKGROUND_IMAGE` now (an empty vector: none);
each image then draws one and a window of it. On error (the message names
the file) `p` keeps its pictures.
"""
function set_background_images!(p::Params, paths::AbstractVector{<:AbstractString})
    names = [String(path) for path in paths]
    any(n -> occursin('\0', n), names) &&
        throw(ArgumentError("background image path holds a NUL byte"))
    GC.@preserve p names begin
        ptrs = Cstring[Base.unsafe_convert(Cstring, n) for n in names]
        _check(ccall(_f(:mseq_params_set_background_images), Cint,
            (Ptr{Cvoid}, Ptr{Cstring}, Csize_t), _live(p), ptrs, length(ptrs)))
    end
    return p
end

"""
    generate_text!(buf, mask, ds, p, text; index = 0) -> (boxes, placements, scale)

As [`generate_annotated!`](@ref) for a text of digits, separators and
spaces: one box and placement per character (a placement's `label` is the
digit, or the ASCII code of a separator or space, whose `source_index` is
-1), and mask value `i` on the i-th character's ink.
"""
function generate_text!(buf::DenseArray{T}, mask::DenseArray{UInt16},
                        ds::Dataset, p::Params, text::AbstractString;
                        index::Integer = 0) where {T<:Union{Float32,UInt8}}
    _check_eltype(T, p)
    s = String(text)
    boxes = Vector{InkBox}(undef, ncodeunits(s))
    placements = Vector{Placement}(undef, ncodeunits(s))
    scale = Ref{Cfloat}(0)
    GC.@preserve buf mask ds p _check(ccall(_f(:mseq_generate_text), Cint,
        (Ptr{Cvoid}, Csize_t, Ptr{UInt16}, Csize_t, Ptr{InkBox},
         Ptr{Placement}, Ptr{Cfloat}, Ptr{Cvoid}, Ptr{Cvoid}, Cstring, UInt64),
        buf, sizeof(buf), mask, length(mask), boxes, placements, scale,
        _live(ds), _live(p), s, _index(index)))
    return (boxes, placements, scale[])
end

# ---------------------------------------------------------------------------
# Dataset writer
# ---------------------------------------------------------------------------

# The state of a progress callback, behind the C `user` pointer.
mutable struct _ProgressState
    f::Any
    err::Any  # (exception, backtrace) thrown by f, rethrown after the call
end

const _progress_cfun = Ref{Ptr{Cvoid}}(C_NULL)

function _progress_trampoline(done::UInt64, total::UInt64, user::Ptr{Cvoid})::Cint
    st = unsafe_pointer_to_objref(user)::_ProgressState
    st.err === nothing || return Cint(1)
    try
        return st.f(done, total) === false ? Cint(1) : Cint(0)
    catch e
        st.err = (e, catch_backtrace())
        return Cint(1)  # cancel; the exception is rethrown after the call
    end
end

# Runs call(fptr, user) -> rc with progress (a function or nothing) behind
# it, then raises the callback's exception, else the call's error.
function _with_progress(call, progress)
    if progress === nothing
        _check(call(C_NULL, C_NULL))
        return nothing
    end
    st = _ProgressState(progress, nothing)
    rc = GC.@preserve st call(_progress_cfun[], pointer_from_objref(st))
    err = rc == MSEQ_OK ? nothing : MnistSeqError(rc, last_error())
    st.err === nothing || throw(first(st.err))
    err === nothing || throw(err)
    return nothing
end

_flags(force::Bool) = force ? MSEQ_WRITE_FORCE : Cuint(0)

"""
    Writer(dir, ds, p; digits = nothing, count, output = OUTPUT_NPY)

A dataset job: `count` images (sample indexes `0:count-1`) of `digits`, or of
a random sequence per index with `nothing`, written into `dir` as `output`
says, in shards of `p`'s `shard_size`. Nothing is written here; image 0 is
generated so that bad parameters fail at once. One process calls
[`start!`](@ref); then any threads or processes with the same job write
distinct shards ([`write_shard`](@ref)); finally one calls
[`finish!`](@ref). [`write_dataset`](@ref) does it all.

A `progress` function given to the writer gets `(done, total)` image counts
and returns `false` to cancel (an `MSEQ_ECANCELED` error; complete shards
are kept, so running the job again resumes it). It runs inside the C call:
keep it short and do not yield in it (no waiting on other tasks).
"""
mutable struct Writer
    ptr::Ptr{Cvoid}
    ds::Dataset  # the C writer reads the source data: keep it alive

    function Writer(dir::AbstractString, ds::Dataset, p::Params; digits = nothing,
                    count::Integer, output::Output = OUTPUT_NPY)
        occursin('\0', dir) && _invalid("dataset directory $(repr(dir)) contains a NUL byte")
        d = digits === nothing ? Cint[] : _digits(digits)
        out = Ref{Ptr{Cvoid}}(C_NULL)
        GC.@preserve ds p d _check(ccall(_f(:mseq_writer_new), Cint,
            (Ptr{Ptr{Cvoid}}, Cstring, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint}, Csize_t,
             UInt64, Cint),
            out, String(dir), _live(ds), _live(p),
            digits === nothing ? Ptr{Cint}(C_NULL) : pointer(d), length(d),
            _index(count, "count"), Cint(output)))
        return finalizer(_free!, new(out[], ds))
    end
end

function _free!(w::Writer)
    if w.ptr != C_NULL
        ccall(_f(:mseq_writer_free), Cvoid, (Ptr{Cvoid},), w.ptr)
        w.ptr = C_NULL
    end
    return nothing
end

"Free the writer now (the directory is untouched). Idempotent."
Base.close(w::Writer) = _free!(w)

function _live(w::Writer)
    w.ptr == C_NULL && _invalid("the Writer is closed")
    return w.ptr
end

"The job's manifest.json text."
function manifest(w::Writer)
    text = Ref{Cstring}(Cstring(C_NULL))
    # The text belongs to the writer: copy it while the writer is preserved.
    str = GC.@preserve w begin
        _check(ccall(_f(:mseq_writer_manifest), Cint, (Ptr{Cstring}, Ptr{Cvoid}),
                     text, _live(w)))
        unsafe_string(text[])
    end
    return str
end

"Number of shards of the job."
function shard_count(w::Writer)
    n = Ref{UInt64}(0)
    GC.@preserve w _check(ccall(_f(:mseq_writer_shard_count), Cint,
        (Ptr{UInt64}, Ptr{Cvoid}), n, _live(w)))
    return Int(n[])
end

"The (0-based) image indexes of shard `shard` (0-based), as a range."
function shard_range(w::Writer, shard::Integer)
    first, count = Ref{UInt64}(0), Ref{UInt64}(0)
    GC.@preserve w _check(ccall(_f(:mseq_writer_shard_range), Cint,
        (Ptr{UInt64}, Ptr{UInt64}, Ptr{Cvoid}, UInt64),
        first, count, _live(w), _index(shard, "shard")))
    return Int(first[]):Int(first[] + count[]) - 1
end

"""
    start!(w::Writer; force = false)

Prepare the directory (`mseq_writer_begin`): it must be missing or empty, or
hold this job's manifest (the job resumes). With `force`, another job's
dataset there is replaced; otherwise that is an `MSEQ_EEXIST` error naming
the first difference.
"""
function start!(w::Writer; force::Bool = false)
    GC.@preserve w _check(ccall(_f(:mseq_writer_begin), Cint, (Ptr{Cvoid}, Cuint),
                                _live(w), _flags(force)))
    return w
end

"Whether shard `shard` is complete in the directory."
function shard_done(w::Writer, shard::Integer)
    done = Ref{Cint}(0)
    GC.@preserve w _check(ccall(_f(:mseq_writer_shard_done), Cint,
        (Ptr{Cint}, Ptr{Cvoid}, UInt64), done, _live(w), _index(shard, "shard")))
    return done[] != 0
end

"Write shard `shard` unless it is complete (see [`Writer`](@ref) for `progress`)."
function write_shard(w::Writer, shard::Integer; progress = nothing)
    s = _index(shard, "shard")
    call = (fptr, user) -> ccall(_f(:mseq_writer_write_shard), Cint,
        (Ptr{Cvoid}, UInt64, Ptr{Cvoid}, Ptr{Cvoid}), _live(w), s, fptr, user)
    GC.@preserve w _with_progress(call, progress)
    return w
end

"Complete the dataset once every shard is (label file, images.npy)."
function finish!(w::Writer)
    GC.@preserve w _check(ccall(_f(:mseq_writer_finish), Cint, (Ptr{Cvoid},), _live(w)))
    return w
end

"""
    write_dataset(dir, ds, p; digits = nothing, count, output = OUTPUT_NPY,
                  force = false, progress = nothing)

Write a whole dataset (see [`Writer`](@ref)): prepare the directory, write
every shard not yet complete, finish. Running it again resumes.
"""
function write_dataset(dir::AbstractString, ds::Dataset, p::Params; digits = nothing,
                       count::Integer, output::Output = OUTPUT_NPY,
                       force::Bool = false, progress = nothing)
    occursin('\0', dir) && _invalid("dataset directory $(repr(dir)) contains a NUL byte")
    d = digits === nothing ? Cint[] : _digits(digits)
    n = _index(count, "count")
    call = (fptr, user) -> ccall(_f(:mseq_write_dataset), Cint,
        (Cstring, Ptr{Cvoid}, Ptr{Cvoid}, Ptr{Cint}, Csize_t, UInt64, Cint, Cuint,
         Ptr{Cvoid}, Ptr{Cvoid}),
        String(dir), _live(ds), _live(p),
        digits === nothing ? Ptr{Cint}(C_NULL) : pointer(d), length(d), n,
        Cint(output), _flags(force), fptr, user)
    GC.@preserve ds p d _with_progress(call, progress)
    return dir
end

end # module

# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

const _problem_cfun = Ref{Ptr{Cvoid}}(C_NULL)

function _problem_trampoline(problem::Cstring, user::Ptr{Cvoid})::Cint
    push!(unsafe_pointer_to_objref(user)::Vector{String}, unsafe_string(problem))
    return Cint(0)
end

"""
    verify_dataset(dir; data = nothing, sample = 100) -> Vector{String}

Re-check the finished dataset in `dir` against its manifest: every file
present, and `sample` images with their labels regenerated and compared.
Returns the problems found (empty: the dataset is complete and exact).
"""
function verify_dataset(dir::AbstractString; data::Union{Nothing,AbstractString} = nothing,
                        sample::Integer = 100)
    problems = String[]
    n = Ref{UInt64}(0)
    d = data === nothing ? Cstring(C_NULL) : String(data)
    GC.@preserve problems d _check(ccall(_f(:mseq_verify_dataset), Cint,
        (Ptr{UInt64}, Cstring, Cstring, UInt64, Ptr{Cvoid}, Ptr{Cvoid}),
        n, String(dir), d, UInt64(sample), _problem_cfun[], pointer_from_objref(problems)))
    return problems
end
