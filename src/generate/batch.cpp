// Batches on the work pool (batch.hpp, common/work_pool.hpp).
#include "generate/batch.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common/cache_size.hpp"
#include "common/error.hpp"
#include "common/stream_copy.hpp"
#include "common/work_pool.hpp"
#include "generate/generator.hpp"
#include "generate/random_sequence.hpp"
#include "generate/template.hpp"

namespace mseq {
namespace {

// Outputs larger than half the last-level cache are written with
// streaming stores (stream_threshold_for): they are then not read before
// being written, and the cache keeps the glyphs. The smallest output
// streamed, whatever the cache.
constexpr size_t kStreamBytes = size_t(4) << 20;
// Images larger than this are written directly (a worker's buffer stays
// small).
constexpr size_t kStreamImage = size_t(256) << 10;

std::string str(uint64_t v) { return std::to_string(v); }

// a * b, or MSEQ_ERANGE naming what overflowed.
size_t checked_mul(size_t a, size_t b, const char *what, const char *fn) {
    if (a != 0 && b > SIZE_MAX / a) {
        throw Error(MSEQ_ERANGE, std::string(fn) + ": " + what + " (" + str(a) +
                                     " * " + str(b) + ") overflows size_t");
    }
    return a * b;
}

// Everything the workers share, read-only.
struct Job {
    const SourceData &ds;
    const Params &params;
    const int *digits;  // null: random sequences from `sequences`
    size_t ndigits;
    const SequenceSource *sequences;
    const TemplateSampler *texts;  // non-null: texts from a template
    size_t stride;                 // S: placement entries per sample
    uint64_t first_index;
    size_t image_bytes;
    size_t pixels;  // per image: its mask's entries
    const BatchOutput &output;
};

// Generates sample i into the output; with `image` (room for one image),
// draws it there first and streams it into the output.
void generate_sample(const Job &job, size_t i, int *scratch, float *image) {
    const uint64_t index = job.first_index + i;
    const int *digits = job.digits;
    size_t length = job.ndigits;
    std::string text;
    if (job.texts != nullptr) {
        text = job.texts->draw(index);
        length = text.size();
    } else if (digits == nullptr) {
        length = job.sequences->draw(index, scratch);
        digits = scratch;
    }
    const BatchOutput &o = job.output;
    mseq_placement *placements =
        o.placements == nullptr ? nullptr : o.placements + i * job.stride;
    unsigned char *out =
        static_cast<unsigned char *>(o.out) + i * job.image_bytes;
    Annotation annotation;
    annotation.mask = o.masks == nullptr ? nullptr : o.masks + i * job.pixels;
    annotation.boxes = o.boxes == nullptr ? nullptr : o.boxes + i * job.stride;
    const bool annotate = o.masks != nullptr || o.boxes != nullptr;
    void *target = image != nullptr ? static_cast<void *>(image) : out;
    float *scale = o.scales == nullptr ? nullptr : o.scales + i;
    if (job.texts != nullptr) {
        generate_text(job.ds, job.params, text.data(), length, index, target,
                      job.image_bytes, placements, scale,
                      annotate ? &annotation : nullptr);
    } else {
        generate_one(job.ds, job.params, digits, length, index, target,
                     job.image_bytes, placements, scale,
                     annotate ? &annotation : nullptr);
    }
    if (image != nullptr) {
        stream_copy(out, reinterpret_cast<const unsigned char *>(image),
                    job.image_bytes);
    }
    if (placements != nullptr) {
        std::fill(placements + length, placements + job.stride,
                  mseq_placement{});
    }
    if (annotation.boxes != nullptr) {
        std::fill(annotation.boxes + length, annotation.boxes + job.stride,
                  mseq_ink_box{});
    }
    if (o.lengths != nullptr) o.lengths[i] = static_cast<uint32_t>(length);
}

// Samples a worker claims at a time: few enough to balance the threads,
// enough that the shared counter is not fought over at every sample.
constexpr size_t kClaim = 8;

}  // namespace

size_t stream_threshold_for(size_t llc) {
    return std::max(kStreamBytes, llc / 2);
}

size_t stream_threshold() {
    static const size_t threshold =
        stream_threshold_for(last_level_cache_bytes());
    return threshold;
}

void generate_batch(const SourceData &ds, const Params &params,
                    const int *digits, size_t ndigits, uint64_t first_index,
                    size_t count, const BatchOutput &output, const char *fn) {
    generate_batch(ds, params, digits, ndigits, first_index, count, output,
                   stream_threshold(), fn);
}

void generate_batch(const SourceData &ds, const Params &params,
                    const int *digits, size_t ndigits, uint64_t first_index,
                    size_t count, const BatchOutput &output, size_t stream_from,
                    const char *fn) {
    const std::string pre = std::string(fn) + ": ";
    if (count == 0) {
        throw Error(MSEQ_EINVAL, pre + "count is 0");
    }
    if (count > MSEQ_MAX_BATCH) {
        throw Error(MSEQ_ERANGE, pre + "count " + str(count) +
                                     " is above MSEQ_MAX_BATCH (" +
                                     str(MSEQ_MAX_BATCH) + ")");
    }
    if ((digits == nullptr) != (ndigits == 0)) {
        throw Error(
            MSEQ_EINVAL,
            digits == nullptr
                ? pre + "digits is NULL but ndigits is " + str(ndigits) +
                      " (pass ndigits 0 for random sequences)"
                : pre +
                      "ndigits is 0 but digits is not NULL (pass NULL for "
                      "random sequences)");
    }
    if (ndigits > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, pre + "ndigits " + str(ndigits) +
                                     " is above MSEQ_MAX_DIGITS (" +
                                     str(MSEQ_MAX_DIGITS) + ")");
    }
    if (output.out == nullptr) {
        throw Error(MSEQ_EINVAL, pre + "out is NULL");
    }
    if (count - 1 > UINT64_MAX - first_index) {
        throw Error(MSEQ_ERANGE, pre + "first_index " + str(first_index) +
                                     " + count " + str(count) +
                                     " goes beyond 2^64");
    }
    const size_t image = image_bytes(ds, params);
    check_params(ds, params);
    const size_t need = checked_mul(count, image, "count * image bytes", fn);
    if (output.out_size < need) {
        throw Error(MSEQ_EBUFSIZE,
                    pre + "out_size " + str(output.out_size) +
                        " is below count * image bytes = " + str(count) +
                        " * " + str(image) + " = " + str(need));
    }
    // Random sequences: their parameters are checked once, here.
    // Or texts from a template, which excludes given digits.
    std::optional<SequenceSource> sequences;
    std::optional<TemplateSampler> texts;
    if (params.text_template != nullptr) {
        if (digits != nullptr) {
            throw Error(MSEQ_EINVAL,
                        pre +
                            "digits given with a template: the template "
                            "draws each sample's text (pass digits NULL)");
        }
        texts.emplace(*params.text_template, params);
    } else if (digits == nullptr) {
        sequences.emplace(params);
    }
    const size_t stride = texts       ? params.text_template->max_length()
                          : sequences ? sequences->max_length()
                                      : ndigits;
    if (output.placements != nullptr) {
        const size_t entries =
            checked_mul(count, stride, "count * placements per sample", fn);
        if (output.placements_len < entries) {
            throw Error(MSEQ_EBUFSIZE,
                        pre + "placements_len " + str(output.placements_len) +
                            " is below count * S = " + str(count) + " * " +
                            str(stride) + " = " + str(entries));
        }
    }

    if (output.boxes != nullptr) {
        const size_t entries =
            checked_mul(count, stride, "count * boxes per sample", fn);
        if (output.boxes_len < entries) {
            throw Error(MSEQ_EBUFSIZE,
                        pre + "boxes_len " + str(output.boxes_len) +
                            " is below count * S = " + str(count) + " * " +
                            str(stride) + " = " + str(entries));
        }
    }
    // Pixels of one image (its mask's entries).
    const size_t pixels =
        image / (params.format == MSEQ_FORMAT_F32 ? sizeof(float) : 1);
    if (output.masks != nullptr) {
        const size_t entries =
            checked_mul(count, pixels, "count * pixels per image", fn);
        if (output.masks_len < entries) {
            throw Error(MSEQ_EBUFSIZE,
                        pre + "masks_len " + str(output.masks_len) +
                            " is below count * pixels = " + str(count) + " * " +
                            str(pixels) + " = " + str(entries));
        }
    }

    const SequenceSource *source = sequences ? &*sequences : nullptr;
    const Job job{
        ds,     params,      digits, ndigits, source, texts ? &*texts : nullptr,
        stride, first_index, image,  pixels,  output};
    const size_t workers = worker_count(params.threads, count);
    std::vector<int> scratch(sequences ? workers * stride : 0);
    // Large outputs: one image's room per worker for streaming, in whole
    // cache lines (workers never write the same line).
    constexpr size_t kLine = 64 / sizeof(float);
    const size_t room =
        (image + sizeof(float) - 1) / sizeof(float) / kLine * kLine + kLine;
    // (A float32 output not aligned for float is refused by generate_one:
    // only the direct path sees it.)
    const bool stream =
        need >= stream_from && image <= kStreamImage &&
        (params.format != MSEQ_FORMAT_F32 ||
         reinterpret_cast<uintptr_t>(output.out) % alignof(float) == 0);
    std::vector<float> images(stream ? workers * room : 0);
    // The pool rethrows the lowest failing sample's error: named here.
    const auto sample = [&](size_t worker, size_t i) {
        try {
            generate_sample(
                job, i, scratch.empty() ? nullptr : &scratch[worker * stride],
                images.empty() ? nullptr : &images[worker * room]);
        } catch (const Error &e) {
            throw Error(e.code(), pre + "sample " + str(i) + " (index " +
                                      str(first_index + i) + "): " + e.what());
        }
    };
    // Streaming stores made visible before the worker is joined.
    const WorkerDone done = [](size_t) { stream_fence(); };
    run_indexed(count, workers, kClaim, sample, stream ? done : WorkerDone());
}

}  // namespace mseq
