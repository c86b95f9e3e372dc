// Writing one shard's images (folder/writer.hpp, FolderWriter's private
// write_images): the shard is cut into chunks, made on the shared work pool
// (common/work_pool.hpp) and handed in index order to the shard's files.
// Every image is encoded here, in each output format, for the writer and
// for the verifier (expected_sample): one place says what the folder holds.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/work_pool.hpp"
#include "folder/files.hpp"
#include "folder/writer.hpp"
#include "generate/batch.hpp"
#include "output/atomic_dir.hpp"
#include "output/atomic_file.hpp"
#include "output/labels.hpp"
#include "output/npy_writer.hpp"
#include "output/png_sink.hpp"
#include "output/png_text.hpp"
#include "output/recipe.hpp"
#include "output/tar_writer.hpp"

namespace mseq {
namespace {

// A chunk (the unit of work of one thread) holds at most this many images
// and, unless one image is larger, at most this many bytes of pixels.
constexpr size_t kMaxChunkImages = 64;
constexpr size_t kChunkBytes = size_t(4) << 20;

}  // namespace

// Images [first, first + count) of the job, generated on one thread: their
// pixels (the output format's bytes) and layouts.
struct FolderWriter::Images {
    std::vector<float> pixels;
    std::vector<mseq_placement> placements;
    std::vector<uint32_t> lengths;
    std::vector<uint16_t> masks;      // with masks: pixels per image each
    std::vector<mseq_ink_box> boxes;  // with masks: stride per image
    std::vector<uint64_t> writers;    // with writer same: one per image
    size_t stride = 0;                // placements per image
    bool text_digits = false;         // a template's: a "digits" label
    size_t image_bytes = 0;
    size_t pixels_per_image = 0;

    const uint8_t *image(size_t i) const {
        return reinterpret_cast<const uint8_t *>(pixels.data()) +
               i * image_bytes;
    }
    const uint16_t *mask(size_t i) const {
        return masks.empty() ? nullptr : masks.data() + i * pixels_per_image;
    }
    ImageLabels labels(size_t i) const {
        return ImageLabels{placements.data() + i * stride, lengths[i],
                           boxes.empty() ? nullptr : boxes.data() + i * stride,
                           writers.empty() ? nullptr : writers.data() + i,
                           text_digits};
    }
};

// One chunk of a shard: made by any worker, consumed in order.
struct FolderWriter::Chunk {
    uint64_t first = 0;
    size_t count = 0;
    std::string labels;         // label part lines (png, npy)
    std::vector<uint8_t> tar;   // tar members (tar)
    std::vector<uint16_t> npy;  // npy with masks: the chunk's masks
    std::string files;          // record lines of in-place files (png)
};

FolderWriter::Images FolderWriter::generate(uint64_t first,
                                            size_t count) const {
    Images images;
    images.stride = stride_;
    images.text_digits = job_.params.text_template != nullptr;
    images.image_bytes = image_bytes_;
    images.pixels_per_image = mask_pixels_;
    images.pixels.resize((count * image_bytes_ + 3) / 4);
    images.placements.resize(count * images.stride);
    images.lengths.resize(count);
    BatchOutput out;
    out.out = images.pixels.data();
    out.out_size = images.pixels.size() * sizeof(float);
    out.placements = images.placements.data();
    out.placements_len = images.placements.size();
    out.lengths = images.lengths.data();
    if (job_.params.masks) {
        images.masks.resize(count * mask_pixels_);
        images.boxes.resize(count * images.stride);
        out.masks = images.masks.data();
        out.masks_len = images.masks.size();
        out.boxes = images.boxes.data();
        out.boxes_len = images.boxes.size();
    }
    generate_batch(ds_, gen_,
                   job_.digits.empty() ? nullptr : job_.digits.data(),
                   job_.digits.size(), first, count, out);
    if (job_.params.writer == MSEQ_WRITER_SAME) {
        // Every digit of an image has its writer: the first digit's names
        // it (a text's separators have no glyph: source index -1).
        const Writers &w = ds_.writers->writers;
        images.writers.resize(count);
        for (size_t i = 0; i < count; ++i) {
            const mseq_placement *p = &images.placements[i * images.stride];
            size_t j = 0;
            while (j + 1 < images.lengths[i] && p[j].source_index < 0) ++j;
            // A text without digits (a template of separators only) has
            // no writer: 0.
            images.writers[i] =
                p[j].source_index < 0
                    ? 0
                    : w.ids[w.of[static_cast<uint32_t>(p[j].source_index)]];
        }
    }
    return images;
}

void FolderWriter::encode_mask(const uint16_t *mask,
                               std::vector<uint8_t> &png) const {
    const PngOptions options = png_options_for_level(job_.png_level);
    if (!mask_png16_) {
        std::vector<uint8_t> narrow(mask, mask + mask_pixels_);
        encode_png_gray8(png, narrow.data(), image_rows_, image_cols_, options);
    } else {
        encode_png_gray16(png, mask, image_rows_, image_cols_, options);
    }
}

void FolderWriter::encode(uint64_t index, const uint8_t *image,
                          const ImageLabels &labels, std::vector<uint8_t> &png,
                          std::string &label) const {
    if (job_.output != OutputFormat::npy) {
        encode_png_gray8(png, image, image_rows_, image_cols_,
                         png_options_for_level(job_.png_level));
        if (job_.params.png_recipe) {
            // A template's image: the recipe names the template.
            std::vector<int> digits;
            if (gen_.text_template == nullptr) {
                digits.resize(labels.length);
                for (size_t i = 0; i < labels.length; ++i) {
                    digits[i] = labels.placements[i].label;
                }
            }
            add_png_text(
                png, recipe_chunks(
                         format_recipe(gen_,
                                       digits.empty() ? nullptr : digits.data(),
                                       digits.size(), index, data_.split),
                         format_recipe_data(data_)));
        }
    }
    label = job_.output == OutputFormat::png
                ? csv_label_row(image_file_name(index), labels)
                : json_label_row(index, labels) + "\n";
}

void FolderWriter::process_chunk(const Shard &shard, Chunk &chunk) const {
    const Images images = generate(chunk.first, chunk.count);
    std::vector<uint8_t> png, mask_png;
    std::string label;
    const bool masks = job_.params.masks && job_.output != OutputFormat::npy;
    // A final name always holds a complete file: each PNG is written
    // beside the job's state and renamed into place.
    const auto write_file = [&](const std::string &name,
                                const std::vector<uint8_t> &bytes) {
        shard.files->write_file(name, bytes.data(), bytes.size());
        chunk.files += "file ";
        chunk.files += std::to_string(bytes.size());
        chunk.files += ' ';
        chunk.files += name;
        chunk.files += '\n';
    };
    for (size_t i = 0; i < chunk.count; ++i) {
        const uint64_t index = chunk.first + i;
        encode(index, images.image(i), images.labels(i), png, label);
        if (masks) encode_mask(images.mask(i), mask_png);
        const std::string name = image_file_name(index);
        switch (job_.output) {
            case OutputFormat::png:
                write_file(name, png);
                if (masks) write_file(mask_file_name(index), mask_png);
                chunk.labels += label;
                break;
            case OutputFormat::tar:
                tar_append_file(chunk.tar, name, png.data(), png.size());
                if (masks) {
                    tar_append_file(chunk.tar, mask_file_name(index),
                                    mask_png.data(), mask_png.size());
                }
                tar_append_file(chunk.tar, label_member_name(index),
                                label.data(), label.size());
                break;
            case OutputFormat::npy:
                chunk.labels += label;
                break;
        }
    }
    if (job_.output == OutputFormat::npy) {
        shard.npy->write_at(npy_header_.size() + chunk.first * image_bytes_,
                            images.image(0), chunk.count * image_bytes_);
        if (shard.masks_npy != nullptr) {
            shard.masks_npy->write_at(
                masks_npy_header_.size() + chunk.first * mask_pixels_ * 2,
                images.mask(0), chunk.count * mask_pixels_ * 2);
        }
    }
}

bool FolderWriter::write_images(Shard &shard,
                                const ProgressFn &progress) const {
    // Chunks small enough that every worker gets some, consumed in order by
    // the calling thread at most `window` chunks behind the workers.
    size_t per_chunk = std::max<size_t>(
        1, std::min(kMaxChunkImages, kChunkBytes / image_bytes_));
    const size_t threads = resolve_threads(job_.params.threads);
    per_chunk = std::min<size_t>(
        per_chunk, static_cast<size_t>((shard.count + threads - 1) / threads));
    const auto nchunks =
        static_cast<size_t>((shard.count + per_chunk - 1) / per_chunk);
    const size_t workers = std::min(threads, nchunks);
    const size_t window = 2 * workers + 1;
    std::vector<Chunk> slots(window);

    const auto make = [&](size_t c) {
        Chunk &chunk = slots[c % window];
        chunk.first = shard.first + c * per_chunk;
        chunk.count = static_cast<size_t>(std::min<uint64_t>(
            per_chunk, shard.first + shard.count - chunk.first));
        chunk.labels.clear();
        chunk.tar.clear();
        chunk.files.clear();
        process_chunk(shard, chunk);
    };
    const auto consume = [&](size_t c) {
        const Chunk &chunk = slots[c % window];
        if (shard.labels != nullptr) {
            shard.labels->write(chunk.labels.data(), chunk.labels.size());
        }
        if (shard.tar != nullptr) {
            shard.tar->write(chunk.tar.data(), chunk.tar.size());
            shard.tar_size += chunk.tar.size();
        }
        shard.record += chunk.files;
        const uint64_t done = chunk.first + chunk.count - shard.first;
        return !progress || progress(done, shard.count);
    };
    return run_ordered(nchunks, workers, window, make, consume);
}

FolderWriter::Sample FolderWriter::expected_sample(uint64_t index) const {
    const Images images = generate(index, 1);
    Sample sample;
    std::vector<uint8_t> png;
    encode(index, images.image(0), images.labels(0), png, sample.label);
    if (job_.output == OutputFormat::npy) {
        sample.image.assign(reinterpret_cast<const char *>(images.image(0)),
                            image_bytes_);
        sample.offset = npy_header_.size() + index * image_bytes_;
    } else {
        sample.image.assign(png.begin(), png.end());
    }
    if (job_.params.masks) {
        if (job_.output == OutputFormat::npy) {
            sample.mask.assign(reinterpret_cast<const char *>(images.mask(0)),
                               mask_pixels_ * 2);
            sample.mask_offset =
                masks_npy_header_.size() + index * mask_pixels_ * 2;
        } else {
            encode_mask(images.mask(0), png);
            sample.mask.assign(png.begin(), png.end());
        }
    }
    return sample;
}

}  // namespace mseq
