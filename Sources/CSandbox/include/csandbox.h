#ifndef CSANDBOX_H
#define CSANDBOX_H

/// Sets PR_SET_NO_NEW_PRIVS. Returns 0, or -errno.
int csandbox_no_new_privs(void);

/// The Landlock ABI version the kernel supports (>= 1), or -errno when it has none.
int csandbox_landlock_abi(void);

/// Restricts this process (and threads created later) so that it may create, write, truncate or
/// remove files only beneath `paths` and may execute nothing. Reading stays allowed. Returns 0,
/// or -errno; on failure nothing was enforced.
int csandbox_landlock_restrict(const char *const *paths, int count);

#endif
