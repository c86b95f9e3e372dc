// The dataset writer through the C API (mnistseq.h, "Dataset writer").
#include "folder/writer.hpp"

#include <new>
#include <string>
#include <utility>

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "common/error.hpp"
#include "folder/verify.hpp"
#include "mnistseq/mnistseq.h"

struct mseq_writer {
    mseq::FolderWriter writer;
};

namespace {

static_assert(MSEQ_MAX_DATASET == mseq::kMaxDatasetCount,
              "MSEQ_MAX_DATASET and kMaxDatasetCount agree");
static_assert(MSEQ_MAX_SHARDS == mseq::kMaxShards,
              "MSEQ_MAX_SHARDS and kMaxShards agree");

// `output` is the int the C caller passed (enum_value()): an mseq_output
// outside the enum's range must not be loaded as one in C++.
mseq::JobSpec make_job(const char *function, const mseq_params *params,
                       const int *digits, size_t ndigits, uint64_t count,
                       int raw_output) {
    mseq::require_non_null(params, function, "params");
    if ((digits == nullptr) != (ndigits == 0)) {
        throw mseq::Error(
            MSEQ_EINVAL,
            std::string(function) +
                (digits == nullptr
                     ? ": digits is NULL but ndigits is " +
                           std::to_string(ndigits) +
                           " (pass ndigits 0 for random sequences)"
                     : std::string(": ndigits is 0 but digits is not NULL "
                                   "(pass NULL for random sequences)")));
    }
    if (ndigits > MSEQ_MAX_DIGITS) {
        throw mseq::Error(MSEQ_ERANGE, std::string(function) + ": ndigits " +
                                           std::to_string(ndigits) +
                                           " is above MSEQ_MAX_DIGITS");
    }
    if (raw_output < MSEQ_OUTPUT_PNG || raw_output > MSEQ_OUTPUT_TAR) {
        throw mseq::Error(MSEQ_EINVAL,
                          std::string(function) + ": output " +
                              std::to_string(raw_output) +
                              " is not MSEQ_OUTPUT_PNG (0), MSEQ_OUTPUT_NPY "
                              "(1) or MSEQ_OUTPUT_TAR (2)");
    }
    mseq::JobSpec job;
    job.params = params->values;
    if (digits != nullptr) job.digits.assign(digits, digits + ndigits);
    job.count = count;
    job.shard_size = static_cast<uint64_t>(params->values.shard_size);
    job.output = static_cast<mseq::OutputFormat>(raw_output);
    job.png_level = static_cast<int>(params->values.png_level);
    return job;
}

bool force_flag(const char *function, unsigned flags) {
    if ((flags & ~MSEQ_WRITE_FORCE) != 0) {
        throw mseq::Error(MSEQ_EINVAL, std::string(function) + ": flags " +
                                           std::to_string(flags) +
                                           " hold unknown bits (only "
                                           "MSEQ_WRITE_FORCE is defined)");
    }
    return (flags & MSEQ_WRITE_FORCE) != 0;
}

mseq::ProgressFn progress_of(mseq_progress_fn progress, void *user) {
    if (progress == nullptr) return {};
    return [progress, user](uint64_t done, uint64_t total) {
        return progress(done, total, user) == 0;
    };
}

}  // namespace

extern "C" MSEQ_API int mseq_writer_new(mseq_writer **out, const char *dir,
                                        const mseq_dataset *ds,
                                        const mseq_params *params,
                                        const int *digits, size_t ndigits,
                                        uint64_t count, mseq_output output) {
    return mseq::guard("mseq_writer_new", [&] {
        const char *fn = "mseq_writer_new";
        mseq::require_non_null(out, fn, "out");
        mseq::require_non_null(dir, fn, "dir");
        mseq::require_non_null(ds, fn, "ds");
        mseq::JobSpec job = make_job(fn, params, digits, ndigits, count,
                                     mseq::enum_value(output));
        *out = new mseq_writer{mseq::FolderWriter(
            ds->data, dir, std::move(job), &ds->description.of(ds->data))};
    });
}

extern "C" MSEQ_API void mseq_writer_free(mseq_writer *writer) {
    delete writer;
}

extern "C" MSEQ_API int mseq_writer_manifest(const char **text,
                                             const mseq_writer *writer) {
    return mseq::guard("mseq_writer_manifest", [&] {
        mseq::require_non_null(text, "mseq_writer_manifest", "text");
        mseq::require_non_null(writer, "mseq_writer_manifest", "writer");
        *text = writer->writer.manifest().c_str();
    });
}

extern "C" MSEQ_API int mseq_writer_shard_count(uint64_t *shards,
                                                const mseq_writer *writer) {
    return mseq::guard("mseq_writer_shard_count", [&] {
        mseq::require_non_null(shards, "mseq_writer_shard_count", "shards");
        mseq::require_non_null(writer, "mseq_writer_shard_count", "writer");
        *shards = writer->writer.shard_count();
    });
}

extern "C" MSEQ_API int mseq_writer_shard_range(uint64_t *first,
                                                uint64_t *count,
                                                const mseq_writer *writer,
                                                uint64_t shard) {
    return mseq::guard("mseq_writer_shard_range", [&] {
        const char *fn = "mseq_writer_shard_range";
        mseq::require_non_null(first, fn, "first");
        mseq::require_non_null(count, fn, "count");
        mseq::require_non_null(writer, fn, "writer");
        const mseq::FolderWriter &w = writer->writer;
        if (shard >= w.shard_count()) {
            throw mseq::Error(MSEQ_EINVAL,
                              std::string(fn) + ": shard " +
                                  std::to_string(shard) + " out of range (" +
                                  std::to_string(w.shard_count()) + " shards)");
        }
        *first = w.shard_first(shard);
        *count = w.shard_images(shard);
    });
}

extern "C" MSEQ_API int mseq_writer_begin(mseq_writer *writer, unsigned flags) {
    return mseq::guard("mseq_writer_begin", [&] {
        mseq::require_non_null(writer, "mseq_writer_begin", "writer");
        writer->writer.begin(force_flag("mseq_writer_begin", flags));
    });
}

extern "C" MSEQ_API int mseq_writer_shard_done(int *done,
                                               const mseq_writer *writer,
                                               uint64_t shard) {
    return mseq::guard("mseq_writer_shard_done", [&] {
        mseq::require_non_null(done, "mseq_writer_shard_done", "done");
        mseq::require_non_null(writer, "mseq_writer_shard_done", "writer");
        *done = writer->writer.shard_complete(shard) ? 1 : 0;
    });
}

extern "C" MSEQ_API int mseq_writer_write_shard(const mseq_writer *writer,
                                                uint64_t shard,
                                                mseq_progress_fn progress,
                                                void *user) {
    return mseq::guard("mseq_writer_write_shard", [&] {
        mseq::require_non_null(writer, "mseq_writer_write_shard", "writer");
        writer->writer.write_shard(shard, progress_of(progress, user));
    });
}

extern "C" MSEQ_API int mseq_writer_finish(mseq_writer *writer) {
    return mseq::guard("mseq_writer_finish", [&] {
        mseq::require_non_null(writer, "mseq_writer_finish", "writer");
        writer->writer.finish();
    });
}

extern "C" MSEQ_API int mseq_write_dataset(
    const char *dir, const mseq_dataset *ds, const mseq_params *params,
    const int *digits, size_t ndigits, uint64_t count, mseq_output output,
    unsigned flags, mseq_progress_fn progress, void *user) {
    return mseq::guard("mseq_write_dataset", [&] {
        const char *fn = "mseq_write_dataset";
        mseq::require_non_null(dir, fn, "dir");
        mseq::require_non_null(ds, fn, "ds");
        const mseq::JobSpec job = make_job(fn, params, digits, ndigits, count,
                                           mseq::enum_value(output));
        mseq::write_folder(ds->data, dir, job, force_flag(fn, flags),
                           progress_of(progress, user),
                           &ds->description.of(ds->data));
    });
}

extern "C" MSEQ_API int mseq_verify_dataset(uint64_t *problems, const char *dir,
                                            const char *data, uint64_t sample,
                                            mseq_problem_fn report,
                                            void *user) {
    return mseq::guard("mseq_verify_dataset", [&] {
        mseq::require_non_null(problems, "mseq_verify_dataset", "problems");
        mseq::require_non_null(dir, "mseq_verify_dataset", "dir");
        std::string split;
        const mseq::JobSpec job = mseq::read_manifest_job(dir, split);
        const mseq::SourceData ds = mseq::load_source_data(
            data == nullptr ? "" : data,
            split == "test" ? mseq::Split::test : mseq::Split::train);
        const mseq::VerifyReport found =
            mseq::verify_folder(ds, dir, job, sample, SIZE_MAX);
        for (const std::string &problem : found.problems) {
            if (report == nullptr || report(problem.c_str(), user) != 0) break;
        }
        *problems = found.problem_count;
    });
}
