// Templates: the text of each sample from a small grammar, so that images
// hold phone numbers, dates, times, amounts or codes rather than free
// digit strings. mnistseq.h (mseq_template_new) documents the grammar:
//
//   #  any digit 0-9        %  a digit 1-9        0-9  that digit
//   - / . , : ( ) +  that separator (drawn)       space  a space
//   {date FORMAT [Y1..Y2]}  a valid date; FORMAT joins DD, MM and at most
//                           one of YYYY, YY with separators; years Y1..Y2
//                           (default 1950..2049, at most 100 with YY)
//   {time FORMAT}           a 24-hour time; FORMAT joins HH, MM and
//                           optionally SS with separators
//   {amount LO..HI [nogroup]}  an amount in steps of HI's last decimal,
//                           thousands grouped with ',' unless nogroup
//   {zip}                   a five-digit ZIP code, 00501..99950
//
// The template's space is the set of texts it can give; every field is
// independent, so its size is the product of the fields' counts. Each
// text has one rank: the fields' ranks as a mixed-radix number, the first
// field most significant (a field's own ranks run in the order of its
// values: digits ascending, dates and times chronologically, amounts
// ascending). Distinct ranks give distinct texts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generate/params.hpp"
#include "generate/permutation.hpp"

namespace mseq {

// One field of a template: a character choice or a domain.
struct TemplateField {
    enum class Kind { chars, date, time, amount, zip };
    // A piece of a date or time format.
    enum class Piece : char {
        day = 'D',
        month = 'M',
        year4 = 'Y',
        year2 = 'y',
        hour = 'H',
        minute = 'm',
        second = 's',
        literal = 'l',
    };
    struct FormatPiece {
        Piece piece;
        char c;  // the literal's character
    };

    Kind kind = Kind::chars;
    std::string chars;                // chars: the characters, ascending
    std::vector<FormatPiece> format;  // date, time
    int64_t first_day = 0;            // date: days since 1970-01-01
    bool has_year = false;            // date
    bool has_second = false;          // time
    int64_t lo = 0;                   // amount: in units of the last decimal
    int decimals = 0;                 // amount
    bool group = true;                // amount
    uint64_t count = 1;               // values of the field
    size_t max_length = 0;            // longest text
};

class Template {
public:
    // Parses `text`. MSEQ_EINVAL for a malformed template, with the
    // (1-based) column of the fault and what was expected there;
    // MSEQ_ERANGE when its texts could exceed MSEQ_MAX_DIGITS characters.
    explicit Template(std::string_view text);

    const std::string &text() const { return text_; }
    // The size of the space, saturated at UINT64_MAX.
    uint64_t count() const { return count_; }
    // The longest text it gives.
    size_t max_length() const { return max_length_; }
    const std::vector<TemplateField> &fields() const { return fields_; }

    // The text of rank `rank` (< count(), the caller checks).
    std::string text_of_rank(uint64_t rank) const;
    // Appends field f's text of its own rank r (< its count) to out.
    void append_field(size_t f, uint64_t r, std::string &out) const;

private:
    std::string text_;
    std::vector<TemplateField> fields_;
    uint64_t count_ = 1;
    size_t max_length_ = 0;
};

// The text of each sample index from a template and the parameters' seed
// and MSEQ_PARAM_UNIQUE (with MSEQ_PARAM_UNIQUE_PERMUTATION).
//
// Without unique, each field draws its rank uniformly (Lemire's uniform(),
// rng.hpp) in template order from the sample's sequence stream
// (Purpose::sequence), so every text of the space is equally likely; a
// field of one value draws nothing. With unique, index i maps through the
// permutation of [0, count) (permutation.hpp) to a rank, decoded to its
// text: indexes 0..count-1 give every text exactly once.
class TemplateSampler {
public:
    // MSEQ_EINVAL with unique when the space exceeds 2^63 texts.
    TemplateSampler(const Template &tmpl, const Params &params);

    // The text of sample `index`. With unique, index >= count() is
    // MSEQ_ERANGE giving the count.
    std::string draw(uint64_t index) const;

private:
    const Template &tmpl_;
    uint64_t seed_;
    std::optional<IndexPermutation> permutation_;
};

}  // namespace mseq
