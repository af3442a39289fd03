#ifndef CSANDBOX_H
#define CSANDBOX_H

/// Sets PR_SET_NO_NEW_PRIVS. Returns 0, or -errno.
int csandbox_no_new_privs(void);

/// The Landlock ABI version the kernel supports (>= 1), or -errno when it has none.
int csandbox_landlock_abi(void);

/// Restricts this thread (and threads and processes it creates later) so that it may create,
/// write, truncate or remove files only beneath `paths` and may execute nothing; reading stays
/// allowed. With Landlock ABI >= 4 and `connect_ports` not null, TCP connections go to
/// `connect_ports` only and TCP binds to `bind_ports` only (0 = an ephemeral port). Returns 0, or
/// -errno; on failure nothing was enforced.
int csandbox_landlock_restrict(const char *const *paths, int count, const int *connect_ports, int connect_count,
                               const int *bind_ports, int bind_count);

#endif
