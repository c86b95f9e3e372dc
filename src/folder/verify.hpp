// Re-checking a finished dataset folder against its manifest: every file
// the manifest implies is there (FolderWriter::check_outputs), and a
// sample of images and label rows, regenerated from the manifest's job,
// equals what the folder holds byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "input/source_data.hpp"
#include "output/manifest.hpp"

namespace mseq {

// Reads dir/manifest.json (bounded, regular file): the job and its split.
JobSpec read_manifest_job(const std::string &dir, std::string &split);

// What verify_folder found.
struct VerifyReport {
    uint64_t images_checked = 0;        // regenerated and compared
    std::vector<std::string> problems;  // at most max_problems
    uint64_t problem_count = 0;         // all of them
};

// Checks dir, made by job from ds (whose content must be the manifest's:
// MSEQ_EINVAL naming the difference otherwise). sample: how many images
// (and their labels) to regenerate and compare, spread evenly over the
// dataset; at least count compares them all.
VerifyReport verify_folder(const SourceData &ds, const std::string &dir,
                           const JobSpec &job, uint64_t sample,
                           size_t max_problems);

}  // namespace mseq
