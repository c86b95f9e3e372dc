// Data files that change while they are read. mseq_open() opens each data
// file once and reads it through that one descriptor, so nothing can serve
// it one content when its header is read and another for its body; and it
// reads regular files only. These tests once made the images "file" a FIFO
// whose writer served one content to a first open and another (or nothing:
// the file removed) to the next, to change the file exactly between two
// reads; a FIFO is now refused whatever it serves (MSEQ_EIO, "not a
// regular file"), which they check. A regular file rewritten, replaced or
// removed while mseq_open() reads it gives a coherent data set or a clear
// error naming it, never a crash. Also: data files removed or changed after
// mseq_open(), which the dataset writer must not notice.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>  // rename
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

// Serves contents[i] to the i-th reader that opens the FIFO at path; with
// remove_after_first, removes the FIFO before the first reader sees the end
// of its content. Runs on its own thread; gives up after 10 s without a
// reader (and then serves empty contents, see release_readers()). Before
// serving the next content it waits for the previous reader to close the FIFO
// (inotify's IN_CLOSE_NOWRITE), so that each content goes to a new open.
class FifoServer {
public:
    FifoServer(std::string path, std::vector<std::vector<uint8_t>> contents,
               bool remove_after_first = false)
        : path_(std::move(path)),
          contents_(std::move(contents)),
          remove_(remove_after_first) {
        if (mkfifo(path_.c_str(), 0600) != 0) {
            throw std::runtime_error("mkfifo " + path_ + " failed");
        }
        thread_ = std::thread([this] { serve(); });
    }
    ~FifoServer() {
        stop_ = true;
        thread_.join();
    }

private:
    // Waits up to 10 s for a reader to close the FIFO.
    bool wait_reader_close(int inotify_fd) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!stop_ && std::chrono::steady_clock::now() < deadline) {
            pollfd p{inotify_fd, POLLIN, 0};
            if (poll(&p, 1, 10) <= 0) continue;
            alignas(inotify_event) char buf[4096];
            const ssize_t n = read(inotify_fd, buf, sizeof buf);
            for (ssize_t i = 0; i < n;) {
                const auto *e =
                    reinterpret_cast<const inotify_event *>(buf + i);
                if (e->mask & IN_CLOSE_NOWRITE) return true;
                i += ssize_t(sizeof(inotify_event) + e->len);
            }
        }
        return false;
    }

    void serve() {
        // A reader that closes the FIFO before a write ends makes it fail
        // with EPIPE; the signal that comes with it must not end the test.
        sigset_t pipe_signal;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
        const int inotify_fd = inotify_init1(IN_CLOEXEC);
        if (inotify_fd >= 0 && inotify_add_watch(inotify_fd, path_.c_str(),
                                                 IN_CLOSE_NOWRITE) >= 0) {
            serve_all(inotify_fd);
        }
        if (inotify_fd >= 0) close(inotify_fd);
        release_readers();
    }

    // Once the contents are served (or serving gave up), gives every later
    // reader an empty content until the test ends, so that no open() of
    // the FIFO can block for ever: a reader the server missed then sees a
    // truncated file, and the test fails instead of hanging.
    void release_readers() {
        while (!stop_) {
            const int fd = open(path_.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    void serve_all(int inotify_fd) {
        for (const std::vector<uint8_t> &content : contents_) {
            int fd = -1;
            const auto deadline =
                std::chrono::steady_clock::now() + std::chrono::seconds(10);
            // Non-blocking open fails (ENXIO) until a reader has it open.
            while (!stop_ && std::chrono::steady_clock::now() < deadline) {
                fd = open(path_.c_str(), O_WRONLY | O_NONBLOCK);
                if (fd >= 0 || errno != ENXIO) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            if (fd < 0) return;
            fcntl(fd, F_SETFL, 0);  // blocking writes from here
            size_t done = 0;
            while (done < content.size()) {
                const ssize_t n =
                    write(fd, content.data() + done, content.size() - done);
                if (n <= 0) break;
                done += size_t(n);
            }
            if (remove_) unlink(path_.c_str());
            close(fd);
            if (remove_ || !wait_reader_close(inotify_fd)) return;
        }
    }

    std::string path_;
    std::vector<std::vector<uint8_t>> contents_;
    bool remove_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

struct Files {
    mseq_test::ScratchDir dir;
    std::vector<uint8_t> images;  // a valid images file of 50 digits
    std::string images_path;
    Files() {
        const uint32_t count = 50;
        const std::vector<uint8_t> px =
            mseq_test::idx_test_pixels(count, 28, 28);
        images = mseq_test::idx_images_bytes(count, 28, 28, px);
        images_path = dir / "train-images-idx3-ubyte";
        mseq_test::write_bytes(dir / "train-labels-idx1-ubyte",
                               mseq_test::idx_labels_bytes(
                                   count, mseq_test::idx_test_labels(count)));
    }
};

// Opens dir's train split; returns the code, the handle freed.
int open_code(const std::string &dir, std::string &message) {
    mseq_dataset *ds = nullptr;
    const int rc = mseq_open(&ds, dir.c_str(), MSEQ_SPLIT_TRAIN);
    message = mseq_last_error();
    if (rc == MSEQ_OK) {
        EXPECT_NE(ds, nullptr);
    } else {
        EXPECT_EQ(ds, nullptr) << "a failed open set its output";
    }
    mseq_free(ds);
    return rc;
}

// What a FIFO's writer serves to successive opens; the names are those of
// the tests that served it to change a file between two reads.
struct FifoCase {
    const char *name;
    // The contents served, from the valid images file of 50 digits.
    std::vector<std::vector<uint8_t>> (*contents)(const std::vector<uint8_t> &);
    bool remove_after_first;
};

const FifoCase kFifoCases[] = {
    {"ServesEveryReader",
     [](const std::vector<uint8_t> &good) {
         return std::vector<std::vector<uint8_t>>{good, good, good};
     },
     false},
    {"ImagesTruncatedBetweenHeaderAndBody",
     [](const std::vector<uint8_t> &good) {
         const std::vector<uint8_t> cut(good.begin(),
                                        good.begin() + 16 + 28 * 28 * 20 + 5);
         return std::vector<std::vector<uint8_t>>{good, cut};
     },
     false},
    {"ImagesGrowBetweenHeaderAndBody",
     [](const std::vector<uint8_t> &good) {
         std::vector<uint8_t> longer = good;
         longer.resize(longer.size() + 28 * 28, 7);  // one more, unannounced
         return std::vector<std::vector<uint8_t>>{good, longer};
     },
     false},
    {"ImagesHeaderChangesBetweenReads",
     [](const std::vector<uint8_t> &good) {
         // Second read: another valid file, of 10 images only.
         return std::vector<std::vector<uint8_t>>{
             good, mseq_test::idx_images_bytes(
                       10, 28, 28, mseq_test::idx_test_pixels(10, 28, 28))};
     },
     false},
    {"ImagesVanishBetweenHeaderAndBody",
     [](const std::vector<uint8_t> &good) {
         return std::vector<std::vector<uint8_t>>{good};
     },
     true},
    {"ImagesEmptyOnSecondRead",
     [](const std::vector<uint8_t> &good) {
         return std::vector<std::vector<uint8_t>>{good, {}};
     },
     false},
};

class FifoImages : public ::testing::TestWithParam<FifoCase> {};

// Whatever its writer serves, and whether it serves anything before
// mseq_open() gives up, a FIFO is refused at once, naming the file; the
// writer may see its reader gone (EPIPE).
TEST_P(FifoImages, IsRefusedAsNotARegularFile) {
    Files f;
    FifoServer server(f.images_path, GetParam().contents(f.images),
                      GetParam().remove_after_first);
    std::string message;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(open_code(f.dir.path(), message), MSEQ_EIO) << message;
    EXPECT_LT(std::chrono::steady_clock::now() - start,
              std::chrono::seconds(5));
    EXPECT_TRUE(
        contains(message, f.images_path + ": not a regular file (a FIFO)"))
        << message;
}

INSTANTIATE_TEST_SUITE_P(DataChange, FifoImages,
                         ::testing::ValuesIn(kFifoCases),
                         [](const ::testing::TestParamInfo<FifoCase> &param) {
                             return std::string(param.param.name);
                         });

// Variants of the images file of Files: the 50 images, cut short, one image
// longer, another valid file of 10 images, empty.
std::vector<std::vector<uint8_t>> variants(const Files &f) {
    std::vector<uint8_t> cut(f.images.begin(),
                             f.images.begin() + 16 + 28 * 28 * 20 + 5);
    std::vector<uint8_t> longer = f.images;
    longer.resize(longer.size() + 28 * 28, 7);
    return {f.images,
            cut,
            longer,
            mseq_test::idx_images_bytes(10, 28, 28,
                                        mseq_test::idx_test_pixels(10, 28, 28)),
            {}};
}

// Opens dir's train split `times` times while change() runs on another
// thread; each open must give the 50 images or fail with an allowed code
// and a message naming the images file (or, for MSEQ_ENOTFOUND, dir).
// Returns how many opens succeeded.
template <typename Change>
int open_while(const Files &f, int times, const std::vector<int> &allowed,
               Change change) {
    std::atomic<bool> stop{false};
    std::thread changer([&] {
        for (size_t i = 0; !stop; ++i) change(i);
    });
    int ok = 0;
    for (int i = 0; i < times; ++i) {
        mseq_dataset *ds = nullptr;
        const int rc = mseq_open(&ds, f.dir.path().c_str(), MSEQ_SPLIT_TRAIN);
        const std::string message = rc == 0 ? "" : mseq_last_error();
        if (rc == MSEQ_OK) {
            size_t count = 0;
            EXPECT_EQ(mseq_class_count(&count, ds, -1), MSEQ_OK);
            EXPECT_EQ(count, 50u);
            ++ok;
        } else {
            EXPECT_NE(std::find(allowed.begin(), allowed.end(), rc),
                      allowed.end())
                << rc << ": " << message;
            EXPECT_TRUE(contains(
                message, rc == MSEQ_ENOTFOUND ? f.dir.path() : f.images_path))
                << message;
            EXPECT_EQ(ds, nullptr);
        }
        mseq_free(ds);
    }
    stop = true;
    changer.join();
    return ok;
}

// The images file rewritten in place (same inode, truncated and written
// again) over and over while it is read: truncated, grown, another header,
// empty. Each open sees some content through its one descriptor and
// judges it: a coherent data set or MSEQ_EFORMAT naming the file.
TEST(DataChange, ImagesRewrittenInPlaceWhileRead) {
    Files f;
    mseq_test::write_bytes(f.images_path, f.images);
    const std::vector<std::vector<uint8_t>> contents = variants(f);
    open_while(f, 300, {MSEQ_EFORMAT}, [&](size_t i) {
        const std::vector<uint8_t> &c = contents[i % contents.size()];
        const int fd = open(f.images_path.c_str(), O_WRONLY | O_TRUNC);
        if (fd < 0) return;
        if (!c.empty() && write(fd, c.data(), c.size()) < 0) {
            ADD_FAILURE() << "write failed";
        }
        close(fd);
    });
}

// The images file replaced (a new file renamed over it) or removed while
// it is read: a data set from whichever file was opened, MSEQ_EFORMAT
// naming it, or MSEQ_ENOTFOUND when none was there to open.
TEST(DataChange, ImagesReplacedOrRemovedWhileRead) {
    Files f;
    mseq_test::write_bytes(f.images_path, f.images);
    const std::vector<std::vector<uint8_t>> contents = variants(f);
    const std::string temp = f.dir / "next";
    open_while(f, 300, {MSEQ_EFORMAT, MSEQ_ENOTFOUND}, [&](size_t i) {
        if (i % 3 == 2) {
            unlink(f.images_path.c_str());
            return;
        }
        mseq_test::write_bytes(temp, contents[i % contents.size()]);
        rename(temp.c_str(), f.images_path.c_str());
    });
}

// The data set is in memory after mseq_open(): the dataset writer never
// reads the files again, so files gone since then change nothing, neither
// the manifest (which hashes the data in memory) nor the images.
TEST(DataChange, WriterWithDataFilesRemovedAfterOpen) {
    mseq_test::TempDir data;
    mseq_test::IdxSpec spec;
    spec.count = 100;
    const mseq_test::IdxSplit split =
        mseq_test::write_idx_split(data.path(), spec);
    Handles h;
    ASSERT_EQ(mseq_open(&h.ds, data.path().c_str(), MSEQ_SPLIT_TRAIN), 0);
    h.params = make_params(80);
    const int digits[2] = {4, 2};

    mseq_test::ScratchDir out;
    ASSERT_EQ(
        mseq_write_dataset((out / "before").c_str(), h.ds, h.params, digits, 2,
                           12, MSEQ_OUTPUT_NPY, 0, nullptr, nullptr),
        MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(unlink(split.images_path.c_str()), 0);
    ASSERT_EQ(unlink(split.labels_path.c_str()), 0);
    ASSERT_EQ(
        mseq_write_dataset((out / "after").c_str(), h.ds, h.params, digits, 2,
                           12, MSEQ_OUTPUT_NPY, 0, nullptr, nullptr),
        MSEQ_OK)
        << mseq_last_error();
    for (const char *name : {"manifest.json", "images.npy", "labels.jsonl"}) {
        const std::string before =
            mseq_test::ScratchDir::read_file(out / "before/" + name);
        EXPECT_FALSE(before.empty()) << name;
        EXPECT_EQ(mseq_test::ScratchDir::read_file(out / "after/" + name),
                  before)
            << name;
    }
}

// Data files changed after mseq_open(): the manifest records the SHA-256 of
// the data the images are made from (the data set's, in memory), never of
// bytes the images were not made from.
TEST(DataChange, WriterWithDataFilesChangedAfterOpen) {
    mseq_test::TempDir data;
    mseq_test::IdxSpec spec;
    spec.count = 100;
    const mseq_test::IdxSplit split =
        mseq_test::write_idx_split(data.path(), spec);
    Handles h;
    ASSERT_EQ(mseq_open(&h.ds, data.path().c_str(), MSEQ_SPLIT_TRAIN), 0);
    h.params = make_params(80);

    mseq_writer *before = nullptr;
    ASSERT_EQ(mseq_writer_new(&before, (data.path() + "/a").c_str(), h.ds,
                              h.params, nullptr, 0, 10, MSEQ_OUTPUT_PNG),
              MSEQ_OK);
    const char *text = nullptr;
    ASSERT_EQ(mseq_writer_manifest(&text, before), MSEQ_OK);
    const std::string manifest_before = text;
    mseq_writer_free(before);

    // Same size, other pixels: a file replaced under the open handle.
    std::vector<uint8_t> changed = mseq_test::idx_images_bytes(
        100, 28, 28, std::vector<uint8_t>(100 * 28 * 28, 9));
    mseq_test::write_bytes(split.images_path, changed);

    mseq_writer *after = nullptr;
    ASSERT_EQ(mseq_writer_new(&after, (data.path() + "/b").c_str(), h.ds,
                              h.params, nullptr, 0, 10, MSEQ_OUTPUT_PNG),
              MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(mseq_writer_manifest(&text, after), MSEQ_OK);
    EXPECT_EQ(std::string(text), manifest_before)
        << "the manifest hashes the changed file, not the data in use";
    mseq_writer_free(after);
}

}  // namespace
}  // namespace failure_test
