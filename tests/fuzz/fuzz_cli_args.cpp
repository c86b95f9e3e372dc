// Fuzz harness for mnistseq-cli's argument parsing (cli/args.h,
// cli/commands.h): the pure parsers of each command, on any argv, and the
// value parsers against references written from their documentation.
//
// The first input byte picks the target; the rest is split at NUL bytes
// into strings (at most 64):
//   0  cli_generate_parse() (the seed form) on argv = strings;
//   1  cli_dataset_parse() ("dataset"); 2: cli_preview_parse() ("preview");
//   3  cli_parse_i64() of string 0 within bounds read from strings 1 and 2;
//   4  cli_parse_u64() of string 0 up to a bound from string 1;
//   5  cli_parse_sequence() of string 0 with a cap from string 1;
//   6  cli_quote() of string 0 into a buffer of 8 + (string 1's length);
//   7  cli_sequence_name() of the digits of string 0 with suffix string 1
//      into a buffer of (string 2's length) bytes.
// Checked: success gives values inside their documented ranges; failure
// gives a message that is non-empty, terminated, and holds only printable
// ASCII (arguments are echoed escaped); value parsers agree with the
// references exactly.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "fuzz_support.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using fuzz::check;

void check_message(const cli_error &err) {
    const char *end =
        static_cast<const char *>(std::memchr(err.text, 0, sizeof err.text));
    check(end != nullptr, "error message not terminated");
    check(end != err.text, "empty error message");
    for (const char *p = err.text; p != end; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        check(c >= 0x20 && c < 0x7f, "error message holds a raw control byte");
    }
}

// True when p is null or lies inside one of the argv strings (a whole
// argument or a value attached to an option).
bool inside_argv(const char *p, const std::vector<char *> &argv) {
    if (p == nullptr) return true;
    for (char *a : argv) {
        if (a != nullptr && p >= a && p <= a + std::strlen(a)) return true;
    }
    return false;
}

// argc of an argv that ends with its null entry.
int argc_of(const std::vector<char *> &argv) { return int(argv.size()) - 1; }

void check_gen(const cli_gen_args &g, const std::vector<char *> &argv) {
    check(g.ndigits <= MSEQ_MAX_DIGITS, "too many digits accepted");
    for (size_t i = 0; i < g.ndigits; ++i) {
        check(g.digits[i] >= 0 && g.digits[i] <= 9, "digit outside 0-9");
    }
    check(g.min_length >= 1 && g.min_length <= g.max_length &&
              g.max_length <= MSEQ_MAX_DIGITS,
          "sequence lengths outside 1..MSEQ_MAX_DIGITS or min > max");
    check(g.min_spacing >= 1 - MSEQ_MAX_GLYPH_SIDE &&
              g.min_spacing <= g.max_spacing &&
              g.max_spacing <= MSEQ_MAX_SPACING,
          "spacing outside 1 - MSEQ_MAX_GLYPH_SIDE..MSEQ_MAX_SPACING or min > "
          "max");
    check(g.width >= 1 && g.width <= MSEQ_MAX_WIDTH, "width out of range");
    check(g.threads >= 0 && g.threads <= MSEQ_MAX_THREADS,
          "threads out of range");
    check(inside_argv(g.data, argv), "--data does not point into argv");
}

void generate_form(std::vector<char *> &argv) {
    cli_generate_args args;
    cli_error err;
    err.text[0] = '\0';
    const int rc = cli_generate_parse(&args, argc_of(argv), argv.data(), &err);
    if (fuzz::verbose()) std::fprintf(stderr, "  %d %s\n", rc, err.text);
    if (rc != 0) {
        check(rc == -1, "parse returned neither 0 nor -1");
        check_message(err);
        return;
    }
    if (args.help || args.version) return;
    // --template gives the text: no digits, three positionals.
    if (args.template_text != nullptr) {
        check(args.ndigits == 0, "digits beside --template");
        check(inside_argv(args.template_text, argv),
              "--template does not point into argv");
    } else {
        check(args.ndigits >= 1 && args.ndigits <= MSEQ_MAX_DIGITS,
              "digit count out of range");
    }
    for (size_t i = 0; i < args.ndigits; ++i) {
        check(args.digits[i] >= 0 && args.digits[i] <= 9, "digit outside 0-9");
    }
    check(args.min_spacing >= 1 - MSEQ_MAX_GLYPH_SIDE &&
              args.min_spacing <= args.max_spacing &&
              args.max_spacing <= MSEQ_MAX_SPACING,
          "spacing outside 1 - MSEQ_MAX_GLYPH_SIDE..MSEQ_MAX_SPACING or min > "
          "max");
    check(args.width >= 1 && args.width <= MSEQ_MAX_WIDTH,
          "width out of range");
    check(inside_argv(args.data, argv) && inside_argv(args.output, argv),
          "--data/--output do not point into argv");
    // The default output name fits a buffer sized for the longest sequence.
    char name[2 * MSEQ_MAX_DIGITS + 8];
    check(cli_sequence_name(name, sizeof name, args.digits, args.ndigits,
                            ".png") == 0,
          "default output name does not fit");
}

void dataset_form(std::vector<char *> &argv) {
    cli_dataset_args args;
    cli_error err;
    err.text[0] = '\0';
    const int rc = cli_dataset_parse(&args, argc_of(argv), argv.data(), &err);
    if (fuzz::verbose()) std::fprintf(stderr, "  %d %s\n", rc, err.text);
    if (rc != 0) {
        check(rc == -1, "parse returned neither 0 nor -1");
        check_message(err);
        return;
    }
    if (args.help) return;
    check_gen(args.gen, argv);
    check(args.count >= 1 && args.count <= MSEQ_MAX_DATASET,
          "count out of range");
    check(args.out != nullptr && inside_argv(args.out, argv),
          "--out missing or not from argv");
    check(args.shard_size >= 1 && args.shard_size <= MSEQ_MAX_BATCH,
          "shard size out of range");
    check(args.png_level >= -1 && args.png_level <= 9,
          "png level out of range");
}

void preview_form(std::vector<char *> &argv) {
    cli_preview_args args;
    cli_error err;
    err.text[0] = '\0';
    const int rc = cli_preview_parse(&args, argc_of(argv), argv.data(), &err);
    if (fuzz::verbose()) std::fprintf(stderr, "  %d %s\n", rc, err.text);
    if (rc != 0) {
        check(rc == -1, "parse returned neither 0 nor -1");
        check_message(err);
        return;
    }
    if (args.help) return;
    check_gen(args.gen, argv);
    check(args.rows >= 1 && args.cols >= 1, "sheet size out of range");
    check(args.out != nullptr && inside_argv(args.out, argv),
          "--out missing or not from argv");
}

__extension__ typedef __int128 i128;

// Reference: an optional '-' (when allowed) and 1+ decimal digits, whose
// value is computed exactly (in 128 bits, saturated).
bool ref_decimal(const std::string &s, bool minus, i128 &value) {
    size_t i = 0;
    bool negative = false;
    if (minus && i < s.size() && s[i] == '-') {
        negative = true;
        ++i;
    }
    if (i == s.size()) return false;
    i128 v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = std::min<i128>(v * 10 + (s[i] - '0'), i128(1) << 100);
    }
    value = negative ? -v : v;
    return true;
}

int64_t as_i64(const std::string &s) {
    int64_t v = 0;
    for (char c : s) v = int64_t(uint64_t(v) * 131 + uint8_t(c));
    return v;
}

void value_parsers(int target, const std::vector<std::string> &s) {
    cli_error err;
    err.text[0] = '\0';
    const std::string text = s.size() > 0 ? s[0] : "";
    const std::string a = s.size() > 1 ? s[1] : "";
    const std::string b = s.size() > 2 ? s[2] : "";
    if (target == 3) {
        int64_t lo = as_i64(a), hi = as_i64(b);
        if (lo > hi) std::swap(lo, hi);
        int64_t out = 7;
        const int rc = cli_parse_i64(&out, text.c_str(), lo, hi, "x", &err);
        i128 v = 0;
        const bool ok = ref_decimal(text, true, v) && v >= lo && v <= hi;
        check((rc == 0) == ok, "cli_parse_i64 disagrees with the reference");
        if (ok) check(out == int64_t(v), "cli_parse_i64 misread the value");
        if (!ok) {
            check_message(err);
            check(out == 7, "a failed cli_parse_i64 wrote *out");
        }
    } else if (target == 4) {
        const uint64_t hi = uint64_t(as_i64(a));
        uint64_t out = 7;
        const int rc = cli_parse_u64(&out, text.c_str(), hi, "x", &err);
        i128 v = 0;
        const bool ok = ref_decimal(text, false, v) && v <= i128(hi);
        check((rc == 0) == ok, "cli_parse_u64 disagrees with the reference");
        if (ok) check(out == uint64_t(v), "cli_parse_u64 misread the value");
        if (!ok) {
            check_message(err);
            check(out == 7, "a failed cli_parse_u64 wrote *out");
        }
    } else if (target == 5) {
        const size_t cap = a.size() % 40;
        std::vector<int> digits(cap + 1, -1);
        size_t count = 99;
        const int rc =
            cli_parse_sequence(digits.data(), cap, &count, text.c_str(), &err);
        // Reference: digits only, or single digits joined by single dashes.
        bool plain = !text.empty(), dashed = text.size() % 2 == 1;
        std::vector<int> want;
        for (size_t i = 0; i < text.size(); ++i) {
            const bool digit = text[i] >= '0' && text[i] <= '9';
            plain = plain && digit;
            dashed = dashed && (i % 2 == 0 ? digit : text[i] == '-');
            if (digit) want.push_back(text[i] - '0');
        }
        const bool ok = (plain || dashed) && want.size() <= cap;
        check((rc == 0) == ok, "cli_parse_sequence disagrees");
        if (ok) {
            check(count == want.size() &&
                      std::equal(want.begin(), want.end(), digits.begin()),
                  "cli_parse_sequence misread the digits");
        } else {
            check_message(err);
        }
        check(digits[cap] == -1, "cli_parse_sequence wrote past cap");
    } else if (target == 6) {
        const size_t size = 8 + a.size();
        std::vector<char> buf(size + 1, 'Z');
        const char *q = cli_quote(buf.data(), size, text.c_str());
        check(q == buf.data(), "cli_quote returned another buffer");
        const char *end =
            static_cast<const char *>(std::memchr(buf.data(), 0, size));
        check(end != nullptr, "cli_quote output not terminated in its size");
        check(buf[size] == 'Z', "cli_quote wrote past its size");
        const std::string got(buf.data(), size_t(end - buf.data()));
        check(got.size() >= 2 && got.front() == '\'' && got.back() == '\'',
              "cli_quote output not quoted");
        for (char c : got) {
            check(uint8_t(c) >= 0x20 && uint8_t(c) < 0x7f,
                  "cli_quote let a control byte through");
        }
        const bool printable = std::all_of(
            text.begin(), text.end(),
            [](char c) { return uint8_t(c) >= 0x20 && uint8_t(c) < 0x7f; });
        if (printable && text.size() <= 64 && text.size() + 7 <= size) {
            check(got == "'" + text + "'", "cli_quote changed a short text");
        }
    } else if (target == 7) {
        std::vector<int> digits;
        for (char c : text) digits.push_back(uint8_t(c) % 10);
        std::string want;
        for (size_t i = 0; i < digits.size(); ++i) {
            if (i > 0) want += '-';
            want += char('0' + digits[i]);
        }
        want += a;
        const size_t size = b.size();
        std::vector<char> buf(size + 1, 'Z');
        const int rc = cli_sequence_name(buf.data(), size, digits.data(),
                                         digits.size(), a.c_str());
        check(buf[size] == 'Z', "cli_sequence_name wrote past its size");
        if (rc == 0) {
            check(std::string(buf.data()) == want,
                  "cli_sequence_name wrote a wrong name");
        } else {
            // Too small: at most one byte of margin is kept.
            check(want.size() + 2 > size, "cli_sequence_name refused room");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const int target = data[0] % 8;
    std::vector<std::string> strings;
    std::string current;
    for (size_t i = 1; i < size && strings.size() < 64; ++i) {
        if (data[i] == 0) {
            strings.push_back(current);
            current.clear();
        } else {
            current += char(data[i]);
        }
    }
    if (strings.size() < 64) strings.push_back(current);
    if (target >= 3) {
        value_parsers(target, strings);
        return 0;
    }
    // argv[0] is the program or command name; argv[argc] is NULL.
    std::vector<std::string> owned;
    owned.push_back(target == 0   ? "mnistseq-cli"
                    : target == 1 ? "dataset"
                                  : "preview");
    owned.insert(owned.end(), strings.begin(), strings.end());
    std::vector<char *> argv;
    for (std::string &s : owned) argv.push_back(&s[0]);
    argv.push_back(nullptr);
    if (target == 0) generate_form(argv);
    if (target == 1) dataset_form(argv);
    if (target == 2) preview_form(argv);
    return 0;
}
