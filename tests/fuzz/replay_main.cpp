// Standalone driver for the fuzz harnesses: feeds every file named on the
// command line, or found in a folder named on it, to LLVMFuzzerTestOneInput
// once, in name order. It lets the harnesses build with any compiler and
// replay the committed corpus (seed inputs and every crasher ever found)
// under ctest, without libFuzzer.
//
//   fuzz_idx_replay tests/fuzz/corpus/idx [more files or folders...]
//
// Exit status: 0 when every input ran (a finding aborts the process, as it
// would under libFuzzer), 2 when an argument cannot be read or a folder holds
// no input, so a missing corpus fails the test instead of passing vacuously.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

namespace fs = std::filesystem;

// Appends the regular files of `path` (itself, or the files of the folder
// it names, recursively) to `out`. False with a message on an error.
bool collect(const fs::path &path, std::vector<fs::path> &out) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        out.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) {
        std::fprintf(stderr, "replay: %s: not a file or folder\n",
                     path.string().c_str());
        return false;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(path, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path());
    }
    if (ec) {
        std::fprintf(stderr, "replay: %s: %s\n", path.string().c_str(),
                     ec.message().c_str());
        return false;
    }
    if (found.empty()) {
        std::fprintf(stderr, "replay: %s: no input files\n",
                     path.string().c_str());
        return false;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
    return true;
}

bool read_all(const fs::path &path, std::vector<uint8_t> &bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <file or folder>...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        if (!collect(argv[i], inputs)) return 2;
    }
    std::vector<uint8_t> bytes;
    for (const fs::path &path : inputs) {
        if (!read_all(path, bytes)) {
            std::fprintf(stderr, "replay: %s: cannot read\n",
                         path.string().c_str());
            return 2;
        }
        // A heap copy of exactly the input's size, as libFuzzer passes it,
        // so that ASan catches a read one byte past the end.
        std::unique_ptr<uint8_t[]> exact(new uint8_t[bytes.size()]);
        std::copy(bytes.begin(), bytes.end(), exact.get());
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.string().c_str(),
                     bytes.size());
        LLVMFuzzerTestOneInput(exact.get(), bytes.size());
    }
    std::fprintf(stderr, "replay: %zu inputs ran\n", inputs.size());
    return 0;
}
