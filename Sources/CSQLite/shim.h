#include <sqlite3.h>

/// `sqlite3_config` is variadic, which Swift cannot call: this turns off SQLite's memory statistics
/// (`SQLITE_CONFIG_MEMSTATUS`), whose global mutex every allocation takes. It must run before SQLite
/// initializes (before the first open); afterwards it returns SQLITE_MISUSE and changes nothing.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
