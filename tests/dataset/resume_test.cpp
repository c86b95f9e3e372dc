// Sharding, resume and reproducibility: shard-by-shard writing equals the
// whole job byte for byte, the thread count changes nothing, an interrupted
// job resumes keeping its complete shards, a different job is refused
// unless forced, and a progress callback can cancel cleanly.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "dataset_support.hpp"

namespace dataset_test {
namespace {

constexpr uint64_t kCount = 35;  // 4 shards: 10, 10, 10, 5
constexpr mseq_output kOutputs[] = {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_NPY,
                                    MSEQ_OUTPUT_TAR};

const char *name_of(mseq_output o) {
    return o == MSEQ_OUTPUT_PNG ? "png" : o == MSEQ_OUTPUT_NPY ? "npy" : "tar";
}

int write_all(const std::string &dir, const Params &p, mseq_output output,
              unsigned flags = 0, ProgressLog *log = nullptr) {
    return mseq_write_dataset(
        dir.c_str(), mnist(), p, nullptr, 0, kCount, output, flags,
        log != nullptr ? ProgressLog::callback : nullptr, log);
}

// Owns a writer for the default job in dir.
class Writer {
public:
    Writer(const std::string &dir, const Params &p, mseq_output output) {
        EXPECT_EQ(mseq_writer_new(&w_, dir.c_str(), mnist(), p, nullptr, 0,
                                  kCount, output),
                  MSEQ_OK)
            << mseq_last_error();
    }
    ~Writer() { mseq_writer_free(w_); }
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;
    operator mseq_writer *() const { return w_; }
    bool done(uint64_t shard) const {
        int d = -1;
        EXPECT_EQ(mseq_writer_shard_done(&d, w_, shard), MSEQ_OK)
            << mseq_last_error();
        return d == 1;
    }

private:
    mseq_writer *w_ = nullptr;
};

// Files of shard `shard` that live in the dataset directory itself.
std::vector<std::string> shard_files(mseq_output output, uint64_t shard) {
    std::vector<std::string> files;
    if (output == MSEQ_OUTPUT_TAR) {
        files.push_back(shard_tar(shard));
    } else if (output == MSEQ_OUTPUT_PNG) {
        for (uint64_t i = shard * 10; i < std::min(kCount, shard * 10 + 10);
             ++i) {
            files.push_back(stem(i) + ".png");
        }
    }
    return files;
}

TEST(Resume, ShardByShardInAnyOrderEqualsWholeJob) {
    for (mseq_output output : kOutputs) {
        SCOPED_TRACE(name_of(output));
        ScratchDir tmp;
        Params p;
        ASSERT_EQ(write_all(tmp / "whole", p, output), MSEQ_OK)
            << mseq_last_error();

        // Another "process": its own writer per shard, shards out of order,
        // each with another thread count.
        {
            Writer w(tmp / "sharded", p, output);
            ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
        }
        uint64_t shards = 0;
        const uint64_t order[] = {2, 0, 3, 1};
        for (uint64_t k : order) {
            Params q;
            q.set(MSEQ_PARAM_THREADS, int64_t(k % 3 + 1));
            Writer w(tmp / "sharded", q, output);
            ASSERT_EQ(mseq_writer_shard_count(&shards, w), MSEQ_OK);
            EXPECT_EQ(shards, 4u);
            EXPECT_FALSE(w.done(k));
            ASSERT_EQ(mseq_writer_write_shard(w, k, nullptr, nullptr), MSEQ_OK)
                << mseq_last_error();
            EXPECT_TRUE(w.done(k));
        }
        {
            Writer w(tmp / "sharded", p, output);
            ASSERT_EQ(mseq_writer_finish(w), MSEQ_OK) << mseq_last_error();
        }
        const auto whole = snapshot(tmp / "whole");
        EXPECT_GT(whole.size(), 1u);
        EXPECT_TRUE(whole == snapshot(tmp / "sharded"))
            << "sharded result differs from the whole job";
    }
}

TEST(Resume, ThreadCountDoesNotChangeBytes) {
    for (mseq_output output : kOutputs) {
        SCOPED_TRACE(name_of(output));
        ScratchDir tmp;
        std::map<std::string, std::string> first;
        for (int threads : {1, 2, 7}) {
            Params p;
            p.set(MSEQ_PARAM_THREADS, threads);
            const std::string dir = tmp / ("t" + std::to_string(threads));
            ASSERT_EQ(write_all(dir, p, output), MSEQ_OK) << mseq_last_error();
            if (first.empty()) {
                first = snapshot(dir);
            } else {
                EXPECT_TRUE(first == snapshot(dir)) << threads << " threads";
            }
        }
    }
}

TEST(Resume, InterruptedJobKeepsCompleteShardsAndRedoesTheRest) {
    for (mseq_output output : kOutputs) {
        SCOPED_TRACE(name_of(output));
        ScratchDir tmp;
        Params p;
        ASSERT_EQ(write_all(tmp / "clean", p, output), MSEQ_OK);

        const std::string dir = tmp / "ds";
        {
            // The "killed" run: shards 0, 1 and 2 written, 3 never, no
            // finish.
            Writer w(dir, p, output);
            ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
            for (uint64_t k : {0, 1, 2}) {
                ASSERT_EQ(mseq_writer_write_shard(w, k, nullptr, nullptr),
                          MSEQ_OK)
                    << mseq_last_error();
            }
        }
        // Damage: shard 1 loses a file (or its record, for npy), shard 2 a
        // truncated file, and temporary files are left behind.
        if (output == MSEQ_OUTPUT_PNG) {
            ASSERT_EQ(unlink((dir + "/" + stem(13) + ".png").c_str()), 0);
            ASSERT_EQ(truncate((dir + "/" + stem(24) + ".png").c_str(), 40), 0);
        } else if (output == MSEQ_OUTPUT_TAR) {
            ASSERT_EQ(unlink((dir + "/" + shard_tar(1)).c_str()), 0);
            ASSERT_EQ(truncate((dir + "/" + shard_tar(2)).c_str(), 10240), 0);
        } else {
            ASSERT_EQ(
                unlink((dir + "/.mnistseq-parts/shard-000001.done").c_str()),
                0);
            ASSERT_EQ(
                truncate((dir + "/.mnistseq-parts/labels-000002.jsonl").c_str(),
                         3),
                0);
        }
        // The temporary files a killed writer leaves are in its own state
        // folder; a user's dot-file that looks like one of 1.0's temporary
        // names is not the writer's to remove.
        ScratchDir::write_file(dir + "/.mnistseq-parts/tmp.labels.csv.Ab12Cd",
                               "partial");
        ScratchDir::write_file(
            dir + "/.mnistseq-parts/tmp." + shard_tar(3) + ".Zz99Yy",
            "partial");
        ScratchDir::write_file(dir + "/.labels.csv.mynote", "user notes");
        {
            Writer w(dir, p, output);
            EXPECT_TRUE(w.done(0));
            EXPECT_FALSE(w.done(1));
            EXPECT_FALSE(w.done(2));
            EXPECT_FALSE(w.done(3));
        }
        std::vector<std::pair<std::string, FileId>> kept;
        for (const std::string &f : shard_files(output, 0)) {
            kept.emplace_back(f, file_id(dir + "/" + f));
        }
        usleep(20000);  // so that a rewrite would change the mtime

        ProgressLog log;
        ASSERT_EQ(write_all(dir, p, output, 0, &log), MSEQ_OK)
            << mseq_last_error();
        ASSERT_FALSE(log.calls.empty());
        EXPECT_EQ(log.calls.front(), std::make_pair(uint64_t{10}, kCount))
            << "shard 0 counted as done from the start";
        EXPECT_EQ(log.calls.back(), std::make_pair(kCount, kCount));
        for (const auto &[name, id] : kept) {
            EXPECT_TRUE(file_id(dir + "/" + name) == id)
                << name << " of a complete shard was rewritten";
        }
        EXPECT_EQ(ScratchDir::read_file(dir + "/.labels.csv.mynote"),
                  "user notes")
            << "a user's file was taken for a temporary file";
        ASSERT_EQ(unlink((dir + "/.labels.csv.mynote").c_str()), 0);
        EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir))
            << "resumed result differs from a clean run";
    }
}

TEST(Resume, RerunOfFinishedDatasetTouchesNothing) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    std::map<std::string, FileId> ids;
    for (const std::string &name : ScratchDir::list(dir)) {
        ids[name] = file_id(dir + "/" + name);
    }
    usleep(20000);
    Params more_threads;
    more_threads.set(MSEQ_PARAM_THREADS, 1);  // not part of the job
    ProgressLog log;
    ASSERT_EQ(write_all(dir, more_threads, MSEQ_OUTPUT_PNG, 0, &log), MSEQ_OK);
    EXPECT_EQ(log.calls.back(), std::make_pair(kCount, kCount));
    for (const std::string &name : ScratchDir::list(dir)) {
        EXPECT_TRUE(ids.count(name) && ids[name] == file_id(dir + "/" + name))
            << name;
    }
}

TEST(Resume, DifferentJobIsRefusedNamingTheDifference) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    const auto before = snapshot(dir);
    Params other;
    other.set(MSEQ_PARAM_SEED, 8);
    EXPECT_EQ(write_all(dir, other, MSEQ_OUTPUT_PNG), MSEQ_EEXIST);
    const std::string message = mseq_last_error();
    EXPECT_NE(message.find("\"seed\" is 7 there, 8 here"), std::string::npos)
        << message;
    EXPECT_NE(message.find(dir + "/manifest.json"), std::string::npos)
        << message;
    EXPECT_TRUE(before == snapshot(dir)) << "a refused job changed files";

    // Another format is another job too.
    EXPECT_EQ(write_all(dir, p, MSEQ_OUTPUT_TAR), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error()).find("\"output\""),
              std::string::npos);

    // Forced: the old dataset is replaced; a file of the user's stays.
    ScratchDir::write_file(dir + "/notes.txt", "mine");
    ASSERT_EQ(write_all(dir, other, MSEQ_OUTPUT_TAR, MSEQ_WRITE_FORCE), MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(write_all(tmp / "clean", other, MSEQ_OUTPUT_TAR), MSEQ_OK);
    auto forced = snapshot(dir);
    EXPECT_EQ(forced["notes.txt"], "mine");
    forced.erase("notes.txt");
    EXPECT_TRUE(forced == snapshot(tmp / "clean"))
        << "forced run left files of the old job or differs from a clean run";
}

TEST(Resume, AugmentationIsPartOfTheJob) {
    ScratchDir tmp;
    Params plain, rotated, more;
    ASSERT_EQ(mseq_params_set_f64(rotated, MSEQ_PARAM_ROTATE, 10.5), MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(more, MSEQ_PARAM_ROTATE, 12.0), MSEQ_OK);
    // Without augmentation the manifest names no augmentation key (the
    // manifest of 1.0); with it, every key, exactly.
    ASSERT_EQ(write_all(tmp / "plain", plain, MSEQ_OUTPUT_NPY), MSEQ_OK);
    const std::string plain_manifest =
        ScratchDir::read_file(tmp / "plain/manifest.json");
    EXPECT_EQ(plain_manifest.find("rotate"), std::string::npos);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, rotated, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    const std::string manifest = ScratchDir::read_file(dir + "/manifest.json");
    for (const char *line :
         {"\"rotate\": 10.5,", "\"shear\": 0,", "\"thickness\": 0"}) {
        EXPECT_NE(manifest.find(line), std::string::npos) << line;
    }
    EXPECT_NE(ScratchDir::read_file(dir + "/images.npy"),
              ScratchDir::read_file(tmp / "plain/images.npy"));
    // The folder verifies: its images are regenerated with the rotation.
    expect_verified(dir, kCount);
    // Another rotation is another job.
    const auto before = snapshot(dir);
    EXPECT_EQ(write_all(dir, more, MSEQ_OUTPUT_NPY), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error())
                  .find("\"rotate\" is 10.5 there, 12 here"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(dir));
}

TEST(Resume, ElasticDistortionIsPartOfTheJob) {
    ScratchDir tmp;
    Params elastic, smoother;
    ASSERT_EQ(mseq_params_set_f64(elastic, MSEQ_PARAM_ELASTIC_ALPHA, 34.0),
              MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(smoother, MSEQ_PARAM_ELASTIC_ALPHA, 34.0),
              MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(smoother, MSEQ_PARAM_ELASTIC_SIGMA, 6.0),
              MSEQ_OK);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, elastic, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    const std::string manifest = ScratchDir::read_file(dir + "/manifest.json");
    for (const char *line :
         {"\"rotate\": 0,", "\"elastic_alpha\": 34,", "\"elastic_sigma\": 4"}) {
        EXPECT_NE(manifest.find(line), std::string::npos) << line;
    }
    expect_verified(dir, kCount);
    // Another smoothness is another job.
    const auto before = snapshot(dir);
    EXPECT_EQ(write_all(dir, smoother, MSEQ_OUTPUT_NPY), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error())
                  .find("\"elastic_sigma\" is 4 there, 6 here"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(dir));
}

TEST(Resume, WholeImageModulesArePartOfTheJob) {
    ScratchDir tmp;
    Params rotated, noisy, noisier;
    ASSERT_EQ(mseq_params_set_f64(rotated, MSEQ_PARAM_ROTATE, 10.5), MSEQ_OK);
    for (Params *p : {&noisy, &noisier}) {
        ASSERT_EQ(
            mseq_params_set(*p, MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_TEXTURE),
            MSEQ_OK);
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_BACKGROUND_STRENGTH, 0.25),
                  MSEQ_OK);
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_BLUR_SIGMA, 1.5), MSEQ_OK);
    }
    ASSERT_EQ(mseq_params_set_f64(noisy, MSEQ_PARAM_NOISE_STD, 0.125), MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(noisier, MSEQ_PARAM_NOISE_STD, 0.25),
              MSEQ_OK);
    // Per-digit augmentation alone: the manifest of the keys before the
    // whole image's (so that such folders still resume).
    ASSERT_EQ(write_all(tmp / "rotated", rotated, MSEQ_OUTPUT_NPY), MSEQ_OK);
    const std::string rotated_manifest =
        ScratchDir::read_file(tmp / "rotated/manifest.json");
    EXPECT_NE(rotated_manifest.find("\"rotate\": 10.5,"), std::string::npos);
    EXPECT_EQ(rotated_manifest.find("noise_std"), std::string::npos);
    EXPECT_EQ(rotated_manifest.find("background"), std::string::npos);
    // The whole image's modules: every augmentation key.
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, noisy, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    const std::string manifest = ScratchDir::read_file(dir + "/manifest.json");
    for (const char *line :
         {"\"rotate\": 0,", "\"noise_std\": 0.125,", "\"blur_sigma\": 1.5,",
          "\"background\": \"texture\",", "\"background_strength\": 0.25,",
          "\"texture_scale\": 8", "\"salt_pepper\": 0,"}) {
        EXPECT_NE(manifest.find(line), std::string::npos) << line;
    }
    expect_verified(dir, kCount);
    // Another noise is another job.
    const auto before = snapshot(dir);
    EXPECT_EQ(write_all(dir, noisier, MSEQ_OUTPUT_NPY), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error())
                  .find("\"noise_std\" is 0.125 there, 0.25 here"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(dir));
    // The same job resumes: nothing changes.
    EXPECT_EQ(write_all(dir, noisy, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(dir));
}

TEST(Resume, TheBaselineIsPartOfTheJobOnlyWhenOn) {
    ScratchDir tmp;
    Params rotated, period_only, waved, longer;
    for (Params *p : {&rotated, &period_only, &waved, &longer}) {
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_ROTATE, 10.5), MSEQ_OK);
    }
    // The period alone changes no image: the manifest of per-digit
    // augmentation before the baseline, so such folders still resume.
    ASSERT_EQ(mseq_params_set_f64(period_only, MSEQ_PARAM_WAVE_PERIOD, 90.0),
              MSEQ_OK);
    for (Params *p : {&waved, &longer}) {
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_BASELINE_SLOPE, 2.5),
                  MSEQ_OK);
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_WAVE_AMPLITUDE, 1.5),
                  MSEQ_OK);
    }
    ASSERT_EQ(mseq_params_set_f64(longer, MSEQ_PARAM_WAVE_PERIOD, 200.0),
              MSEQ_OK);
    const std::string dir = tmp / "rotated";
    ASSERT_EQ(write_all(dir, rotated, MSEQ_OUTPUT_NPY), MSEQ_OK);
    const std::string rotated_manifest =
        ScratchDir::read_file(dir + "/manifest.json");
    EXPECT_EQ(rotated_manifest.find("baseline"), std::string::npos);
    EXPECT_EQ(rotated_manifest.find("wave"), std::string::npos);
    const auto plain = snapshot(dir);
    EXPECT_EQ(write_all(dir, period_only, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    EXPECT_TRUE(plain == snapshot(dir));
    // On: its three keys.
    const std::string wdir = tmp / "waved";
    ASSERT_EQ(write_all(wdir, waved, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    const std::string manifest = ScratchDir::read_file(wdir + "/manifest.json");
    for (const char *line :
         {"\"rotate\": 10.5,", "\"baseline_slope\": 2.5,",
          "\"wave_amplitude\": 1.5,", "\"wave_period\": 160"}) {
        EXPECT_NE(manifest.find(line), std::string::npos) << line;
    }
    expect_verified(wdir, kCount);
    // Another period is another job.
    const auto before = snapshot(wdir);
    EXPECT_EQ(write_all(wdir, longer, MSEQ_OUTPUT_NPY), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error())
                  .find("\"wave_period\" is 160 there, 200 here"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(wdir));
    EXPECT_EQ(write_all(wdir, waved, MSEQ_OUTPUT_NPY), MSEQ_OK)
        << mseq_last_error();
    EXPECT_TRUE(before == snapshot(wdir));
}

TEST(Resume, UniqueFolderOf1_0ResumesWithItsPermutation) {
    for (mseq_output output : {MSEQ_OUTPUT_NPY, MSEQ_OUTPUT_PNG}) {
        SCOPED_TRACE(name_of(output));
        ScratchDir tmp;
        // 110 sequences of lengths 1..2, 35 of them drawn.
        Params old_job, new_job;
        for (Params *p : {&old_job, &new_job}) {
            p->set(MSEQ_PARAM_UNIQUE, 1).set(MSEQ_PARAM_MAX_LENGTH, 2);
        }
        old_job.set(MSEQ_PARAM_UNIQUE_PERMUTATION,
                    MSEQ_PERMUTATION_FEISTEL_1_0);
        // A folder of 1.0's permutation has 1.0's manifest: no record of it.
        ASSERT_EQ(write_all(tmp / "old", old_job, output), MSEQ_OK)
            << mseq_last_error();
        const std::string old_manifest =
            ScratchDir::read_file(tmp / "old/manifest.json");
        EXPECT_EQ(old_manifest.find("permutation"), std::string::npos);
        // A new folder records the uniform permutation, after "unique", and
        // holds other sequences.
        ASSERT_EQ(write_all(tmp / "new", new_job, output), MSEQ_OK)
            << mseq_last_error();
        const std::string new_manifest =
            ScratchDir::read_file(tmp / "new/manifest.json");
        EXPECT_NE(new_manifest.find("\"unique\": true,\n  "
                                    "\"unique_permutation\": \"uniform\","),
                  std::string::npos)
            << new_manifest;
        const char *labels =
            output == MSEQ_OUTPUT_NPY ? "/labels.jsonl" : "/labels.csv";
        EXPECT_NE(ScratchDir::read_file(tmp / "old" + labels),
                  ScratchDir::read_file(tmp / "new" + labels));

        // 1.0's folder, interrupted after shards 0 and 2 (1.0 wrote this
        // manifest), resumed by the same command, the permutation at its
        // default: it continues with 1.0's permutation, byte for byte.
        const std::string dir = tmp / "ds";
        {
            Writer w(dir, old_job, output);
            ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
            for (uint64_t k : {0, 2}) {
                ASSERT_EQ(mseq_writer_write_shard(w, k, nullptr, nullptr),
                          MSEQ_OK)
                    << mseq_last_error();
            }
        }
        ASSERT_EQ(ScratchDir::read_file(dir + "/manifest.json"), old_manifest);
        {
            Writer w(dir, new_job, output);
            const char *text = nullptr;
            ASSERT_EQ(mseq_writer_manifest(&text, w), MSEQ_OK);
            EXPECT_EQ(std::string(text), old_manifest);
            EXPECT_TRUE(w.done(0));
            EXPECT_FALSE(w.done(1));
            EXPECT_TRUE(w.done(2));
        }
        ASSERT_EQ(write_all(dir, new_job, output), MSEQ_OK)
            << mseq_last_error();
        EXPECT_TRUE(snapshot(tmp / "old") == snapshot(dir))
            << "the resumed 1.0 folder differs from 1.0's permutation";
        // Both folders verify: the manifest without a record is read as
        // 1.0's permutation, the new one's as the uniform one.
        for (const std::string &d : {dir, tmp / "new"}) {
            uint64_t problems = 99;
            ASSERT_EQ(mseq_verify_dataset(&problems, d.c_str(), nullptr, kCount,
                                          nullptr, nullptr),
                      MSEQ_OK)
                << mseq_last_error();
            EXPECT_EQ(problems, 0u) << d;
        }
        // A new folder is not taken for 1.0's: 1.0's permutation is
        // another job there.
        const auto before = snapshot(tmp / "new");
        EXPECT_EQ(write_all(tmp / "new", old_job, output), MSEQ_EEXIST);
        EXPECT_NE(std::string(mseq_last_error())
                      .find("\"unique_permutation\" is \"uniform\" there, "
                            "and not set here"),
                  std::string::npos)
            << mseq_last_error();
        EXPECT_TRUE(before == snapshot(tmp / "new"));
    }
}

TEST(Resume, NonEmptyDirectoryWithoutManifestNeedsForce) {
    ScratchDir tmp;
    Params p;
    ScratchDir::write_file(tmp / "photo.jpg", "not ours");
    EXPECT_EQ(write_all(tmp.path(), p, MSEQ_OUTPUT_NPY), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error()).find("photo.jpg"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_EQ(ScratchDir::list(tmp.path()),
              std::vector<std::string>{"photo.jpg"});
    ASSERT_EQ(write_all(tmp.path(), p, MSEQ_OUTPUT_NPY, MSEQ_WRITE_FORCE),
              MSEQ_OK);
    EXPECT_EQ(ScratchDir::read_file(tmp / "photo.jpg"), "not ours");
    EXPECT_TRUE(exists(tmp / "images.npy"));
}

TEST(Resume, CancelKeepsCompleteShardsAndRemovesThePartialOne) {
    ScratchDir tmp;
    Params p;
    p.set(MSEQ_PARAM_THREADS, 1);  // one chunk per shard: one call each
    const std::string dir = tmp / "ds";
    ProgressLog log;
    log.cancel_at = 3;  // start, shard 0, then cancel inside shard 1
    EXPECT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG, 0, &log), MSEQ_ECANCELED);
    EXPECT_NE(std::string(mseq_last_error()).find("resume"), std::string::npos);
    ASSERT_EQ(log.calls.size(), 3u);
    EXPECT_EQ(log.calls[0], std::make_pair(uint64_t{0}, kCount));
    EXPECT_EQ(log.calls[1], std::make_pair(uint64_t{10}, kCount));
    EXPECT_EQ(log.calls[2], std::make_pair(uint64_t{20}, kCount));
    {
        Writer w(dir, p, MSEQ_OUTPUT_PNG);
        EXPECT_TRUE(w.done(0));
        EXPECT_FALSE(w.done(1));
    }
    for (const std::string &f : shard_files(MSEQ_OUTPUT_PNG, 1)) {
        EXPECT_FALSE(exists(dir + "/" + f)) << f << " of the canceled shard";
    }
    EXPECT_TRUE(exists(dir + "/" + stem(0) + ".png"));
    EXPECT_FALSE(exists(dir + "/labels.csv"));

    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    ASSERT_EQ(write_all(tmp / "clean", p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir));
}

TEST(Resume, ProgressIsMonotonicAndEndsAtTotal) {
    ScratchDir tmp;
    Params p;
    ProgressLog log;
    ASSERT_EQ(write_all(tmp / "ds", p, MSEQ_OUTPUT_TAR, 0, &log), MSEQ_OK);
    ASSERT_GE(log.calls.size(), 5u);  // start + at least one per shard
    for (size_t i = 0; i < log.calls.size(); ++i) {
        EXPECT_EQ(log.calls[i].second, kCount);
        if (i > 0) {
            EXPECT_GE(log.calls[i].first, log.calls[i - 1].first);
        }
    }
    EXPECT_EQ(log.calls.back().first, kCount);
}

TEST(Resume, FinishNeedsEveryShardAndBeginNeedsAManifest) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    Writer w(dir, p, MSEQ_OUTPUT_NPY);
    // Not begun.
    EXPECT_EQ(mseq_writer_write_shard(w, 0, nullptr, nullptr), MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("manifest.json"),
              std::string::npos);
    EXPECT_EQ(mseq_writer_finish(w), MSEQ_EINVAL);
    ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK);
    ASSERT_EQ(mseq_writer_write_shard(w, 0, nullptr, nullptr), MSEQ_OK);
    EXPECT_EQ(mseq_writer_finish(w), MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("shard 1 (images 10..19)"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_FALSE(exists(dir + "/images.npy"));
    EXPECT_FALSE(exists(dir + "/labels.jsonl"));

    // A writer of another job sees a directory that is not its own.
    Params other;
    other.set(MSEQ_PARAM_WIDTH, 121);
    Writer x(dir, other, MSEQ_OUTPUT_NPY);
    EXPECT_EQ(mseq_writer_write_shard(x, 1, nullptr, nullptr), MSEQ_EEXIST);
    EXPECT_NE(
        std::string(mseq_last_error()).find("\"width\" is 120 there, 121 here"),
        std::string::npos)
        << mseq_last_error();
}

TEST(Resume, ShardQueries) {
    ScratchDir tmp;
    Params p;
    Writer w(tmp / "ds", p, MSEQ_OUTPUT_PNG);
    uint64_t first = 99, count = 99;
    ASSERT_EQ(mseq_writer_shard_range(&first, &count, w, 3), MSEQ_OK);
    EXPECT_EQ(first, 30u);
    EXPECT_EQ(count, 5u);
    ASSERT_EQ(mseq_writer_shard_range(&first, &count, w, 1), MSEQ_OK);
    EXPECT_EQ(first, 10u);
    EXPECT_EQ(count, 10u);
    EXPECT_EQ(mseq_writer_shard_range(&first, &count, w, 4), MSEQ_EINVAL);
    EXPECT_EQ(first, 10u) << "output untouched on failure";
    int done = 7;
    EXPECT_EQ(mseq_writer_shard_done(&done, w, 4), MSEQ_EINVAL);
    EXPECT_EQ(mseq_writer_write_shard(w, 4, nullptr, nullptr), MSEQ_EINVAL);
    ASSERT_EQ(mseq_writer_shard_done(&done, w, 0), MSEQ_OK);
    EXPECT_EQ(done, 0);
}

}  // namespace
}  // namespace dataset_test
