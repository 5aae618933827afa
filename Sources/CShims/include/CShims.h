// The few C declarations Swift's Glibc module does not export.
#ifndef WORKFORCE_EMULATOR_CSHIMS_H
#define WORKFORCE_EMULATOR_CSHIMS_H

#include <stdint.h>

#if defined(__linux__)
#include <errno.h>
#include <malloc.h>
#include <sys/epoll.h>

/// The CPUs this process may run on (its affinity mask: `taskset`, a container's `--cpuset-cpus`), which
/// sysconf(_SC_NPROCESSORS_ONLN) does not see; at least 1. In CShims.c: it needs _GNU_SOURCE, and
/// CPU_COUNT is a macro Swift cannot call.
int cshims_available_cpus(void);

/// glibc's mallopt(M_MMAP_THRESHOLD, bytes): allocations of `bytes` or more get their own mapping,
/// returned to the system when freed; setting it also stops glibc from raising it dynamically.
static inline int cshims_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/// glibc's malloc_trim(0): hands the free pages of every arena back to the system.
static inline int cshims_trim_heap(void) { return malloc_trim(0); }

// MARK: - epoll, for the server's event loops
//
// `struct epoll_event` is packed on x86_64 and its `data` is a union, neither of which Swift imports
// comfortably; these wrappers take and give a plain token and the two readiness bits the loops use.

/// Readable, or the peer closed, or an error is pending: a read will not block.
#define CSHIMS_EVENT_READABLE 1u
/// Room in the send buffer, or the peer is gone, or an error is pending: a send will not block.
#define CSHIMS_EVENT_WRITABLE 2u
/// The peer closed its side or the socket failed (EPOLLRDHUP, EPOLLHUP, EPOLLERR): reading must go on to
/// EOF or the error, since no later report may come for it.
#define CSHIMS_EVENT_PEER_CLOSED 4u

/// One readiness report: the token given to `cshims_epoll_add` and CSHIMS_EVENT_* bits.
typedef struct {
    uint64_t token;
    uint32_t events;
} cshims_epoll_event;

/// A new epoll set (close-on-exec), or -1 with errno.
static inline int cshims_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

/// Watches `fd` for both directions, edge-triggered: a report comes each time it becomes readable or
/// writable, and the watcher reads or writes until EAGAIN. Registered once for a socket's life, so a
/// request costs no epoll_ctl. 0, or -1 with errno.
static inline int cshims_epoll_add(int epoll, int fd, uint64_t token) {
    struct epoll_event event;
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.u64 = token;
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

/// Stops watching `fd` (before it is closed). 0, or -1 with errno.
static inline int cshims_epoll_remove(int epoll, int fd) {
    struct epoll_event unused = {0};
    return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &unused);
}

/// The reports ready now (never waits): at most `capacity` (≤ 256) written to `out`; the count, or -1 with errno.
static inline int cshims_epoll_poll(int epoll, cshims_epoll_event *out, int capacity) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epoll, events, capacity, 0);
    for (int i = 0; i < count; i++) {
        uint32_t bits = events[i].events;
        uint32_t mapped = 0;
        if (bits & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) mapped |= CSHIMS_EVENT_READABLE;
        if (bits & (EPOLLOUT | EPOLLHUP | EPOLLERR)) mapped |= CSHIMS_EVENT_WRITABLE;
        if (bits & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) mapped |= CSHIMS_EVENT_PEER_CLOSED;
        out[i].token = events[i].data.u64;
        out[i].events = mapped;
    }
    return count;
}
#else
static inline int cshims_available_cpus(void) { return 1; }
static inline int cshims_set_mmap_threshold(int bytes) { (void)bytes; return 1; }
static inline int cshims_trim_heap(void) { return 0; }
#endif

#endif
