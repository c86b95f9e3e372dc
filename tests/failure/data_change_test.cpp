// Data files that change while they are read. mseq_open() reads an IDX
// file's header, then the file again in full; here the images "file" is a
// FIFO whose writer serves one content to the first open and another (or
// nothing: the file is removed) to the next, so the change happens exactly
// between the two reads, deterministically. Also: data files removed or
// changed after mseq_open(), which the dataset writer must not notice.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

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
// reader (and then serves empty contents, see release_readers()).
// served() tells how many contents went out. Before serving the
// next content it waits for the previous reader to close the FIFO
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
    int served() const { return served_; }

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
            // Counted before the reader can see the end of the content.
            ++served_;
            close(fd);
            if (remove_ || !wait_reader_close(inotify_fd)) return;
        }
    }

    std::string path_;
    std::vector<std::vector<uint8_t>> contents_;
    bool remove_;
    std::atomic<bool> stop_{false};
    std::atomic<int> served_{0};
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

TEST(DataChange, FifoServesEveryReader) {
    // The technique itself: the same valid content to every read opens.
    Files f;
    FifoServer server(f.images_path, {f.images, f.images, f.images});
    std::string message;
    EXPECT_EQ(open_code(f.dir.path(), message), MSEQ_OK) << message;
    EXPECT_GE(server.served(), 1);
}

TEST(DataChange, ImagesTruncatedBetweenHeaderAndBody) {
    Files f;
    std::vector<uint8_t> cut(f.images.begin(),
                             f.images.begin() + 16 + 28 * 28 * 20 + 5);
    FifoServer server(f.images_path, {f.images, cut});
    std::string message;
    const int rc = open_code(f.dir.path(), message);
    if (server.served() < 2) {
        // A reader that reads the file once sees only the first content.
        EXPECT_EQ(rc, MSEQ_OK) << message;
        return;
    }
    EXPECT_EQ(rc, MSEQ_EFORMAT) << message;
    EXPECT_TRUE(contains(message, f.images_path)) << message;
    EXPECT_TRUE(contains(message, "truncated")) << message;
}

TEST(DataChange, ImagesGrowBetweenHeaderAndBody) {
    Files f;
    std::vector<uint8_t> longer = f.images;
    longer.resize(longer.size() + 28 * 28, 7);  // one more image, unannounced
    FifoServer server(f.images_path, {f.images, longer});
    std::string message;
    const int rc = open_code(f.dir.path(), message);
    if (server.served() < 2) {
        EXPECT_EQ(rc, MSEQ_OK) << message;
        return;
    }
    EXPECT_EQ(rc, MSEQ_EFORMAT) << message;
    EXPECT_TRUE(contains(message, f.images_path)) << message;
    EXPECT_TRUE(contains(message, "trailing bytes")) << message;
}

TEST(DataChange, ImagesHeaderChangesBetweenReads) {
    Files f;
    // Second read: another valid file, of 10 images only.
    std::vector<uint8_t> other = mseq_test::idx_images_bytes(
        10, 28, 28, mseq_test::idx_test_pixels(10, 28, 28));
    FifoServer server(f.images_path, {f.images, other});
    std::string message;
    const int rc = open_code(f.dir.path(), message);
    if (server.served() < 2) {
        EXPECT_EQ(rc, MSEQ_OK) << message;
        return;
    }
    // Either reading is a coherent file, but not with these 50 labels.
    EXPECT_EQ(rc, MSEQ_EFORMAT) << message;
    EXPECT_TRUE(contains(message, f.images_path)) << message;
}

TEST(DataChange, ImagesVanishBetweenHeaderAndBody) {
    Files f;
    FifoServer server(f.images_path, {f.images}, /*remove_after_first=*/true);
    std::string message;
    const int rc = open_code(f.dir.path(), message);
    ASSERT_EQ(server.served(), 1);
    EXPECT_EQ(rc, MSEQ_EIO) << message;
    EXPECT_TRUE(contains(message, f.images_path)) << message;
    EXPECT_TRUE(contains(message, "No such file or directory")) << message;
}

TEST(DataChange, ImagesEmptyOnSecondRead) {
    Files f;
    FifoServer server(f.images_path, {f.images, {}});
    std::string message;
    const int rc = open_code(f.dir.path(), message);
    if (server.served() < 2) {
        EXPECT_EQ(rc, MSEQ_OK) << message;
        return;
    }
    EXPECT_EQ(rc, MSEQ_EFORMAT) << message;
    EXPECT_TRUE(contains(message, f.images_path)) << message;
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
