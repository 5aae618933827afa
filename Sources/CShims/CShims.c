// Most of CShims is static inline in its header; what needs _GNU_SOURCE is compiled here.
#define _GNU_SOURCE
#include "CShims.h"

#if defined(__linux__)
#include <sched.h>
#include <unistd.h>

int cshims_available_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}
#endif
