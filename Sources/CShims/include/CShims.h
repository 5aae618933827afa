// The few C declarations Swift's Glibc module does not export.
#ifndef WORKFORCE_EMULATOR_CSHIMS_H
#define WORKFORCE_EMULATOR_CSHIMS_H

#if defined(__linux__)
#include <malloc.h>

/// glibc's mallopt(M_MMAP_THRESHOLD, bytes): allocations of `bytes` or more get their own mapping,
/// returned to the system when freed; setting it also stops glibc from raising it dynamically.
static inline int cshims_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/// glibc's malloc_trim(0): hands the free pages of every arena back to the system.
static inline int cshims_trim_heap(void) { return malloc_trim(0); }
#else
static inline int cshims_set_mmap_threshold(int bytes) { (void)bytes; return 1; }
static inline int cshims_trim_heap(void) { return 0; }
#endif

#endif
