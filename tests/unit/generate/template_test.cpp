// Templates (template.hpp): every rule of the grammar, every error with its
// column, the domains' values (valid dates and times only, amounts with
// grouping), the space's size, the sampler's law (chi-square of uniform
// draws) and unique texts through the whole space.
#include "generate/template.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/params.hpp"

namespace {

using mseq::Template;
using mseq::TemplateSampler;

// The code and message of parsing `text`.
std::pair<int, std::string> parse_error(const std::string &text) {
    try {
        Template t(text);
    } catch (const mseq::Error &e) {
        return {e.code(), e.what()};
    }
    return {0, ""};
}

std::vector<std::string> all_texts(const Template &t) {
    std::vector<std::string> out;
    for (uint64_t r = 0; r < t.count(); ++r) out.push_back(t.text_of_rank(r));
    return out;
}

TEST(Template, CharacterRules) {
    const Template any("#");
    EXPECT_EQ(any.count(), 10u);
    EXPECT_EQ(all_texts(any),
              (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7",
                                        "8", "9"}));
    const Template nonzero("%");
    EXPECT_EQ(nonzero.count(), 9u);
    EXPECT_EQ(nonzero.text_of_rank(0), "1");
    EXPECT_EQ(nonzero.text_of_rank(8), "9");
    const Template literal("0-/.,:()+ 7");
    EXPECT_EQ(literal.count(), 1u);
    EXPECT_EQ(literal.text_of_rank(0), "0-/.,:()+ 7");
    const Template phone("(###) ###-####");
    EXPECT_EQ(phone.count(), 10000000000u);
    EXPECT_EQ(phone.max_length(), 14u);
    // The first field is the most significant.
    EXPECT_EQ(phone.text_of_rank(0), "(000) 000-0000");
    EXPECT_EQ(phone.text_of_rank(1), "(000) 000-0001");
    EXPECT_EQ(phone.text_of_rank(9999999999u), "(999) 999-9999");
    EXPECT_EQ(phone.text_of_rank(1234567890u), "(123) 456-7890");
    const Template mixed("0%#");
    EXPECT_EQ(mixed.count(), 90u);
    EXPECT_EQ(mixed.text_of_rank(0), "010");
    EXPECT_EQ(mixed.text_of_rank(89), "099");
}

TEST(Template, DatesAreValidAndComplete) {
    const Template t("{date DD/MM/YYYY 2023..2024}");
    EXPECT_EQ(t.count(), 365u + 366u);
    const std::vector<std::string> texts = all_texts(t);
    EXPECT_EQ(texts.front(), "01/01/2023");
    EXPECT_EQ(texts.back(), "31/12/2024");
    std::set<std::string> seen(texts.begin(), texts.end());
    EXPECT_EQ(seen.size(), texts.size());
    EXPECT_TRUE(seen.count("29/02/2024"));
    EXPECT_FALSE(seen.count("29/02/2023"));
    EXPECT_FALSE(seen.count("31/04/2024"));
    // Every text is a real date: checked by the test's own calendar.
    auto days_in = [](int y, int m) {
        static const int kDays[] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return m == 2 && leap ? 29 : kDays[m - 1];
    };
    int expected = 0;
    for (int y = 2023; y <= 2024; ++y) {
        for (int m = 1; m <= 12; ++m) expected += days_in(y, m);
    }
    EXPECT_EQ(int(texts.size()), expected);
    for (const std::string &s : texts) {
        const int d = std::stoi(s.substr(0, 2));
        const int m = std::stoi(s.substr(3, 2));
        const int y = std::stoi(s.substr(6, 4));
        ASSERT_GE(m, 1) << s;
        ASSERT_LE(m, 12) << s;
        ASSERT_GE(d, 1) << s;
        ASSERT_LE(d, days_in(y, m)) << s;
    }
    // Century leap rules: 1900 is not a leap year, 2000 is.
    const Template c("{date YYYY-MM-DD 1900..2000}");
    const std::vector<std::string> all = all_texts(c);
    const std::set<std::string> cs(all.begin(), all.end());
    EXPECT_FALSE(cs.count("1900-02-29"));
    EXPECT_TRUE(cs.count("2000-02-29"));
    EXPECT_EQ(c.count(), uint64_t(101 * 365 + 25));
    // Two-digit years and no year at all.
    EXPECT_EQ(Template("{date DD.MM.YY}").text_of_rank(0), "01.01.50");
    const Template no_year("{date MM/DD}");
    EXPECT_EQ(no_year.count(), 366u);
    EXPECT_EQ(no_year.text_of_rank(59), "02/29");
    // The default years.
    EXPECT_EQ(Template("{date DDMMYYYY}").text_of_rank(0), "01011950");
    EXPECT_EQ(Template("{date DDMMYYYY}").count(), uint64_t(100 * 365 + 25));
}

TEST(Template, TimesAreValidAndComplete) {
    const Template t("{time HH:MM}");
    EXPECT_EQ(t.count(), 1440u);
    EXPECT_EQ(t.text_of_rank(0), "00:00");
    EXPECT_EQ(t.text_of_rank(1439), "23:59");
    EXPECT_EQ(t.text_of_rank(9 * 60 + 45), "09:45");
    const Template s("{time HH.MM.SS}");
    EXPECT_EQ(s.count(), 86400u);
    EXPECT_EQ(s.text_of_rank(86399), "23.59.59");
    EXPECT_EQ(s.text_of_rank(3661), "01.01.01");
    for (const std::string &text : all_texts(t)) {
        ASSERT_LE(std::stoi(text.substr(0, 2)), 23) << text;
        ASSERT_LE(std::stoi(text.substr(3, 2)), 59) << text;
    }
}

TEST(Template, AmountsAndZipCodes) {
    const Template t("{amount 0..9999.99}");
    EXPECT_EQ(t.count(), 1000000u);
    EXPECT_EQ(t.max_length(), 8u);
    EXPECT_EQ(t.text_of_rank(0), "0.00");
    EXPECT_EQ(t.text_of_rank(50), "0.50");
    EXPECT_EQ(t.text_of_rank(123450), "1,234.50");
    EXPECT_EQ(t.text_of_rank(999999), "9,999.99");
    const Template big("{amount 1000..1234567}");
    EXPECT_EQ(big.text_of_rank(0), "1,000");
    EXPECT_EQ(big.text_of_rank(big.count() - 1), "1,234,567");
    EXPECT_EQ(big.max_length(), 9u);
    const Template plain("{amount 5.5..100.25 nogroup}");
    EXPECT_EQ(plain.text_of_rank(0), "5.50");
    EXPECT_EQ(plain.count(), uint64_t(10025 - 550 + 1));
    const Template zip("{zip}");
    EXPECT_EQ(zip.count(), uint64_t(99950 - 501 + 1));
    EXPECT_EQ(zip.text_of_rank(0), "00501");
    EXPECT_EQ(zip.text_of_rank(zip.count() - 1), "99950");
}

TEST(Template, ErrorsNameTheColumn) {
    struct Case {
        std::string text;
        int code;
        std::string needle;
    };
    const std::vector<Case> cases = {
        {"", MSEQ_EINVAL, "empty template"},
        {"   ", MSEQ_EINVAL, "only spaces"},
        {"##x#", MSEQ_EINVAL, "column 3: 'x' is not"},
        {"#\t", MSEQ_EINVAL, "column 2: byte 9"},
        {"{date DD/MM/YYYY", MSEQ_EINVAL, "column 1: '{' is never closed"},
        {"#}", MSEQ_EINVAL, "column 2: '}' without '{'"},
        {"{da{te}", MSEQ_EINVAL, "column 4: '{' inside"},
        {"{}", MSEQ_EINVAL, "column 1: empty domain"},
        {"#{phone}", MSEQ_EINVAL, "column 3: unknown domain 'phone'"},
        {"{date}", MSEQ_EINVAL, "column 2: {date} needs a format"},
        {"{date DD/QQ}", MSEQ_EINVAL, "column 10: 'Q' in the date format"},
        {"{date DD/DD}", MSEQ_EINVAL, "column 10: date format has DD twice"},
        {"{date YY-YYYY-MM-DD}", MSEQ_EINVAL, "has YYYY twice"},
        {"{date DD/YYYY}", MSEQ_EINVAL,
         "column 7: the date format needs DD "
         "and MM"},
        {"{date DD/MM 2000..2001}", MSEQ_EINVAL,
         "column 13: a year range, but the date format has no year"},
        {"{date DD/MM/YYYY 2001..2000}", MSEQ_EINVAL,
         "column 18: year range '2001..2000'"},
        {"{date DD/MM/YYYY 0..10}", MSEQ_EINVAL, "year range '0..10'"},
        {"{date DD/MM/YY 1900..2000}", MSEQ_EINVAL,
         "with YY the year range spans at most 100 years"},
        {"{date DD/MM/YYYY 2000..2001 x}", MSEQ_EINVAL,
         "column 29: unexpected 'x'"},
        {"{date  DD/MM}", MSEQ_EINVAL, "column 7: two spaces"},
        {"{zip }", MSEQ_EINVAL, "column 5: a space before '}'"},
        {"{time MM}", MSEQ_EINVAL, "the time format needs HH and MM"},
        {"{time HH:MM:SS:SS}", MSEQ_EINVAL, "has SS twice"},
        {"{time HH-DD}", MSEQ_EINVAL, "column 10: 'D' in the time format"},
        {"{amount}", MSEQ_EINVAL, "{amount} needs a range"},
        {"{amount 10..1}", MSEQ_EINVAL, "amount range '10..1'"},
        {"{amount 1.23456..2}", MSEQ_EINVAL, "at most 4 decimals"},
        {"{amount 1.5}", MSEQ_EINVAL, "expected LO..HI"},
        {"{amount 1...5}", MSEQ_EINVAL, "amount range"},
        {"{amount 1..5 group}", MSEQ_EINVAL,
         "column 14: 'group' in {amount}: expected nogroup"},
        {"{zip 5}", MSEQ_EINVAL, "column 6: unexpected '5' in {zip}"},
        {std::string(1025, '#'), MSEQ_ERANGE, "up to 1025 characters"},
    };
    for (const Case &c : cases) {
        const auto [code, message] = parse_error(c.text);
        EXPECT_EQ(code, c.code) << c.text << ": " << message;
        EXPECT_NE(message.find(c.needle), std::string::npos)
            << c.text << " gave: " << message;
    }
}

TEST(TemplateSampler, DrawsEveryTextUniformly) {
    // 90 texts, 90,000 draws: chi-square on 89 degrees of freedom; the
    // 0.999 quantile is about 135.
    const Template t("%#");
    mseq::Params params;
    params.seed = 7;
    const TemplateSampler sampler(t, params);
    std::map<std::string, int> counts;
    const int draws = 90000;
    for (int i = 0; i < draws; ++i) ++counts[sampler.draw(uint64_t(i))];
    ASSERT_EQ(counts.size(), 90u);
    double chi2 = 0.0;
    const double expected = double(draws) / 90.0;
    for (const auto &[text, n] : counts) {
        ASSERT_NE(text[0], '0') << text;
        chi2 += (n - expected) * (n - expected) / expected;
    }
    EXPECT_LT(chi2, 135.0);
    // A pure function of (seed, index); another seed, other texts.
    EXPECT_EQ(sampler.draw(12345), TemplateSampler(t, params).draw(12345));
    mseq::Params other = params;
    other.seed = 8;
    int same = 0;
    for (int i = 0; i < 100; ++i) {
        same += sampler.draw(uint64_t(i)) ==
                TemplateSampler(t, other).draw(uint64_t(i));
    }
    EXPECT_LT(same, 10);
}

TEST(TemplateSampler, UniqueGivesEveryTextOnceThenStops) {
    mseq::Params params;
    params.seed = 3;
    params.unique = true;
    for (const char *text : {"#", "%-#", "{time HH:MM}", "({zip})"}) {
        const Template t(text);
        const TemplateSampler sampler(t, params);
        std::set<std::string> seen;
        for (uint64_t i = 0; i < t.count(); ++i) {
            ASSERT_TRUE(seen.insert(sampler.draw(i)).second)
                << text << " repeats at " << i;
        }
        EXPECT_EQ(seen.size(), t.count());
        try {
            (void)sampler.draw(t.count());
            ADD_FAILURE() << text << ": no error past the space";
        } catch (const mseq::Error &e) {
            EXPECT_EQ(e.code(), MSEQ_ERANGE);
            EXPECT_NE(std::string(e.what()).find(std::to_string(t.count())),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(TemplateSampler, UniqueIsUniformOnTinySpaces) {
    // The first text over many seeds: each of the 9 equally likely.
    const Template t("%");
    std::vector<int> counts(9, 0);
    const int seeds = 45000;
    for (int s = 0; s < seeds; ++s) {
        mseq::Params params;
        params.seed = uint64_t(s);
        params.unique = true;
        ++counts[size_t(TemplateSampler(t, params).draw(0)[0] - '1')];
    }
    double chi2 = 0.0;
    const double expected = seeds / 9.0;
    for (int n : counts) chi2 += (n - expected) * (n - expected) / expected;
    EXPECT_LT(chi2, 26.1);  // 8 degrees of freedom, 0.999 quantile
}

TEST(TemplateSampler, UniqueRefusesHugeSpaces) {
    mseq::Params params;
    params.unique = true;
    EXPECT_EQ(Template(std::string(20, '#')).count(), UINT64_MAX);
    const Template t(std::string(19, '#'));  // 10^19 > 2^63
    try {
        TemplateSampler s(t, params);
        ADD_FAILURE() << "no error";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EINVAL);
        EXPECT_NE(std::string(e.what()).find("more than 2^63"),
                  std::string::npos);
    }
}

}  // namespace
