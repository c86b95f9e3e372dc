// The parameter table: one row per mseq_param key with its name, type,
// group, bounds, default, the limit its bound comes from, its help line and
// where its value lives in Params. Everything else reads it: the checks of
// set_param() (params.hpp), the C API's mseq_param_info() family, and
// through them the CLI, the manifest and the bindings. Adding a parameter is
// one row here plus its field in Params and its use (docs/conventions.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "mnistseq/mnistseq.h"

namespace mseq {

struct Params;

struct ParamRow {
    mseq_param key;
    const char *name;  // "min_spacing"; the C name is MSEQ_PARAM_ + upper
    mseq_param_type type;
    mseq_param_group group;
    // The values set_param_value() accepts, and the value of a new
    // parameter set (which may lie outside them: width 0 is "not set").
    // Integer types use the int64_t fields, MSEQ_TYPE_F64 the doubles.
    int64_t min, max, default_value;
    double min_f64, max_f64, default_f64;
    // Where the bound max comes from, for messages ("MSEQ_MAX_SPACING").
    const char *limit;
    // MSEQ_TYPE_ENUM: the value names in value order, '|'-separated, and the
    // prefix of their C constants ("MSEQ_FIT_"); nullptr otherwise.
    const char *choices;
    const char *choice_prefix;
    const char *help;
    // The value in a Params: integer types through get/set, MSEQ_TYPE_F64
    // through get_f64/set_f64 (the other pair is nullptr).
    int64_t (*get)(const Params &);
    void (*set)(Params &, int64_t);
    double (*get_f64)(const Params &);
    void (*set_f64)(Params &, double);
};

// The keys that only choose random sequences (their lengths, leading zero,
// uniqueness), in table order: they never change the image of a given
// sequence.
extern const mseq_param kSequenceKeys[4];

// The rows, in table order (grouped), and their number.
const ParamRow *param_rows();
size_t param_row_count();

// The row of a key (any int a C caller passed), or nullptr.
const ParamRow *find_param(int key);
// The row named name ("min_spacing"), or nullptr.
const ParamRow *find_param(const char *name);

// "MSEQ_PARAM_MIN_SPACING": the key's C name, for messages.
std::string param_c_name(const ParamRow &row);

// Checks value against row and stores it; throws mseq::Error naming the key
// and the value (MSEQ_EINVAL: outside the domain or not an integer for an
// integer key; MSEQ_ERANGE: above the limit) and leaves params unchanged.
void set_param_value(Params &params, const ParamRow &row, int64_t value);
void set_param_value(Params &params, const ParamRow &row, double value);
// Reads the value; the integer read of an MSEQ_TYPE_F64 row throws
// MSEQ_EINVAL (read it as a double).
int64_t get_param_value(const Params &params, const ParamRow &row);
double get_param_value_f64(const Params &params, const ParamRow &row);

// The integer bounds and default of a row, as mseq_param_info() reports
// them: an MSEQ_TYPE_F64 row's smallest and largest integers within
// [min_f64, max_f64] (the integers set_param_value() accepts; min above max
// when there is none) and its default rounded toward zero, each clamped to
// the int64_t range; an integer row's own.
int64_t param_int_min(const ParamRow &row);
int64_t param_int_max(const ParamRow &row);
int64_t param_int_default(const ParamRow &row);

// The name of an enum row's value ("exact" for fit 1).
std::string param_choice_name(const ParamRow &row, int64_t value);

}  // namespace mseq
