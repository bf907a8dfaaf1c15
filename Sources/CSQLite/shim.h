#ifndef SOVEREIGN_CSQLITE_SHIM_H
#define SOVEREIGN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a function-like macro Swift cannot import: bind calls copy the buffer.
static inline sqlite3_destructor_type sovereign_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
