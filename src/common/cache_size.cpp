// The last-level cache's size (cache_size.hpp).
#include "common/cache_size.hpp"

#include <unistd.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "common/file_util.hpp"

namespace mseq {
namespace {

// A sysfs attribute's text, empty when it cannot be read.
std::string attribute(const std::string &path) {
    std::string text;
    try {
        if (!read_regular_file(path, 4096, text)) text.clear();
    } catch (const std::exception &) {
        text.clear();
    }
    return text;
}

}  // namespace

size_t parse_cache_size(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    size_t unit = 1;
    if (!text.empty()) {
        switch (text.back()) {
            case 'K':
                unit = size_t(1) << 10;
                break;
            case 'M':
                unit = size_t(1) << 20;
                break;
            case 'G':
                unit = size_t(1) << 30;
                break;
            default:
                break;
        }
        if (unit != 1) text.remove_suffix(1);
    }
    if (text.empty()) return 0;
    size_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return 0;
        const auto digit = size_t(c - '0');
        if (value > (SIZE_MAX - digit) / 10) return 0;
        value = value * 10 + digit;
    }
    if (value > SIZE_MAX / unit) return 0;
    return value * unit;
}

size_t cache_bytes_in(const std::string &cpu_dir) {
    const std::string dir = cpu_dir + "/cache";
    if (!is_directory(dir)) return 0;
    std::vector<std::string> names;
    try {
        names = list_dir(dir);
    } catch (const std::exception &) {
        return 0;
    }
    size_t best_level = 0, bytes = 0;
    for (const std::string &name : names) {
        if (name.rfind("index", 0) != 0) continue;
        const std::string index = dir + "/" + name + "/";
        const std::string type = attribute(index + "type");
        if (type != "Unified\n" && type != "Data\n") continue;
        // (A level is a plain decimal number, which parse_cache_size reads.)
        const size_t level = parse_cache_size(attribute(index + "level"));
        const size_t size = parse_cache_size(attribute(index + "size"));
        if (level == 0 || size == 0 || level < best_level) continue;
        if (level > best_level || size > bytes) bytes = size;
        best_level = level;
    }
    return bytes;
}

size_t last_level_cache_bytes() {
    static const size_t bytes = [] {
        const size_t described = cache_bytes_in("/sys/devices/system/cpu/cpu0");
        if (described != 0) return described;
        long reported = 0;
#ifdef _SC_LEVEL3_CACHE_SIZE
        reported = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
        return reported > 0 ? size_t(reported) : size_t(0);
    }();
    return bytes;
}

}  // namespace mseq
