// The dataset writer: `count` generated images written to a directory as
// PNG files, one NPY array or WebDataset tar shards, with their labels and a
// manifest, in shards that can be written in any order, by any number of
// threads or processes, and resumed after a kill.
//
// Directory layout (DIR):
//
//   manifest.json           the job (manifest.hpp); written first by begin()
//   png:  000000123.png     one 8-bit grayscale PNG per image (9 digits;
//                           with its recipe's chunks when png_recipe is set)
//         labels.csv        file,text,length,boxes,source_indices
//   npy:  images.npy        (count, height, width) uint8 or float32
//         labels.jsonl      one JSON object per image, in index order
//   tar:  shard-000003.tar  ustar: 000030000.png + 000030000.json, ...
//   with masks (job.params.masks): png: 000000123.mask.png beside each
//         image; npy: masks.npy (count, height, width) uint16; tar: the
//         member 000030000.mask.png after its image; the labels gain
//         "ink_boxes" (output/labels.hpp). A mask PNG is 8-bit grayscale
//         when an image holds at most 255 digits (the sequence's length,
//         or max_length), else 16-bit.
//   .mnistseq-parts/        work in progress; removed by finish()
//
// Labels: "text" is the digit string with its leading zeros (a string, never
// a number), "length" its length, "boxes" the glyph cell of each digit as
// x_begin y_begin x_end y_end (half-open, output pixels; in labels.csv
// "x0 y0 x1 y1;x0 y0 x1 y1;...", in JSON [[x0, y0, x1, y1], ...]) and
// "source_indices" the index of each glyph in the split's IDX file.
//
// Shards: shard k holds images [k * shard_size, min(count, (k + 1) *
// shard_size)). A shard is complete when its record
// .mnistseq-parts/shard-<k>.done exists (written atomically, last) and every
// file it lists has the listed size; anything else is redone from scratch.
// PNG files, tar shards and label parts go to temporary files in
// .mnistseq-parts/ renamed into place when complete (a final name only ever
// holds a complete file; the shard's record, not each file, says that the
// shard is complete). images.npy is created at
// its final size under .mnistseq-parts/ by begin() and each shard pwrite()s its
// own byte range, so that shards never copy each other's bytes; finish()
// renames it into place. Every image depends only on (data, parameters, seed,
// index): the bytes are the same for every thread count, shard order and
// machine.
//
// Life of a job: begin() once; write_shard(k) for every k (in any order,
// concurrently for distinct k, from any process that builds the same job);
// finish() once all shards are complete. write_folder() does it all.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "input/source_data.hpp"
#include "output/labels.hpp"
#include "output/manifest.hpp"

namespace mseq {

class AtomicDir;
class AtomicFile;
class NpyRegionFile;

// Largest image count: file names have 9 digits.
constexpr uint64_t kMaxDatasetCount = 999999999;
// Largest number of shards: shard names have 6 digits.
constexpr uint64_t kMaxShards = 1000000;

// Reports progress: `done` of `total` images. Returns false to cancel; the
// writer then stops at the next chunk and throws MSEQ_ECANCELED.
using ProgressFn = std::function<bool(uint64_t done, uint64_t total)>;

class FolderWriter {
public:
    // Checks the job (MSEQ_EINVAL / MSEQ_ERANGE naming the fault, and
    // generates image 0 so that bad generation parameters fail here) and
    // builds its manifest, hashing the data files (unless `data` gives
    // describe_data(ds), computed once by the caller). Touches no output
    // file. A folder begun by 1.0 with unique sequences, whose manifest is
    // this job's but for the permutation it does not name, makes the job
    // take 1.0's permutation (MSEQ_PERMUTATION_FEISTEL_1_0), so that it
    // resumes (or is forced) as it was begun. ds must outlive the writer.
    FolderWriter(const SourceData &ds, std::string dir, JobSpec job,
                 const DataFiles *data = nullptr);

    // Prepares the directory (created with its parents when missing):
    //  - no manifest.json: the directory must be empty (apart from this
    //    writer's leftovers), else MSEQ_EEXIST unless force;
    //  - manifest.json equal to this job's: the job resumes (complete
    //    shards kept); a finished dataset is left as it is;
    //  - a different manifest.json: MSEQ_EEXIST naming the first
    //    difference, unless force.
    // With force, the job starts over whatever the directory holds: the
    // files a dataset writer makes are removed first (and only those:
    // manifest.json, labels.*, images.npy, masks.npy, NNNNNNNNN.png,
    // NNNNNNNNN.mask.png, shard-NNNNNN.tar, .mnistseq-parts and their
    // temporary files).
    void begin(bool force);

    uint64_t shard_count() const { return shards_; }
    // First image and number of images of a shard.
    uint64_t shard_first(uint64_t shard) const;
    uint64_t shard_images(uint64_t shard) const;

    // True when the shard is complete in the directory (or the whole dataset
    // is finished). MSEQ_EINVAL for a shard number out of range.
    bool shard_complete(uint64_t shard) const;

    // Writes one shard, unless it is complete, on params.threads threads
    // (0: all cores). The directory must hold this job's manifest (begin() was
    // called, maybe by another process): MSEQ_EINVAL when it holds none,
    // MSEQ_EEXIST when it holds another. progress (may be empty) sees the
    // shard's images. On failure or cancel, the shard's partial files are
    // removed and the error thrown; other shards are untouched.
    void write_shard(uint64_t shard, const ProgressFn &progress) const;

    // Completes the dataset once every shard is complete: writes
    // labels.csv / labels.jsonl, moves images.npy into place and removes
    // .mnistseq-parts. MSEQ_EINVAL naming the first incomplete shard
    // otherwise. A finished dataset is left as it is.
    void finish();

    // True when the directory holds this job's finished dataset: no state
    // folder, and every output the manifest implies in place (check_outputs
    // finds nothing).
    bool finished() const;

    // Checks the outputs of a finished dataset without reading images:
    // png: labels.csv has count + 1 lines and every NNNNNNNNN.png is a
    // non-empty regular file; npy: labels.jsonl has count lines and
    // images.npy its exact size; tar: every shard is there, a whole number
    // of 512-byte blocks and at least as large as its members' headers.
    // Appends a description of each problem found, at most max of them.
    void check_outputs(std::vector<std::string> &problems, size_t max) const;

    // What the dataset holds for image `index`: its file bytes (PNG for
    // png and tar; raw pixels for npy, at byte `offset` of images.npy) and
    // its label row with its '\n' (CSV for png, JSON for npy and tar).
    // With masks, also the image's mask bytes: its mask PNG (png, tar) or
    // its raw uint16 values (npy, at byte `mask_offset` of masks.npy).
    struct Sample {
        std::string image;
        std::string label;
        uint64_t offset = 0;
        std::string mask;
        uint64_t mask_offset = 0;
    };
    Sample expected_sample(uint64_t index) const;

    const std::string &manifest() const { return manifest_; }
    const std::string &dir() const { return dir_; }
    const JobSpec &job() const { return job_; }

private:
    // One write_shard() call: its images, where their bytes go and what
    // its record lists.
    struct Shard {
        uint64_t index = 0;
        uint64_t first = 0;
        uint64_t count = 0;
        const NpyRegionFile *npy = nullptr;        // npy: images.npy
        const NpyRegionFile *masks_npy = nullptr;  // npy with masks
        AtomicFile *labels = nullptr;              // png, npy: the label part
        AtomicFile *tar = nullptr;                 // tar: the archive
        const AtomicDir *files = nullptr;          // png: the image files
        std::string record;     // the record, "file" lines added
        uint64_t tar_size = 0;  // tar: bytes of members written
    };
    struct Images;
    struct Chunk;
    // absent: no manifest; other: another job's; running: this job's with
    // its state folder; finished: this job's, every output in place;
    // incomplete: this job's, no state folder, outputs missing (a folder
    // copied without its dot-files, a state folder removed by hand).
    enum class State { absent, other, running, finished, incomplete };

    // The protocol (folder/writer.cpp).
    State state() const;
    void make_parts_dir() const;
    void remove_parts_dir() const;
    void require_running() const;
    void prepare_npy() const;
    void remove_shard_outputs(const Shard &shard) const;

    // The job's names and sizes (folder/writer_job.cpp, with the
    // constructor and check_outputs).
    std::string read_manifest(bool &present) const;
    // A folder begun by 1.0 with unique sequences (its manifest names no
    // permutation) holding this job apart from that: the job takes 1.0's
    // permutation, so that the folder resumes as it was begun.
    void resume_1_0_permutation();
    std::string parts_dir() const;
    std::string path(const std::string &name) const;
    std::string record_path(uint64_t shard) const;
    std::string labels_part_path(uint64_t shard) const;
    std::string npy_part_path() const;
    uint64_t npy_size() const;
    std::string masks_npy_part_path() const;
    uint64_t masks_npy_size() const;

    // A shard's images (folder/shard_writer.cpp). write_images writes them
    // on the work pool: false when progress canceled.
    bool write_images(Shard &shard, const ProgressFn &progress) const;
    void process_chunk(const Shard &shard, Chunk &chunk) const;
    Images generate(uint64_t first, size_t count) const;
    // Image `index` (its pixels, its layout) as the folder holds it: its
    // PNG (png, tar; with its recipe's chunks when the job's png_recipe is
    // set) and its label line.
    void encode(uint64_t index, const uint8_t *image, const ImageLabels &labels,
                std::vector<uint8_t> &png, std::string &label) const;
    // An image's instance mask as its mask PNG: 8-bit grey when an image
    // holds at most 255 digits, else 16-bit.
    void encode_mask(const uint16_t *mask, std::vector<uint8_t> &png) const;

    const SourceData &ds_;
    std::string dir_;
    JobSpec job_;
    Params gen_;  // generation parameters: one thread per chunk
    uint64_t shards_ = 0;
    size_t image_bytes_ = 0;
    uint32_t image_rows_ = 0, image_cols_ = 0;  // mseq_image_shape()
    size_t mask_pixels_ = 0;   // pixels of an image: its mask's entries
    bool mask_png16_ = false;  // mask PNGs in 16 bits (above 255 digits)
    // Placements per image: the given digits, the template's longest text
    // or the longest random sequence.
    size_t stride_ = 0;
    std::string npy_header_;
    std::string masks_npy_header_;  // npy with masks
    DataFiles data_;  // the source data's files, for the manifest and recipes
    std::string manifest_;
    std::string manifest_sha_;
};

// The whole job: begin(force), every incomplete shard, finish(). progress
// sees the whole dataset (complete shards count as done from the start).
// data as for FolderWriter.
void write_folder(const SourceData &ds, const std::string &dir,
                  const JobSpec &job, bool force, const ProgressFn &progress,
                  const DataFiles *data = nullptr);

}  // namespace mseq
