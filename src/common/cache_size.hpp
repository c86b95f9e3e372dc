// The size of the last-level cache the calling processor shares, as Linux
// describes it in sysfs (a cache's own description, where glibc's
// sysconf(_SC_LEVEL3_CACHE_SIZE) may report the whole host's: 320 MiB on
// a virtual machine whose cores share 32 MiB).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mseq {

// Bytes of a sysfs cache size: decimal digits with an optional K, M or G
// suffix (powers of 1,024) and an optional final newline ("32768K\n").
// 0 when the text is anything else or the size overflows size_t.
size_t parse_cache_size(std::string_view text);

// Bytes of the highest-level data or unified cache described under
// cpu_dir/cache/index<N>/ (files level, type, size), 0 when none is
// readable.
size_t cache_bytes_in(const std::string &cpu_dir);

// The last-level cache of CPU 0 (cache_bytes_in of
// /sys/devices/system/cpu/cpu0), else sysconf's level-3 size, else 0.
// Read once per process.
size_t last_level_cache_bytes();

}  // namespace mseq
