// Templates (template.hpp).
#include "generate/template.hpp"

#include <string>

#include "common/error.hpp"
#include "generate/rng.hpp"
#include "generate/text.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

using Field = TemplateField;
using Piece = TemplateField::Piece;

constexpr uint64_t kMaxUnique = uint64_t{1} << 63;
constexpr int64_t kDefaultFirstYear = 1950;
constexpr int64_t kDefaultLastYear = 2049;
constexpr int kMaxDecimals = 4;
constexpr int64_t kMaxAmountUnits = 999999999999999;  // 15 digits
constexpr int64_t kFirstZip = 501;
constexpr int64_t kLastZip = 99950;

// Days since 1970-01-01 of a Gregorian date and back (H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms", days_from_civil and
// civil_from_days), for years 1..9999.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = y / 400;  // y >= 0 here
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    int64_t y, m, d;
};

Civil civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = z / 146097;  // z >= 0 for years >= 1
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// a * b, or UINT64_MAX when that overflows.
uint64_t saturating_mul(uint64_t a, uint64_t b) {
    if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
    return a * b;
}

void append_padded(int64_t v, int width, std::string &out) {
    std::string s = std::to_string(v);
    if (int(s.size()) < width) out.append(size_t(width) - s.size(), '0');
    out += s;
}

[[noreturn]] void fail(size_t pos, const std::string &what) {
    throw Error(MSEQ_EINVAL,
                "template column " + std::to_string(pos + 1) + ": " + what);
}

std::string shown(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 32 && byte < 127) return "'" + std::string(1, c) + "'";
    return "byte " + std::to_string(byte);
}

// Parses a decimal number of digits [begin, end) of s into v; false when it
// is not one or exceeds `limit`.
bool parse_uint(std::string_view s, int64_t limit, int64_t &v) {
    if (s.empty() || s.size() > 18) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    return v <= limit;
}

// The arguments of a domain, split at spaces, each with its column.
struct Arg {
    std::string_view text;
    size_t pos;
};

// A date or time FORMAT: tokens (longest first) and separators.
std::vector<Field::FormatPiece> parse_format(const Arg &arg, bool date,
                                             size_t &length) {
    struct Token {
        std::string_view text;
        Piece piece;
    };
    static const Token kDate[] = {{"YYYY", Piece::year4},
                                  {"YY", Piece::year2},
                                  {"DD", Piece::day},
                                  {"MM", Piece::month}};
    static const Token kTime[] = {
        {"HH", Piece::hour}, {"MM", Piece::minute}, {"SS", Piece::second}};
    const char *what = date ? "date" : "time";
    const std::string tokens = date ? "DD, MM, YYYY or YY" : "HH, MM or SS";
    std::vector<Field::FormatPiece> out;
    length = 0;
    size_t i = 0;
    const std::string_view s = arg.text;
    while (i < s.size()) {
        if (kSeparators.find(s[i]) != std::string_view::npos) {
            out.push_back({Piece::literal, s[i]});
            length += 1;
            ++i;
            continue;
        }
        bool found = false;
        const Token *begin = date ? std::begin(kDate) : std::begin(kTime);
        const Token *end = date ? std::end(kDate) : std::end(kTime);
        for (const Token *t = begin; t != end; ++t) {
            if (s.substr(i, t->text.size()) != t->text) continue;
            for (const Field::FormatPiece &p : out) {
                const bool year =
                    p.piece == Piece::year4 || p.piece == Piece::year2;
                const bool is_year =
                    t->piece == Piece::year4 || t->piece == Piece::year2;
                if (p.piece == t->piece || (year && is_year)) {
                    fail(arg.pos + i, std::string(what) + " format has " +
                                          std::string(t->text) +
                                          " twice (each field once)");
                }
            }
            out.push_back({t->piece, 0});
            length += t->text.size();
            i += t->text.size();
            found = true;
            break;
        }
        if (!found) {
            fail(arg.pos + i, shown(s[i]) + " in the " + what +
                                  " format: expected " + tokens +
                                  " or a separator (- / . , : ( ) +)");
        }
    }
    return out;
}

bool has_piece(const std::vector<Field::FormatPiece> &f, Piece p) {
    for (const Field::FormatPiece &x : f) {
        if (x.piece == p) return true;
    }
    return false;
}

// Parses "A..B" of non-negative numbers with up to kMaxDecimals decimals;
// returns false when malformed. Units are of 10^-decimals.
bool parse_amount(std::string_view s, int64_t &lo, int64_t &hi, int &decimals) {
    const size_t dots = s.find("..");
    if (dots == std::string_view::npos) return false;
    const std::string_view a = s.substr(0, dots);
    const std::string_view b = s.substr(dots + 2);
    auto split = [](std::string_view v, std::string_view &whole,
                    std::string_view &frac) {
        const size_t p = v.find('.');
        whole = v.substr(0, p);
        frac =
            p == std::string_view::npos ? std::string_view() : v.substr(p + 1);
        return p == std::string_view::npos || !frac.empty();
    };
    std::string_view aw, af, bw, bf;
    if (!split(a, aw, af) || !split(b, bw, bf)) return false;
    decimals = int(std::max(af.size(), bf.size()));
    if (decimals > kMaxDecimals) return false;
    auto units = [&](std::string_view w, std::string_view f, int64_t &v) {
        int64_t whole = 0, frac = 0;
        if (!parse_uint(w, kMaxAmountUnits, whole)) return false;
        if (!f.empty() && !parse_uint(f, kMaxAmountUnits, frac)) return false;
        for (size_t k = f.size(); k < size_t(decimals); ++k) frac *= 10;
        v = whole;
        for (int k = 0; k < decimals; ++k) {
            if (v > kMaxAmountUnits / 10) return false;
            v *= 10;
        }
        v += frac;
        return v <= kMaxAmountUnits;
    };
    return units(aw, af, lo) && units(bw, bf, hi);
}

size_t digits_of(int64_t v) {
    size_t n = 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}

Field parse_domain(std::string_view kind, const std::vector<Arg> &args,
                   size_t kind_pos) {
    Field f;
    auto no_more = [&](size_t allowed) {
        if (args.size() > allowed) {
            fail(args[allowed].pos, "unexpected '" +
                                        std::string(args[allowed].text) +
                                        "' in {" + std::string(kind) + "}");
        }
    };
    if (kind == "date") {
        f.kind = Field::Kind::date;
        if (args.empty()) {
            fail(kind_pos, "{date} needs a format, e.g. {date DD/MM/YYYY}");
        }
        no_more(2);
        f.format = parse_format(args[0], true, f.max_length);
        if (!has_piece(f.format, Piece::day) ||
            !has_piece(f.format, Piece::month)) {
            fail(args[0].pos, "the date format needs DD and MM");
        }
        f.has_year = has_piece(f.format, Piece::year4) ||
                     has_piece(f.format, Piece::year2);
        int64_t y1 = kDefaultFirstYear, y2 = kDefaultLastYear;
        if (args.size() == 2) {
            const std::string_view r = args[1].text;
            const size_t dots = r.find("..");
            if (!f.has_year) {
                fail(args[1].pos,
                     "a year range, but the date format has no "
                     "year (YYYY or YY)");
            }
            if (dots == std::string_view::npos ||
                !parse_uint(r.substr(0, dots), 9999, y1) ||
                !parse_uint(r.substr(dots + 2), 9999, y2) || y1 < 1 ||
                y1 > y2) {
                fail(args[1].pos, "year range '" + std::string(r) +
                                      "': expected Y1..Y2 with 1 <= Y1 <= "
                                      "Y2 <= 9999");
            }
        }
        if (has_piece(f.format, Piece::year2) && y2 - y1 >= 100) {
            fail(args.size() == 2 ? args[1].pos : args[0].pos,
                 "with YY the year range spans at most 100 years (else "
                 "dates repeat), here " +
                     std::to_string(y1) + ".." + std::to_string(y2));
        }
        if (f.has_year) {
            f.first_day = days_from_civil(y1, 1, 1);
            f.count = uint64_t(days_from_civil(y2, 12, 31) - f.first_day + 1);
        } else {
            f.first_day = days_from_civil(2000, 1, 1);  // a leap year
            f.count = 366;
        }
        return f;
    }
    if (kind == "time") {
        f.kind = Field::Kind::time;
        if (args.empty()) {
            fail(kind_pos, "{time} needs a format, e.g. {time HH:MM}");
        }
        no_more(1);
        f.format = parse_format(args[0], false, f.max_length);
        if (!has_piece(f.format, Piece::hour) ||
            !has_piece(f.format, Piece::minute)) {
            fail(args[0].pos, "the time format needs HH and MM");
        }
        f.has_second = has_piece(f.format, Piece::second);
        f.count = f.has_second ? 86400 : 1440;
        return f;
    }
    if (kind == "amount") {
        f.kind = Field::Kind::amount;
        if (args.empty()) {
            fail(kind_pos, "{amount} needs a range, e.g. {amount 0..9999.99}");
        }
        no_more(2);
        int64_t hi = 0;
        if (!parse_amount(args[0].text, f.lo, hi, f.decimals) || f.lo > hi) {
            fail(args[0].pos,
                 "amount range '" + std::string(args[0].text) +
                     "': expected LO..HI, 0 <= LO <= HI < 10^15 units, at "
                     "most " +
                     std::to_string(kMaxDecimals) + " decimals");
        }
        if (args.size() == 2) {
            if (args[1].text != "nogroup") {
                fail(args[1].pos, "'" + std::string(args[1].text) +
                                      "' in {amount}: expected nogroup");
            }
            f.group = false;
        }
        f.count = uint64_t(hi - f.lo) + 1;
        int64_t whole = hi;
        for (int k = 0; k < f.decimals; ++k) whole /= 10;
        const size_t w = digits_of(whole);
        f.max_length = w + (f.group ? (w - 1) / 3 : 0) +
                       (f.decimals > 0 ? size_t(f.decimals) + 1 : 0);
        return f;
    }
    if (kind == "zip") {
        f.kind = Field::Kind::zip;
        no_more(0);
        f.count = uint64_t(kLastZip - kFirstZip + 1);
        f.max_length = 5;
        return f;
    }
    fail(kind_pos, "unknown domain '" + std::string(kind) +
                       "': expected date, time, amount or zip");
}

}  // namespace

Template::Template(std::string_view text) : text_(text) {
    if (text.empty()) throw Error(MSEQ_EINVAL, "empty template");
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        Field f;
        if (c == '#') {
            f.chars = "0123456789";
        } else if (c == '%') {
            f.chars = "123456789";
        } else if (c == '{') {
            const size_t close = text.find('}', i);
            if (close == std::string_view::npos) {
                fail(i, "'{' is never closed by '}'");
            }
            const size_t nested = text.find('{', i + 1);
            if (nested < close) fail(nested, "'{' inside a domain");
            std::vector<Arg> words;
            size_t p = i + 1;
            while (p < close) {
                const size_t sp = std::min(text.find(' ', p), close);
                if (sp == p)
                    fail(p,
                         "two spaces or a space at the edge of a "
                         "domain");
                words.push_back({text.substr(p, sp - p), p});
                p = sp == close ? close : sp + 1;
                if (p == close && sp != close) {
                    fail(sp, "a space before '}'");
                }
            }
            if (words.empty()) {
                fail(i,
                     "empty domain '{}': expected date, time, amount or "
                     "zip");
            }
            const Arg kind = words.front();
            words.erase(words.begin());
            fields_.push_back(parse_domain(kind.text, words, kind.pos));
            i = close + 1;
            continue;
        } else if (c == '}') {
            fail(i, "'}' without '{'");
        } else if (is_text_char(c)) {
            f.chars = std::string(1, c);
        } else {
            fail(i, shown(c) +
                        " is not '#', '%', a digit, a separator (- / . , : "
                        "( ) +), a space or a domain '{...}'");
        }
        f.count = f.chars.size();
        f.max_length = 1;
        fields_.push_back(f);
        ++i;
    }
    for (const Field &f : fields_) {
        count_ = saturating_mul(count_, f.count);
        max_length_ += f.max_length;
    }
    if (max_length_ > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "template gives texts of up to " +
                                     std::to_string(max_length_) +
                                     " characters, more than MSEQ_MAX_DIGITS "
                                     "(" +
                                     std::to_string(MSEQ_MAX_DIGITS) + ")");
    }
    bool drawn = false;
    for (const Field &f : fields_) {
        if (f.kind != Field::Kind::chars || f.chars != " ") drawn = true;
    }
    if (!drawn) throw Error(MSEQ_EINVAL, "template holds only spaces");
}

void Template::append_field(size_t index, uint64_t r, std::string &out) const {
    const Field &f = fields_[index];
    switch (f.kind) {
        case Field::Kind::chars:
            out += f.chars[size_t(r)];
            return;
        case Field::Kind::zip:
            append_padded(kFirstZip + int64_t(r), 5, out);
            return;
        case Field::Kind::amount: {
            int64_t units = f.lo + int64_t(r);
            int64_t scale = 1;
            for (int k = 0; k < f.decimals; ++k) scale *= 10;
            const std::string whole = std::to_string(units / scale);
            for (size_t k = 0; k < whole.size(); ++k) {
                if (f.group && k > 0 && (whole.size() - k) % 3 == 0) {
                    out += ',';
                }
                out += whole[k];
            }
            if (f.decimals > 0) {
                out += '.';
                append_padded(units % scale, f.decimals, out);
            }
            return;
        }
        case Field::Kind::date:
        case Field::Kind::time:
            break;
    }
    Civil date{0, 0, 0};
    int64_t hour = 0, minute = 0, second = 0;
    if (f.kind == Field::Kind::date) {
        date = civil_from_days(f.first_day + int64_t(r));
    } else {
        int64_t t = int64_t(r);
        if (f.has_second) {
            second = t % 60;
            t /= 60;
        }
        minute = t % 60;
        hour = t / 60;
    }
    for (const Field::FormatPiece &p : f.format) {
        switch (p.piece) {
            case Piece::day:
                append_padded(date.d, 2, out);
                break;
            case Piece::month:
                append_padded(date.m, 2, out);
                break;
            case Piece::year4:
                append_padded(date.y, 4, out);
                break;
            case Piece::year2:
                append_padded(date.y % 100, 2, out);
                break;
            case Piece::hour:
                append_padded(hour, 2, out);
                break;
            case Piece::minute:
                append_padded(minute, 2, out);
                break;
            case Piece::second:
                append_padded(second, 2, out);
                break;
            case Piece::literal:
                out += p.c;
                break;
        }
    }
}

std::string Template::text_of_rank(uint64_t rank) const {
    std::vector<uint64_t> ranks(fields_.size());
    for (size_t f = fields_.size(); f-- > 0;) {
        ranks[f] = rank % fields_[f].count;
        rank /= fields_[f].count;
    }
    std::string out;
    out.reserve(max_length_);
    for (size_t f = 0; f < fields_.size(); ++f) append_field(f, ranks[f], out);
    return out;
}

TemplateSampler::TemplateSampler(const Template &tmpl, const Params &params)
    : tmpl_(tmpl), seed_(params.seed) {
    if (!params.unique) return;
    if (tmpl.count() > kMaxUnique) {
        throw Error(MSEQ_EINVAL, "MSEQ_PARAM_UNIQUE: template '" + tmpl.text() +
                                     "' gives more than 2^63 texts; unique "
                                     "texts need a smaller space");
    }
    permutation_.emplace(seed_, tmpl.count(), params.unique_permutation);
}

std::string TemplateSampler::draw(uint64_t index) const {
    if (permutation_) {
        if (index >= tmpl_.count()) {
            throw Error(
                MSEQ_ERANGE,
                "MSEQ_PARAM_UNIQUE: sample index " + std::to_string(index) +
                    " is past the " + std::to_string(tmpl_.count()) +
                    " distinct texts of template '" + tmpl_.text() + "'");
        }
        return tmpl_.text_of_rank((*permutation_)(index));
    }
    Stream stream(seed_, index, Purpose::sequence);
    std::string out;
    out.reserve(tmpl_.max_length());
    const std::vector<TemplateField> &fields = tmpl_.fields();
    for (size_t f = 0; f < fields.size(); ++f) {
        const uint64_t r =
            fields[f].count > 1 ? stream.uniform(fields[f].count) : 0;
        tmpl_.append_field(f, r, out);
    }
    return out;
}

}  // namespace mseq
