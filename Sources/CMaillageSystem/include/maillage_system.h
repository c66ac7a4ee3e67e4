#ifndef MAILLAGE_SYSTEM_H
#define MAILLAGE_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 when the system or file system does not support it.
int maillage_exchange_paths(const char *first, const char *second);

#endif
