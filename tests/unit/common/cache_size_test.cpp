// The last-level cache's size (common/cache_size.hpp): sysfs sizes parsed
// exactly, the highest data or unified level chosen from a cache tree
// laid out as Linux lays it out, and nothing taken from a malformed one.
#include "common/cache_size.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "idx_files.hpp"

namespace {

TEST(CacheSize, ParsesSysfsSizes) {
    EXPECT_EQ(mseq::parse_cache_size("32768K\n"), size_t(32) << 20);
    EXPECT_EQ(mseq::parse_cache_size("1024K"), size_t(1) << 20);
    EXPECT_EQ(mseq::parse_cache_size("12M\n"), size_t(12) << 20);
    EXPECT_EQ(mseq::parse_cache_size("1G"), size_t(1) << 30);
    EXPECT_EQ(mseq::parse_cache_size("3\n"), 3u);
    EXPECT_EQ(mseq::parse_cache_size("65536"), 65536u);
}

TEST(CacheSize, RefusesWhatIsNotASize) {
    for (const char *text :
         {"", "\n", "K", "K\n", "32 K", "-1K", "1.5M", "32KB", "0x10",
          "12M\n\n", "99999999999999999999999", "18446744073709551615K"}) {
        EXPECT_EQ(mseq::parse_cache_size(text), 0u) << '"' << text << '"';
    }
}

// One cache of cpu_dir as sysfs describes it.
void add_cache(const std::string &cpu_dir, int index, const char *level,
               const char *type, const char *size) {
    const std::string dir =
        cpu_dir + "/cache/index" + std::to_string(index) + "/";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "level") << level << '\n';
    std::ofstream(dir + "type") << type << '\n';
    std::ofstream(dir + "size") << size << '\n';
}

TEST(CacheSize, TakesTheHighestDataOrUnifiedLevel) {
    mseq_test::TempDir tmp;
    const std::string cpu = tmp.file("cpu0");
    add_cache(cpu, 0, "1", "Data", "32K");
    add_cache(cpu, 1, "1", "Instruction", "32K");
    add_cache(cpu, 2, "2", "Unified", "1024K");
    add_cache(cpu, 3, "3", "Unified", "32768K");
    EXPECT_EQ(mseq::cache_bytes_in(cpu), size_t(32) << 20);
    // An instruction cache at a higher level is not the data's.
    add_cache(cpu, 4, "4", "Instruction", "65536K");
    EXPECT_EQ(mseq::cache_bytes_in(cpu), size_t(32) << 20);
}

TEST(CacheSize, SkipsCachesItCannotRead) {
    mseq_test::TempDir tmp;
    const std::string cpu = tmp.file("cpu0");
    add_cache(cpu, 0, "1", "Data", "48K");
    add_cache(cpu, 2, "2", "Unified", "2048K");
    // A higher level whose size is malformed, one without a size, and a
    // larger cache whose level is not a number.
    add_cache(cpu, 3, "3", "Unified", "lots");
    add_cache(cpu, 5, "L3", "Unified", "65536K");
    std::filesystem::create_directories(cpu + "/cache/index4");
    std::ofstream(cpu + "/cache/index4/level") << "4\n";
    std::ofstream(cpu + "/cache/index4/type") << "Unified\n";
    EXPECT_EQ(mseq::cache_bytes_in(cpu), size_t(2) << 20);
    // A larger cache whose size is not a file that can be read.
    std::filesystem::create_directories(cpu + "/cache/index6/size");
    std::ofstream(cpu + "/cache/index6/level") << "3\n";
    std::ofstream(cpu + "/cache/index6/type") << "Unified\n";
    EXPECT_EQ(mseq::cache_bytes_in(cpu), size_t(2) << 20);
    // Only a cache whose level is not a number.
    add_cache(tmp.file("cpu3"), 0, "L3", "Unified", "65536K");
    EXPECT_EQ(mseq::cache_bytes_in(tmp.file("cpu3")), 0u);
    // Nothing to read at all.
    EXPECT_EQ(mseq::cache_bytes_in(tmp.file("cpu1")), 0u);
    std::filesystem::create_directories(tmp.file("cpu2/cache"));
    EXPECT_EQ(mseq::cache_bytes_in(tmp.file("cpu2")), 0u);
}

TEST(CacheSize, ThisMachinesCacheIsTheOneSysfsDescribes) {
    const size_t sysfs = mseq::cache_bytes_in("/sys/devices/system/cpu/cpu0");
    if (sysfs == 0) GTEST_SKIP() << "no cache described in sysfs here";
    EXPECT_EQ(mseq::last_level_cache_bytes(), sysfs);
}

}  // namespace
