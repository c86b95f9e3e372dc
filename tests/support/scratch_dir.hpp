// Test helper: a fresh, empty temporary directory (under $TMPDIR or /tmp),
// removed with its content when the object goes out of scope.
#pragma once

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace mseq_test {

class ScratchDir {
public:
    ScratchDir() {
        const char *tmp = std::getenv("TMPDIR");
        std::string pattern = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
        pattern += "/mnistseq-test-XXXXXX";
        std::vector<char> buf(pattern.begin(), pattern.end());
        buf.push_back('\0');
        if (mkdtemp(buf.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + pattern);
        }
        path_ = buf.data();
    }
    ~ScratchDir() { remove_tree(path_); }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;

    const std::string &path() const { return path_; }
    std::string operator/(const std::string &name) const {
        return path_ + "/" + name;
    }

    // Names in the directory (not "." or ".."), hidden ones included.
    std::vector<std::string> entries() const { return list(path_); }

    static std::vector<std::string> list(const std::string &dir) {
        std::vector<std::string> names;
        DIR *d = opendir(dir.c_str());
        if (d == nullptr) {
            return names;
        }
        while (const dirent *e = readdir(d)) {
            const std::string name = e->d_name;
            if (name != "." && name != "..") {
                names.push_back(name);
            }
        }
        closedir(d);
        return names;
    }

    static void write_file(const std::string &path, const std::string &data) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << data;
        if (!out) {
            throw std::runtime_error("cannot write " + path);
        }
    }

    static std::string read_file(const std::string &path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in),
                           std::istreambuf_iterator<char>());
    }

private:
    static void remove_tree(const std::string &path) {
        struct stat st {};
        if (lstat(path.c_str(), &st) != 0) {
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            chmod(path.c_str(), 0700);
            for (const std::string &name : list(path)) {
                remove_tree(path + "/" + name);
            }
            rmdir(path.c_str());
        } else {
            unlink(path.c_str());
        }
    }

    std::string path_;
};

}  // namespace mseq_test
