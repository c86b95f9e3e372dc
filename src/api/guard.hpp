// The C ABI boundary: every extern "C" function runs its body through
// mseq::guard(), which turns any C++ exception into an MSEQ_E* code and the
// calling thread's last-error message, so that no exception crosses the ABI.
#pragma once

#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// Stores the concatenation a + b + c as the calling thread's last error
// (mseq_last_error()). Never throws and never allocates; a message longer
// than the thread's buffer is cut and ends with "...".
void set_last_error(const char *a, const char *b = "",
                    const char *c = "") noexcept;

// Runs body() and returns MSEQ_OK, or the code of the exception it threw:
// mseq::Error gives its own code and message, std::bad_alloc MSEQ_ENOMEM,
// anything else MSEQ_EINTERNAL. The message of a failure becomes the
// thread's last error; a success leaves the last error as it was.
template <class Body>
int guard(const char *function, Body &&body) noexcept {
    try {
        body();
        return MSEQ_OK;
    } catch (const Error &e) {
        set_last_error(e.what());
        // A non-negative code would read as success: that is a bug.
        return e.code() < 0 ? e.code() : MSEQ_EINTERNAL;
    } catch (const std::bad_alloc &) {
        set_last_error(function, ": out of memory");
        return MSEQ_ENOMEM;
    } catch (const std::exception &e) {
        set_last_error(function, ": internal error: ", e.what());
        return MSEQ_EINTERNAL;
    } catch (...) {
        set_last_error(function, ": internal error: unknown exception");
        return MSEQ_EINTERNAL;
    }
}

// Throws MSEQ_EINVAL "<function>: <name> is NULL" when pointer is null.
inline void require_non_null(const void *pointer, const char *function,
                             const char *name) {
    if (pointer == nullptr) {
        throw Error(MSEQ_EINVAL,
                    std::string(function) + ": " + name + " is NULL");
    }
}

// Reads an enum argument that came from C as its int value: a C caller may
// pass any int, and loading an out-of-range value as a C++ enum is undefined.
template <class Enum>
int enum_value(const Enum &value) noexcept {
    static_assert(sizeof(Enum) == sizeof(int), "C enums are int-sized");
    int raw = 0;
    std::memcpy(&raw, &value, sizeof raw);
    return raw;
}

}  // namespace mseq
