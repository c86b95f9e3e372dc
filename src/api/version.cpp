// Run-time version of the loaded library (mnistseq.h, "Version").
#include "mnistseq/mnistseq.h"

extern "C" MSEQ_API unsigned mseq_version_number(void) {
    return MSEQ_VERSION_NUMBER;
}

extern "C" MSEQ_API const char *mseq_version_string(void) {
    return MSEQ_VERSION_STRING;
}
