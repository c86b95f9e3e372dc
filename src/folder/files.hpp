// The names of the files a dataset writer makes in a dataset folder: written
// once here, used to write them, to tell them from a user's files and to
// check a finished dataset.
//
//   manifest.json          the job
//   labels.csv             png
//   labels.jsonl           npy
//   images.npy             npy
//   masks.npy              npy with masks
//   NNNNNNNNN.png          png: nine digits, the image index
//   NNNNNNNNN.mask.png     png with masks: the image's instance mask
//   shard-NNNNNN.tar       tar: six digits, the shard number; members
//                          NNNNNNNNN.png and NNNNNNNNN.json (and
//                          NNNNNNNNN.mask.png with masks)
//   .mnistseq-parts/       the job's state while it runs: shard records
//                          shard-NNNNNN.done, label parts
//                          labels-NNNNNN.csv|.jsonl, images.npy,
//                          masks.npy, and
//                          temporary files tmp.* (kTempPrefix)
//
// Nothing else in a dataset folder is ever written or removed.
#pragma once

#include <cstdint>
#include <string>

namespace mseq {

constexpr const char *kManifestName = "manifest.json";
constexpr const char *kPartsDir = ".mnistseq-parts";
constexpr const char *kCsvLabelsName = "labels.csv";
constexpr const char *kJsonLabelsName = "labels.jsonl";
constexpr const char *kNpyName = "images.npy";
constexpr const char *kMasksNpyName = "masks.npy";

// "000000123.png"
std::string image_file_name(uint64_t index);
// "000000123.mask.png": the instance mask of image_file_name()
std::string mask_file_name(uint64_t index);
// "000000123.json": in a tar shard, the label member of image_file_name()
std::string label_member_name(uint64_t index);
// "shard-000003.tar"
std::string tar_file_name(uint64_t shard);
// "shard-000003.done", "labels-000003.csv" / ".jsonl" (in kPartsDir)
std::string shard_record_name(uint64_t shard);
std::string labels_part_name(uint64_t shard, bool csv);

// True for exactly the names listed above at the top of a dataset folder
// (kPartsDir excluded): fixed digit counts, nothing else.
bool is_dataset_file_name(const std::string &name);

// True for exactly the names the writer makes inside kPartsDir.
bool is_parts_file_name(const std::string &name);

}  // namespace mseq
