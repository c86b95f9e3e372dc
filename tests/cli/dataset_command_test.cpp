// mnistseq-cli dataset and preview, end to end: exit codes, files, messages,
// and the same bytes as the C API for the same options.
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "dataset_support.hpp"
#include "skip_unless_ci.hpp"

namespace dataset_test {
namespace {

#ifdef MNISTSEQ_CLI_PATH
const std::string kCli = MNISTSEQ_CLI_PATH;
#else
const std::string kCli;
#endif

#define REQUIRE_CLI()                                        \
    do {                                                     \
        if (kCli.empty()) GTEST_SKIP() << "no mnistseq-cli"; \
    } while (0)

struct Result {
    int status = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs the CLI with arguments (already shell-quoted where needed), stdin
// from /dev/null, stdout and stderr captured separately.
Result cli(const std::string &args) {
    ScratchDir capture;
    Result r;
    r.status = run("(" + kCli + " " + args + " </dev/null >'" +
                   (capture / "out") + "' 2>'" + (capture / "err") + "')");
    r.out = ScratchDir::read_file(capture / "out");
    r.err = ScratchDir::read_file(capture / "err");
    return r;
}

std::string q(const std::string &s) { return "'" + s + "'"; }

// The C API's writing of what the CLI defaults plus these options mean.
void write_reference(const std::string &dir, uint64_t count, mseq_output output,
                     int64_t seed, int64_t width, int64_t shard,
                     mseq_format format = MSEQ_FORMAT_U8) {
    Params p;
    p.set(MSEQ_PARAM_MIN_SPACING, 2).set(MSEQ_PARAM_MAX_SPACING, 8);
    p.set(MSEQ_PARAM_SEED, seed).set(MSEQ_PARAM_WIDTH, width);
    p.set(MSEQ_PARAM_SHARD_SIZE, shard).set(MSEQ_PARAM_FORMAT, format);
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, count,
                                 output, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
}

TEST(CliDataset, DatasetPngEqualsTheCApi) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const Result r = cli("dataset --count 12 --out " + q(tmp / "cli") +
                         " --shard-size 5 --seed 3 --width 120 --split test"
                         " --threads 2");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "") << "no progress bar when stderr is not a terminal";
    EXPECT_NE(r.out.find("12 images (png) in " + (tmp / "cli")),
              std::string::npos)
        << r.out;
    write_reference(tmp / "api", 12, MSEQ_OUTPUT_PNG, 3, 120, 5);
    EXPECT_TRUE(snapshot(tmp / "cli") == snapshot(tmp / "api"));
    EXPECT_EQ(lines(tmp / "cli/labels.csv").size(), 13u);
}

TEST(CliDataset, DatasetNpyFloat32AndTar) {
    REQUIRE_CLI();
    ScratchDir tmp;
    Result r = cli("dataset -n 7 -o " + q(tmp / "npy") +
                   " --format npy --dtype float32 --split test --width 90"
                   " --seed 11 --shard-size 3 --quiet");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "") << "--quiet";
    write_reference(tmp / "npy-api", 7, MSEQ_OUTPUT_NPY, 11, 90, 3,
                    MSEQ_FORMAT_F32);
    EXPECT_TRUE(snapshot(tmp / "npy") == snapshot(tmp / "npy-api"));
    EXPECT_EQ(
        read_npy_header(ScratchDir::read_file(tmp / "npy/images.npy")).descr,
        "<f4");

    r = cli(
        "dataset --count 7 --out " + q(tmp / "tar") +
        " --format tar --split test --width 90 --seed 11 --shard-size 3 -q");
    ASSERT_EQ(r.status, 0) << r.err;
    write_reference(tmp / "tar-api", 7, MSEQ_OUTPUT_TAR, 11, 90, 3);
    EXPECT_TRUE(snapshot(tmp / "tar") == snapshot(tmp / "tar-api"));
    EXPECT_TRUE(exists(tmp / ("tar/" + shard_tar(2))));
}

// --height and the margins: the NPY shape and the PNG size follow the
// image's shape, the manifest records them, and the preview sheet's tiles
// are as tall as the images.
TEST(CliDataset, HeightAndMarginsShapeEveryOutput) {
    REQUIRE_CLI();
    ScratchDir tmp;
    Result r = cli("dataset -n 4 -o " + q(tmp / "npy") +
                   " --format npy --width 90 --seed 11 --height 36"
                   " --margin-x 2 --margin-y 3 --quiet");
    ASSERT_EQ(r.status, 0) << r.err;
    const NpyInfo npy =
        read_npy_header(ScratchDir::read_file(tmp / "npy/images.npy"));
    ASSERT_TRUE(npy.ok);
    EXPECT_EQ(npy.shape, (std::vector<uint64_t>{4, 36, 90}));
    const std::string manifest =
        ScratchDir::read_file(tmp / "npy/manifest.json");
    EXPECT_NE(manifest.find("\"height\": 36"), std::string::npos);
    EXPECT_NE(manifest.find("\"margin_y\": 3"), std::string::npos);
    r = cli("dataset -n 2 -o " + q(tmp / "png") +
            " --width 90 --seed 11 --height 20 --quiet");
    ASSERT_EQ(r.status, 0) << r.err;
    const mseq_test::DecodedPng png =
        mseq_test::decode_png_file(tmp / "png/000000001.png");
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.rows, 20u);
    EXPECT_EQ(png.cols, 90u);
    // Resuming with another height is refused, naming it.
    r = cli("dataset -n 2 -o " + q(tmp / "png") +
            " --width 90 --seed 11 --height 24 --quiet");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("height"), std::string::npos) << r.err;
    r = cli("preview --out " + q(tmp / "sheet.png") +
            " --rows 1 --cols 2 --width 120 --seed 5 --height 40");
    ASSERT_EQ(r.status, 0) << r.err;
    const mseq_test::DecodedPng sheet =
        mseq_test::decode_png_file(tmp / "sheet.png");
    ASSERT_TRUE(sheet.ok) << sheet.error;
    EXPECT_EQ(sheet.rows, 53u + 12u);  // the tile of 28 rows, 12 taller
    EXPECT_EQ(sheet.cols, 2u * 128u);
}

TEST(CliDataset, DatasetGivenSequenceKeepsLeadingZeros) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const Result r = cli("dataset --count 3 --out " + q(tmp / "ds") +
                         " --sequence 007 --split test -q");
    ASSERT_EQ(r.status, 0) << r.err;
    const std::vector<std::string> csv = lines(tmp / "ds/labels.csv");
    ASSERT_EQ(csv.size(), 4u);
    for (size_t i = 1; i < 4; ++i) {
        EXPECT_NE(csv[i].find(",\"007\",3,"), std::string::npos) << csv[i];
    }
    EXPECT_NE(ScratchDir::read_file(tmp / "ds/manifest.json")
                  .find("\"sequence\": \"007\""),
              std::string::npos);
}

TEST(CliDataset, DatasetResumesAndRefusesAnotherJobWithoutForce) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const std::string base = " --split test --shard-size 10 -q --out ";
    ASSERT_EQ(cli("dataset --count 30" + base + q(tmp / "clean")).status, 0);

    // An interrupted run of the same job (same options, through the C API):
    // shards 0 and 2 complete, shard 1 never written.
    const std::string dir = tmp / "ds";
    {
        Params p;
        p.set(MSEQ_PARAM_MIN_SPACING, 2).set(MSEQ_PARAM_MAX_SPACING, 8);
        p.set(MSEQ_PARAM_WIDTH, 200).set(MSEQ_PARAM_SEED, 0);
        mseq_writer *w = nullptr;
        ASSERT_EQ(mseq_writer_new(&w, dir.c_str(), mnist(), p, nullptr, 0, 30,
                                  MSEQ_OUTPUT_PNG),
                  MSEQ_OK);
        ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
        ASSERT_EQ(mseq_writer_write_shard(w, 0, nullptr, nullptr), MSEQ_OK);
        ASSERT_EQ(mseq_writer_write_shard(w, 2, nullptr, nullptr), MSEQ_OK);
        mseq_writer_free(w);
    }
    const FileId kept = file_id(dir + "/" + stem(3) + ".png");
    usleep(20000);
    ASSERT_EQ(cli("dataset --count 30" + base + q(dir)).status, 0);
    EXPECT_TRUE(file_id(dir + "/" + stem(3) + ".png") == kept)
        << "a complete shard was rewritten";
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir));

    // Completeness is decided from the outputs: a finished dataset that
    // lost a file is made whole again; --force starts it over.
    ASSERT_EQ(unlink((dir + "/" + stem(14) + ".png").c_str()), 0);
    ASSERT_EQ(cli("dataset --count 30" + base + q(dir)).status, 0);
    EXPECT_TRUE(exists(dir + "/" + stem(14) + ".png"));
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir));
    ASSERT_EQ(cli("dataset --count 30 --force" + base + q(dir)).status, 0);
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir));

    // Another job: refused, naming the difference and --force.
    const Result r = cli("dataset --count 30 --seed 9" + base + q(dir));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\"seed\" is 0 there, 9 here"), std::string::npos)
        << r.err;
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir))
        << "a refused run changed the dataset";
    EXPECT_EQ(cli("dataset --count 30 --seed 9 --force" + base + q(dir)).status,
              0);
    EXPECT_FALSE(snapshot(tmp / "clean") == snapshot(dir));
}

TEST(CliDataset, DatasetUsageErrorsExitTwoAndWriteNothing) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const std::string out = " --out " + q(tmp / "ds");
    const struct {
        std::string args;
        std::string needle;
    } cases[] = {
        {"dataset" + out, "--count"},
        {"dataset --count 5", "--out"},
        {"dataset --count 0" + out, "--count"},
        {"dataset --count 12x" + out, "12x"},
        {"dataset --count 1000000000" + out, "--count"},
        {"dataset --count 5 --format gif" + out, "gif"},
        {"dataset --count 5 --shard-size 0" + out, "--shard-size"},
        {"dataset --count 5 --png-level 10" + out, "--png-level"},
        {"dataset --count 5 --dtype float32" + out, "--dtype"},
        {"dataset --count 5 --format npy --png-level 3" + out, "--png-level"},
        {"dataset --count 5 --format npy --png-recipe" + out, "--png-recipe"},
        {"dataset --count 5 --png-recipe=1" + out, "--png-recipe"},
        {"dataset --count 5 --sequence 12 --min-length 2" + out,
         "--min-length"},
        {"dataset --count 5 --sequence 12 --unique-permutation uniform" + out,
         "--unique-permutation applies to random sequences"},
        {"dataset --count 5 --min-length 4 --max-length 2" + out,
         "--min-length (4)"},
        {"dataset --count 5 --min-spacing 9 --max-spacing 3" + out,
         "--min-spacing (9)"},
        {"dataset --count 5 --sequence 1a2" + out, "1a2"},
        {"dataset --count 5 --width 0" + out, "--width"},
        {"dataset --count 5 --bogus" + out, "--bogus"},
        {"dataset --count 5 extra" + out, "extra"},
        {"dataset --count 5 --count 6" + out, "more than once"},
    };
    for (const auto &c : cases) {
        const Result r = cli(c.args);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.err;
        EXPECT_NE(r.err.find(c.needle), std::string::npos) << c.args << "\n"
                                                           << r.err;
        EXPECT_NE(r.err.find("usage:"), std::string::npos) << r.err;
        EXPECT_FALSE(exists(tmp / "ds")) << c.args;
    }
}

TEST(CliDataset, DatasetRuntimeErrorsExitOne) {
    REQUIRE_CLI();
    ScratchDir tmp;
    ScratchDir::write_file(tmp / "file", "x");
    Result r =
        cli("dataset --count 5 --split test --out " + q(tmp / "file/ds"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(tmp / "file/ds"), std::string::npos) << r.err;
    // Fit failure, found before any file is written.
    r =
        cli("dataset --count 5 --split test --sequence 123456 --width 40"
            " --fit strict --out " +
            q(tmp / "ds"));
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_FALSE(exists(tmp / "ds"));
    r = cli("dataset --count 5 --data " + q(tmp / "nodata") + " --out " +
            q(tmp / "ds"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("nodata"), std::string::npos) << r.err;
    EXPECT_FALSE(exists(tmp / "ds"));
}

TEST(CliDataset, DatasetHelp) {
    REQUIRE_CLI();
    const Result r = cli("dataset --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("usage: mnistseq-cli dataset"), std::string::npos);
    EXPECT_NE(r.out.find("--shard-size"), std::string::npos);
    EXPECT_NE(r.out.find("--no-leading-zero"), std::string::npos);
    EXPECT_NE(r.out.find("  --png-recipe      every PNG carries its recipe"),
              std::string::npos)
        << r.out;
}

// The sheet's geometry (cmd_preview.c): tiles of (width + 8) x (28 + 8 + 3
// + 14) pixels, the sample at (4, 4) in its tile, the label 3 pixels below
// it, 12 pixels per digit.
TEST(CliDataset, PreviewSheetShowsSamplesAndTheirLabels) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const Result r =
        cli("preview --out " + q(tmp / "sheet.png") +
            " --rows 2 --cols 3 --width 120 --seed 5 --split test");
    ASSERT_EQ(r.status, 0) << r.err;
    const mseq_test::DecodedPng png =
        mseq_test::decode_png_file(tmp / "sheet.png");
    ASSERT_TRUE(png.ok) << png.error;
    const uint32_t tile_w = 128, tile_h = 53;
    ASSERT_EQ(png.cols, 3 * tile_w);
    ASSERT_EQ(png.rows, 2 * tile_h);
    Params p;
    p.set(MSEQ_PARAM_MIN_SPACING, 2).set(MSEQ_PARAM_MAX_SPACING, 8);
    p.set(MSEQ_PARAM_SEED, 5);
    const std::vector<Sample> ref = reference(p, nullptr, 0, 0, 6);
    for (size_t i = 0; i < 6; ++i) {
        const uint32_t x0 = uint32_t(i % 3) * tile_w + 4;
        const uint32_t y0 = uint32_t(i / 3) * tile_h + 4;
        for (uint32_t row = 0; row < 28; ++row) {
            const uint8_t *got = png.pixels.data() + (y0 + row) * png.cols + x0;
            ASSERT_TRUE(
                std::equal(got, got + 120, ref[i].u8.data() + row * 120))
                << "sample " << i << " row " << row;
        }
        // Digit slots of the label band that hold ink: one per digit.
        std::set<uint32_t> slots;
        for (uint32_t y = y0 + 31; y < y0 + 45; ++y) {
            for (uint32_t x = x0; x < x0 + 120; ++x) {
                if (png.pixels[y * png.cols + x] == 0)
                    slots.insert((x - x0) / 12);
            }
        }
        std::set<uint32_t> want;
        for (uint32_t k = 0; k < ref[i].text.size() && k < 10; ++k)
            want.insert(k);
        EXPECT_EQ(slots, want)
            << "label of sample " << i << " (" << ref[i].text << ")";
    }
    EXPECT_EQ(png.pixels[0], 200) << "gray margin";
}

TEST(CliDataset, PreviewErrors) {
    REQUIRE_CLI();
    ScratchDir tmp;
    EXPECT_EQ(cli("preview --rows 2").status, 2);
    Result r = cli("preview --out " + q(tmp / "s.png") + " --rows 0");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--rows"), std::string::npos) << r.err;
    EXPECT_EQ(cli("preview --out " + q(tmp / "s.png") + " --cols 65").status,
              2);
    EXPECT_EQ(cli("preview --out " + q(tmp / "s.png") +
                  " --width 65536 --cols 64"
                  " --rows 64 --split test")
                  .status,
              2);
    ScratchDir::write_file(tmp / "file", "x");
    r = cli("preview --split test --out " + q(tmp / "file/s.png"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("file/s.png"), std::string::npos) << r.err;
    EXPECT_EQ(ScratchDir::list(tmp.path()), std::vector<std::string>{"file"});
    EXPECT_EQ(cli("preview --help").status, 0);
}

}  // namespace
}  // namespace dataset_test

namespace dataset_test {
namespace {

// --writer same with --writers FILE: the same folder as the C API's with
// that file; a missing file is named and nothing is written.
TEST(CliDataset, WriterSameWithAWritersFile) {
    REQUIRE_CLI();
    const char *qmnist = std::getenv("MNISTSEQ_QMNIST_DIR");
    if (qmnist == nullptr) {
        MSEQ_SKIP_UNLESS_CI("MNISTSEQ_QMNIST_DIR does not name QMNIST's files");
    }
    const std::string file =
        std::string(qmnist) + "/qmnist-test-labels-idx2-int.gz";
    ScratchDir tmp;
    const Result r = cli("dataset -n 9 -o " + q(tmp / "cli") +
                         " --split test --width 160 --seed 4 --quiet"
                         " --writer same --writers " +
                         q(file));
    ASSERT_EQ(r.status, 0) << r.err;
    mseq_open_options options = MSEQ_OPEN_OPTIONS_INIT;
    options.writers = file.c_str();
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_open_ext(&ds, nullptr, MSEQ_SPLIT_TEST, &options), MSEQ_OK);
    Params p;
    p.set(MSEQ_PARAM_MIN_SPACING, 2).set(MSEQ_PARAM_MAX_SPACING, 8);
    p.set(MSEQ_PARAM_SEED, 4).set(MSEQ_PARAM_WIDTH, 160);
    p.set(MSEQ_PARAM_SHARD_SIZE, 10000);
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME);
    ASSERT_EQ(mseq_write_dataset((tmp / "api").c_str(), ds, p, nullptr, 0, 9,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    mseq_free(ds);
    EXPECT_TRUE(snapshot(tmp / "cli") == snapshot(tmp / "api"));
    EXPECT_EQ(lines(tmp / "cli/labels.csv")[0],
              "file,text,length,boxes,source_indices,writer");

    const Result missing =
        cli("dataset -n 3 -o " + q(tmp / "none") +
            " --split test --writer same --writers " + q(tmp / "nowhere.gz"));
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("--writers"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find(tmp / "nowhere.gz"), std::string::npos)
        << missing.err;
    EXPECT_FALSE(exists(tmp / "none"));
}

}  // namespace
}  // namespace dataset_test

namespace dataset_test {
namespace {

// dataset --template: the folder the C API writes with that template set,
// file for file; digit-sequence options and bad templates are usage errors
// and write nothing.
TEST(CliDataset, TemplateDatasetIsTheLibrarysFolder) {
    REQUIRE_CLI();
    ScratchDir tmp;
    const Result r = cli("dataset -n 30 -o " + q(tmp / "cli") +
                         " --split test --width 360 --seed 4 --quiet --unique"
                         " --template '0##-####-####'");
    ASSERT_EQ(r.status, 0) << r.err;
    mseq_template *t = nullptr;
    ASSERT_EQ(mseq_template_new(&t, "0##-####-####"), MSEQ_OK);
    Params p;
    p.set(MSEQ_PARAM_MIN_SPACING, 2).set(MSEQ_PARAM_MAX_SPACING, 8);
    p.set(MSEQ_PARAM_WIDTH, 360).set(MSEQ_PARAM_SEED, 4);
    p.set(MSEQ_PARAM_UNIQUE, 1);
    ASSERT_EQ(mseq_params_set_template(p, t), MSEQ_OK);
    mseq_template_free(t);
    const std::string lib = tmp / "lib";
    ASSERT_EQ(mseq_write_dataset(lib.c_str(), mnist(), p, nullptr, 0, 30,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    // Every file but the manifest (whose shard size is the CLI's default).
    auto want = snapshot(lib);
    auto got = snapshot(tmp / "cli");
    EXPECT_NE(got["manifest.json"].find("\"template\": \"0##-####-####\""),
              std::string::npos);
    want.erase("manifest.json");
    got.erase("manifest.json");
    ASSERT_EQ(got.size(), 31u);
    EXPECT_TRUE(got == want) << "the CLI's files differ from the library's";
    const std::vector<std::string> rows = lines(tmp / "cli/labels.csv");
    ASSERT_EQ(rows.size(), 31u);
    EXPECT_EQ(rows[1][15], '0');
    EXPECT_EQ(rows[1][18], '-');

    Result bad =
        cli("dataset -n 3 -o " + q(tmp / "bad") + " --template '##x' --quiet");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--template: template column 3"), std::string::npos)
        << bad.err;
    bad = cli("dataset -n 3 -o " + q(tmp / "bad") +
              " --template '##' --sequence 12 --quiet");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--sequence chooses digit sequences"),
              std::string::npos)
        << bad.err;
    bad = cli("dataset -n 101 -o " + q(tmp / "bad") +
              " --template '##' --unique --quiet");
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.err.find("only 100 distinct texts"), std::string::npos)
        << bad.err;
    EXPECT_FALSE(exists(tmp / "bad"));
}

}  // namespace
}  // namespace dataset_test
